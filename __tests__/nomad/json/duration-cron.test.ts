import { formatDuration, parseDuration } from '../../../lib/nomad/duration';
import { checkCron } from '../../../lib/nomad/cron';

describe('parseDuration', () => {
  test.each([
    ['1h2m3.5s', 3600e9 + 120e9 + 3.5e9],
    ['250ms', 250e6],
    ['1us', 1e3],
    ['1\u00b5s', 1e3],
    ['1\u03bcs', 1e3],
    ['7ns', 7],
    ['1.5h', 5400e9],
    ['.5s', 0.5e9],
    ['0', 0],
    ['-5s', -5e9],
    ['30s', 30e9],
  ])('%s is %d ns', (text, ns) => {
    expect(parseDuration(text)).toBe(ns);
  });

  test.each(['', '5', '1d', 's', '1.s.', '.s', '1h 2m', 'ten seconds', '1S', '--1s'])(
    '%j is not a Go duration',
    (text) => {
      expect(parseDuration(text)).toBeNull();
    },
  );
});

describe('formatDuration', () => {
  test.each([
    [0, '0s'],
    [7, '7ns'],
    [1500, '1.5\u00b5s'],
    [250e6, '250ms'],
    [30e9, '30s'],
    [90e9, '1m30s'],
    [3600e9 + 120e9 + 3.5e9, '1h2m3.5s'],
    [-5e9, '-5s'],
  ])('%d ns is %s', (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
  });

  test('formatting then parsing gives the same nanoseconds', () => {
    for (const ns of [1, 999, 1000, 123456789, 59e9, 61e9, 7322e9 + 5e6]) {
      expect(parseDuration(formatDuration(ns))).toBe(ns);
    }
  });
});

describe('checkCron', () => {
  test.each([
    '*/5 * * * *',
    '0 3 * * *',
    '0 0 1 JAN *',
    '30 2 * * MON-FRI',
    '0 0 * * mon,wed,fri',
    '0 0 L * *',
    '0 0 * * 5L',
    '0 0 * * 5#3',
    '0 0 15W * ?',
    '0 12 * * * 2030',
    '0 0 12 * * * *',
    '1-10/2 * * * *',
    '@daily',
    '@hourly',
    '@weekly',
    '@monthly',
    '@yearly',
    '@annually',
    '@midnight',
  ])('%s is accepted', (expr) => {
    expect(checkCron(expr)).toBeNull();
  });

  test.each([
    ['', /empty/],
    ['* * * *', /5, 6 or 7 fields, got 4/],
    ['61 * * * *', /minutes field '61'/],
    ['* 24 * * *', /hours field/],
    ['* * 0 * *', /day of month field/],
    ['* * * 13 *', /month field/],
    ['* * * FOO *', /month field/],
    ['* * * * 8', /day of week field/],
    ['*/0 * * * *', /step must be at least 1/],
    ['10-5 * * * *', /runs backwards/],
    ['1,,2 * * * *', /empty list element/],
    ['@every 5m', /@every/],
    ['@often', /unknown shortcut/],
  ])('%j is rejected', (expr, why) => {
    expect(checkCron(expr)).toMatch(why);
  });
});
