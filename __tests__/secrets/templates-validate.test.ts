import type { Job, Template, Vault } from '../../lib/nomad/model';
import { validate } from '../../lib/nomad/validate';
import { nomadVarEnvTemplate, vaultTemplates } from '../../lib/secrets/templates';

function job(template: Template, vault?: Vault, name = 'openclaw'): Job {
  return {
    name,
    datacenters: ['octant'],
    group: [
      {
        name: 'openclaw',
        task: [
          {
            name: 'openclaw',
            driver: 'podman',
            config: { image: 'openclaw-homelab:local' },
            template: [template],
            ...(vault ? { vault } : {}),
          },
        ],
      },
    ],
  };
}

const templateRules = (j: Job): string[] =>
  validate(j)
    .filter((d) => d.rule.startsWith('template'))
    .map((d) => d.rule);

describe('secret templates pass the jobspec validator', () => {
  test('nomadVar template of the job reads nomad/jobs/<job>', () => {
    const t = nomadVarEnvTemplate({
      job: 'openclaw',
      env: { OPENCLAW_GATEWAY_TOKEN: 'gateway_token' },
    });
    expect(templateRules(job(t))).toEqual([]);
  });

  test('the same template in another job is flagged (the rule is live)', () => {
    const t = nomadVarEnvTemplate({ job: 'openclaw', env: { A: 'a' } });
    expect(templateRules(job(t, undefined, 'other'))).toContain('template-nomadvar-path');
  });

  test('vault template with its vault block passes; without it, it is flagged', () => {
    const { template, vault } = vaultTemplates({
      env: { NOMAD_TOKEN: 'nomad_token' },
      role: 'openclaw',
    });
    expect(templateRules(job(template, vault))).toEqual([]);
    expect(validate(job(template)).map((d) => d.rule)).toContain('template-vault-missing');
  });
});
