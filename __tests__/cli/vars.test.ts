import { hcl2VarArgs, parseVarArgs } from '../../cli/vars';
import { JobFile } from '../../lib/nomad/model';

describe('--var values', () => {
  const file: JobFile = {
    variables: [{ name: 'dc', type: 'string' }, { name: 'count' }],
    job: { name: 'j', group: [] },
  };

  test('only values for declared HCL2 variables set them, with their declarations', () => {
    const vars = parseVarArgs(['tag=a=b', 'count=2', 'dc=octant']);
    expect(vars).toEqual({ tag: 'a=b', count: '2', dc: 'octant' });
    expect(hcl2VarArgs(file, vars)).toEqual([
      [{ name: 'count' }, '2'],
      [{ name: 'dc', type: 'string' }, 'octant'],
    ]);
  });

  test('a file without variables takes none of them', () => {
    expect(hcl2VarArgs({ job: file.job }, { dc: 'x' })).toEqual([]);
  });

  test('a value without a name is a usage error', () => {
    expect(() => parseVarArgs(['=x'])).toThrow("--var '=x' is not name=value");
  });
});
