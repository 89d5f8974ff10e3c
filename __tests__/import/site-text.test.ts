import { parse } from 'yaml';
import { noteLines, siteFileText } from '../../homelab/import/site-text';
import { UserError } from '../../lib/util/errors';

describe('the site file import writes', () => {
  test('a note spanning lines stays a comment on every line (it once broke the YAML)', () => {
    const note =
      'the typed settings do not synthesize:\n  job[x].group[g]: a finding\r\nand one more';
    expect(noteLines(note)).toEqual([
      '# NOTE: the typed settings do not synthesize:',
      '#     job[x].group[g]: a finding',
      '#   and one more',
    ]);
    const site = { services: [{ name: 'svc', jobspec: 'svc.nomad.hcl' }] };
    const text = siteFileText('site.yaml', ['# header', ...noteLines(note)], site);
    expect(parse(text)).toEqual(site);
  });

  test("a site the loader would refuse is import's error, before anything is written", () => {
    const bad = {
      services: [{ name: 'svc', jobspec: 'svc.nomad.hcl', variables: [{ name: '1x' }] }],
    };
    let caught: unknown;
    try {
      siteFileText('out/site.yaml', ['# header'], bad);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).where).toBe('out/site.yaml');
    expect((caught as UserError).rule).toMatch(
      /^import would write a site file that does not load \(.*variables\[0\]\.name.*\); nothing was written$/,
    );
  });
});
