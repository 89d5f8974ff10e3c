import { Testing } from 'cdktf';
import { Node as ConsulNode } from '@cdktf/provider-consul/lib/node';
import { ConsulProvider } from '@cdktf/provider-consul/lib/provider';
import { Service as ConsulService } from '@cdktf/provider-consul/lib/service';
import {
  resolveGatewaySettings,
  type GatewayOptions,
} from '../../../lib/openclaw/gateway-settings';
import { CONSUL_STACK_ID, consulStackSpec } from '../../../lib/openclaw/standalone/consul';
import { consulReadmeSection } from '../../../lib/openclaw/standalone/readme';
import { addConsulStack, type ConsulStackSpec } from '../../../lib/terraform/consul-stack';
import type { SecretDecl } from '../../../lib/secrets/secret';

const token: SecretDecl = {
  name: 'gateway_token',
  source: { kind: 'onepassword', vault: 'Homelab', item: 'openclaw', field: 'gateway_token' },
};

function settings(o: GatewayOptions = {}) {
  return resolveGatewaySettings({
    bind: 'tailnet',
    tailnetAddress: '100.64.0.5',
    secrets: [token],
    ...o,
  });
}

interface ServiceJson {
  name: string;
  node: string;
  port: number;
  address: string;
  tags: string[];
  check: { http: string; interval: string; timeout: string; method: string; status: string }[];
}

function synth(spec: ConsulStackSpec) {
  const app = Testing.app();
  const text = Testing.synth(addConsulStack(app, CONSUL_STACK_ID, spec));
  const json = JSON.parse(text) as { resource: { consul_service: Record<string, ServiceJson> } };
  const services = Object.values(json.resource.consul_service);
  expect(services).toHaveLength(1);
  return { text, service: services[0] };
}

describe('Phase 2: openclaw-consul stack', () => {
  const { text, service } = synth(consulStackSpec(settings()));

  test('provider: the site Consul API and datacenter', () => {
    expect(text).toHaveProviderWithProperties(ConsulProvider, {
      address: 'http://localhost:8500',
      datacenter: 'octant',
    });
  });

  test('an external catalog node for the Podman host', () => {
    expect(text).toHaveResourceWithProperties(ConsulNode, {
      name: 'openclaw-podman',
      address: '100.64.0.5',
      meta: { 'external-node': 'true', 'external-probe': 'true' },
    });
  });

  test('the service sits on that node, on the gateway port', () => {
    expect(text).toHaveResourceWithProperties(ConsulService, { name: 'openclaw', port: 18789 });
    expect(service.node).toMatch(/^\$\{consul_node\.[a-z_]+\.name\}$/);
    expect(service.address).toBe('100.64.0.5');
  });

  test('HTTP check on the readiness endpoint of the published address', () => {
    expect(service.check).toEqual([
      expect.objectContaining({
        http: 'http://100.64.0.5:18789/readyz',
        method: 'GET',
        interval: '10s',
        timeout: '3s',
        status: 'passing',
      }),
    ]);
  });

  test("Traefik tags: Octant's router on <service>.<domain> with the certresolver", () => {
    expect(service.tags).toEqual([
      'traefik.enable=true',
      'traefik.consulcatalog.connect=false',
      'traefik.http.routers.openclaw.rule=Host(`openclaw.octant.local`)',
      'traefik.http.routers.openclaw.entrypoints=web,websecure',
      // "": Traefik's default certificate, as in today's Octant.
      'traefik.http.routers.openclaw.tls.certresolver=',
      'traefik.http.routers.openclaw.middlewares=redirect-web-to-websecure@internal',
    ]);
  });

  test('homepage tags follow when the site asks for them; traefik can be turned off', () => {
    const s = synth(
      consulStackSpec(
        settings({ traefik: false, homepage: { group: 'AI' }, domain: 'lab.example' }),
      ),
    ).service;
    expect(s.tags).toEqual([
      'homepage.group=AI',
      'homepage.name=openclaw',
      'homepage.icon=openclaw.png',
      'homepage.href=https://openclaw.lab.example',
      'homepage.description=OpenClaw AI agent gateway',
    ]);
  });

  test('a static host port other than 18789 is what Consul advertises', () => {
    const s = synth(consulStackSpec(settings({ ports: { http: 28789, static: true } }))).service;
    expect(s.port).toBe(28789);
    expect(s.check[0].http).toBe('http://100.64.0.5:28789/readyz');
  });

  test('loopback cannot be registered for a remote Traefik', () => {
    expect(() => consulStackSpec(settings({ bind: 'loopback' }))).toThrow(
      'gateway.bind: the Consul registration needs the Podman host\'s address: bind "loopback" publishes the gateway on 127.0.0.1 of the Podman host only, which Traefik on another node cannot reach',
    );
  });

  test('lan needs the host address; given, it is used', () => {
    expect(() => consulStackSpec(settings({ bind: 'lan' }))).toThrow(
      /pass the host address Traefik reaches/,
    );
    const spec = consulStackSpec(settings({ bind: 'lan' }), { hostAddress: '192.168.1.20' });
    expect(spec.service.check.http).toBe('http://192.168.1.20:18789/readyz');
  });

  test('snapshot of the synthesized stack', () => {
    expect(text).toMatchSnapshot();
  });

  test('README section names the service, the node and consul-esm', () => {
    const md = consulReadmeSection(consulStackSpec(settings()));
    expect(md).toContain(
      'external service `openclaw` on node `openclaw-podman` (100.64.0.5), port 18789',
    );
    expect(md).toContain('consul-esm');
    expect(md).toContain('cdktf deploy openclaw-consul');
  });
});
