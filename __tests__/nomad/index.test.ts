import * as nomad from '../../lib/nomad';

// The layer's front door: what ARCHITECTURE.md promises is really exported and works together.
test('the nomad layer exports render, parse, validate and JSON', async () => {
  const file: nomad.JobFile = {
    variables: [{ name: 'dc', type: 'string', default: 'octant' }],
    job: {
      name: 'hello',
      datacenters: [nomad.ref('dc')],
      group: [
        {
          name: 'hello',
          task: [{ name: 'hello', driver: 'podman', config: { image: 'busybox:1.36' } }],
        },
      ],
    },
  };
  const hcl = nomad.renderHcl(file);
  expect(await nomad.isCanonical(hcl)).toBe(true);
  expect(await nomad.parseJobspec(hcl)).toEqual(file);
  expect(nomad.validate(file).filter((d) => d.severity === 'error')).toEqual([]);
  const api = JSON.parse(nomad.renderJson(file, { dc: 'lab' })) as {
    Job: { Datacenters: string[] };
  };
  expect(api.Job.Datacenters).toEqual(['lab']);
});
