import { builtInFieldOf, isBuiltInField } from '../../lib/secrets/op-fields';
import { parseOpRef } from '../../lib/secrets/op-ref';

const ref = (r: string): ReturnType<typeof parseOpRef> => parseOpRef(r, 'test');

describe('1Password built-in fields', () => {
  test('a reference without a section names a built-in field in any case', () => {
    expect(builtInFieldOf(ref('op://Homelab/Item/Password'))).toBe('password');
    expect(builtInFieldOf(ref('op://Homelab/Item/USERNAME'))).toBe('username');
    expect(builtInFieldOf(ref('op://Homelab/Item/credential'))).toBe('credential');
  });

  test('a section or another label makes it a section field', () => {
    expect(builtInFieldOf(ref('op://Homelab/Item/s/password'))).toBeUndefined();
    expect(builtInFieldOf(ref('op://Homelab/Item/token'))).toBeUndefined();
    expect(builtInFieldOf(ref('op://Homelab/Item/passwords'))).toBeUndefined();
  });

  test('labels compare case-insensitively and exactly otherwise', () => {
    expect(isBuiltInField('Credential')).toBe(true);
    expect(isBuiltInField('')).toBe(false);
    expect(isBuiltInField('pass word')).toBe(false);
  });
});
