import { normalizeJobFile, parseJobspec, renderHcl } from '../../lib/nomad';
import { JobFile } from '../../lib/nomad/model';

const withEmptyLists: JobFile = {
  variables: [],
  job: {
    name: 'j',
    constraint: [],
    group: [
      {
        name: 'g',
        volume: [],
        service: [{ name: 's', check: [] }],
        task: [{ name: 't', driver: 'exec', config: { command: 'x' }, template: [] }],
      },
    ],
  },
};

describe('normalizeJobFile', () => {
  test('drops empty block lists, keeps everything else', () => {
    expect(normalizeJobFile(withEmptyLists)).toEqual({
      job: {
        name: 'j',
        group: [
          {
            name: 'g',
            service: [{ name: 's' }],
            task: [{ name: 't', driver: 'exec', config: { command: 'x' } }],
          },
        ],
      },
    });
  });

  test('what HCL reads back is the normal form, and the normal form renders the same', async () => {
    const hcl = renderHcl(withEmptyLists);
    expect(renderHcl(normalizeJobFile(withEmptyLists))).toBe(hcl);
    expect(await parseJobspec(hcl)).toEqual(normalizeJobFile(withEmptyLists));
  });

  test('empty string lists and maps are values, not blocks: they stay', () => {
    const file: JobFile = {
      job: {
        name: 'j',
        datacenters: [],
        meta: {},
        group: [{ name: 'g', task: [{ name: 't', driver: 'exec', config: { command: 'x' } }] }],
      },
    };
    expect(normalizeJobFile(file)).toEqual(file);
  });
});
