import { interp, ref } from '../../lib/nomad/model';
import type { JobFile } from '../../lib/nomad/model';
import type { OctantServiceModule } from '../../lib/octant/module-spec';
import { traefikTags } from '../../lib/octant/traefik';

/** A small podman service module built from the model, independent of lib/openclaw. */
export function fixtureJob(name = 'demo'): JobFile {
  return {
    variables: [
      { name: 'region', type: 'string', default: 'home' },
      { name: 'datacenter', type: 'string', default: 'octant' },
      { name: 'image', type: 'string', default: 'docker.io/library/demo:1.0' },
      { name: 'domain', type: 'string', default: 'octant.net' },
      { name: 'certresolver', type: 'string', default: 'cloudflare' },
      { name: 'servicename', type: 'string', default: name },
      { name: 'dns', type: 'list(string)', default: ['192.168.1.1'] },
      { name: 'replicas', type: 'number', default: 1 },
    ],
    job: {
      name,
      region: ref('region'),
      datacenters: [ref('datacenter')],
      type: 'service',
      constraint: [{ attribute: '${meta.rootless}', value: 'true' }],
      group: [
        {
          name,
          count: ref('replicas'),
          network: {
            port: [{ label: 'http', to: 8080 }],
            dns: { servers: ref('dns') },
          },
          volume: [{ name: 'data', type: 'host', source: 'demo-data', readOnly: false }],
          service: [
            {
              name: ref('servicename'),
              provider: 'consul',
              port: 'http',
              tags: traefikTags({
                router: ref('servicename'),
                host: interp`${ref('servicename')}.${ref('domain')}`,
                certresolver: ref('certresolver'),
              }),
              check: [{ type: 'http', path: '/health', interval: '30s', timeout: '5s' }],
            },
          ],
          task: [
            {
              name,
              driver: 'podman',
              config: { image: ref('image'), ports: ['http'], force_pull: true },
              volumeMount: [{ volume: 'data', destination: '/data' }],
              template: [
                {
                  destination: '${NOMAD_SECRETS_DIR}/demo.env',
                  env: true,
                  perms: '0400',
                  data: `{{ with nomadVar "nomad/jobs/${name}" }}API_TOKEN={{ .api_token }}{{ end }}`,
                },
              ],
              resources: { cpu: 200, memory: 256 },
            },
          ],
        },
      ],
    },
  };
}

export function fixtureModule(overrides: Partial<OctantServiceModule> = {}): OctantServiceModule {
  return {
    serviceName: 'demo',
    job: fixtureJob(),
    jobVars: {
      region: 'region',
      datacenter: 'datacenter',
      image: 'image',
      domain: 'domain',
      certresolver: 'certresolver',
      servicename: 'servicename',
      dns: 'dns',
      replicas: 'replicas',
    },
    variables: [
      { name: 'replicas', type: 'number', default: 1, description: 'How many instances run' },
    ],
    standardDefaults: { image: 'docker.io/library/demo:1.0' },
    secrets: [
      {
        name: 'api_token',
        source: { kind: 'onepassword', vault: 'Octant', item: 'Demo API', field: 'token' },
        description: 'API token of the demo',
      },
      {
        name: 'db_password',
        source: { kind: 'onepassword', vault: 'Octant', item: 'Demo DB', field: 'password' },
      },
      {
        name: 'db_username',
        source: { kind: 'onepassword', vault: 'Octant', item: 'Demo DB', field: 'username' },
      },
    ],
    secretsBackend: 'onepassword',
    hostVolumes: [{ name: 'demo-data', path: '/opt/demo/data', uid: 1000, gid: 1000 }],
    readme: {
      description: 'Demo is a tiny web service used in tests.',
      useCases: ['Prove the module generator works'],
      ports: [{ label: 'http', port: 8080, description: 'Web UI' }],
    },
    ...overrides,
  };
}
