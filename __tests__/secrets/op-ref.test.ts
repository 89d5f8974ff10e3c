import { formatOpRef, parseOpRef } from '../../lib/secrets/op-ref';
import { UserError } from '../../lib/util/errors';

describe('parseOpRef', () => {
  test.each([
    [
      'op://Homelab/openclaw/gateway_token',
      { vault: 'Homelab', item: 'openclaw', field: 'gateway_token' },
    ],
    [
      'op://Homelab/OpenClaw Gateway/token',
      { vault: 'Homelab', item: 'OpenClaw Gateway', field: 'token' },
    ],
    ['op://dev/Stripe/publishable-key', { vault: 'dev', item: 'Stripe', field: 'publishable-key' }],
    [
      'op://Management/PagerDuty/Admin/email',
      { vault: 'Management', item: 'PagerDuty', section: 'Admin', field: 'email' },
    ],
    // Spaces are kept exactly, even doubled or trailing ones: op matches them, not us.
    [
      'op://My Vault/Bot  Token /api key',
      { vault: 'My Vault', item: 'Bot  Token ', field: 'api key' },
    ],
    ['op://v.1/item_2/f-3', { vault: 'v.1', item: 'item_2', field: 'f-3' }],
  ])('%s', (ref, expected) => {
    expect(parseOpRef(ref, 'secrets.items.x.op')).toEqual({ kind: 'onepassword', ...expected });
  });

  test.each([
    ['Homelab/openclaw/token', /must start with "op:\/\/"/],
    ['op://Homelab/openclaw', /3 parts \(vault\/item\/field\) or 4 .*found 2/],
    ['op://a/b/c/d/e', /found 5/],
    ['op:///openclaw/token', /the vault name is empty/],
    ['op://Homelab//token', /the item name is empty/],
    ['op://Homelab/openclaw/', /the field name is empty/],
    ['op://Homelab/openclaw/   ', /the field name is empty/],
    ['op://Homelab/Discord (prod)/token', /item name "Discord \(prod\)" has characters/],
    ['op://Homelab/openclaw/one-time password?attribute=otp', /query parameters/],
  ])('%s is refused', (ref, message) => {
    expect(() => parseOpRef(ref, 'secrets.items.x.op')).toThrow(message);
  });

  test('errors name the field path, the reference and an example fix', () => {
    let error: unknown;
    try {
      parseOpRef('op://Homelab/openclaw', 'secrets.items.gateway_token.op');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const e = error as UserError;
    expect(e.where).toBe('secrets.items.gateway_token.op');
    expect(e.rule).toContain('"op://Homelab/openclaw"');
    expect(e.fix).toMatch(/op:\/\/\w+\/.+\/\w+/);
  });

  test('formatOpRef round-trips', () => {
    for (const ref of [
      'op://Homelab/OpenClaw Gateway/token',
      'op://Management/PagerDuty/Admin/email',
    ]) {
      expect(formatOpRef(parseOpRef(ref, 'x'))).toBe(ref);
    }
  });
});
