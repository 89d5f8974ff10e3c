import type { JobFile, Task } from '../lib/nomad/model';
import { ref } from '../lib/nomad/model';

/**
 * Deterministic, realistic jobs for the benchmark: Octant-shaped service jobs with a podman task,
 * a Consul service with Traefik tags and a secrets template, varied by index.
 */
export function generateJobs(count: number): JobFile[] {
  return Array.from({ length: count }, (_, i) => generateJob(i));
}

function generateJob(i: number): JobFile {
  const name = `svc-${i}`;
  const task: Task = {
    name,
    driver: 'podman',
    config: {
      image: ref('image'),
      ports: ['http'],
      args: ['--port', String(8000 + (i % 1000))],
      force_pull: true,
      logging: { driver: 'journald', options: [{ tag: name }] },
    },
    env: { TZ: 'UTC', INDEX: String(i) },
    template: [
      {
        data: `{{ with nomadVar "nomad/jobs/${name}" }}\nTOKEN={{ .token }}\n{{ end }}\n`,
        destination: '${NOMAD_SECRETS_DIR}/env.env',
        env: true,
        perms: '0400',
      },
    ],
    volumeMount: [{ volume: 'data', destination: '/data' }],
    resources: { cpu: 100 + (i % 400), memory: 128 + (i % 512) },
  };
  return {
    variables: [
      { name: 'datacenter', type: 'string', default: 'octant' },
      { name: 'image', type: 'string', default: `docker.io/library/app:${i}` },
    ],
    job: {
      name,
      region: 'home',
      datacenters: [ref('datacenter')],
      type: 'service',
      constraint: [{ attribute: '${meta.rootless}', value: 'true' }],
      group: [
        {
          name,
          count: 1,
          network: { port: [{ label: 'http', to: 8000 + (i % 1000) }] },
          volume: [{ name: 'data', type: 'host', source: `${name}-data` }],
          service: [
            {
              name,
              provider: 'consul',
              port: 'http',
              tags: [
                'traefik.enable=true',
                `traefik.http.routers.${name}.rule=Host(\`${name}.octant.net\`)`,
              ],
              check: [{ type: 'http', path: '/health', interval: '10s', timeout: '2s' }],
            },
          ],
          task: [task],
        },
      ],
    },
  };
}
