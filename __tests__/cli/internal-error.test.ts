import { INTERNAL_ERROR_EXIT, main } from '../../cli/main';
import { capture } from '../cli-io';

/**
 * A bug of ours (any error that is not a UserError) is one line and a fix: no stack trace and
 * not even its message, which may quote the input (a secret included), unless asked for.
 */
const CANARY = 'ghp_internalErrorCanary0123456789abcdef';
jest.mock('../../cli/commands/fmt', () => ({
  fmtCommand: {
    summary: 'stand-in that fails with a bug',
    usage: 'usage: openclaw-octant fmt',
    run: () => {
      throw new RangeError(`Invalid code point in "${CANARY}"`);
    },
  },
}));

test('an internal error exits 70 with one line and a fix, no stack, no message', async () => {
  const c = capture('/');
  expect(await main(['fmt', 'x.hcl'], c.io)).toBe(INTERNAL_ERROR_EXIT);
  expect(c.err()).toBe(
    'openclaw-octant fmt: internal error (RangeError), a bug of openclaw-octant, not of the input\n' +
      '  fix: please report it with the command; OPENCLAW_OCTANT_DEBUG=1 shows the message and stack (check them for secrets first)\n',
  );
  expect(c.out()).toBe('');
});

test('OPENCLAW_OCTANT_DEBUG=1 adds the message and the stack for a bug report', async () => {
  const c = capture('/', { OPENCLAW_OCTANT_DEBUG: '1' });
  expect(await main(['fmt', 'x.hcl'], c.io)).toBe(INTERNAL_ERROR_EXIT);
  expect(c.err()).toContain(CANARY);
  expect(c.err()).toMatch(/\n\s+at /);
});
