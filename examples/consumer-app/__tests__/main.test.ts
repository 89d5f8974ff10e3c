// Type declarations of cdktf's jest matchers (setup.js registers them at runtime).
import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';
import { Job } from '@cdktf/provider-nomad/lib/job';
import { renderJobspec } from 'openclaw-octant/testing';
import { GatewayStack, WhoamiStack } from '../main';

describe('my homelab', () => {
  test('the gateway jobspec (snapshot)', () => {
    const stack = new GatewayStack(Testing.app(), 'openclaw');
    expect(renderJobspec(stack.gateway)).toMatchSnapshot();
    expect(renderJobspec(stack.gateway)).toContain('kill_timeout = "45s"');
  });

  test('whoami is a Nomad job fed from the module variables', () => {
    const stack = new WhoamiStack(Testing.app(), 'whoami');
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(Job, {
      jobspec: '${file("${path.module}/whoami.nomad.hcl")}',
    });
    expect(JSON.parse(synth).variable.image.default).toBe('traefik/whoami:v1.10.3');
    expect(renderJobspec(stack.service)).toMatchSnapshot();
  });
});
