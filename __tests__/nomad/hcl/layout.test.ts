import { renderHcl } from '../../../lib/nomad/hcl/render';
import { MAX_INLINE_LIST } from '../../../lib/nomad/hcl/render';
import { hclwriteCanonical as isCanonical } from './judges';
import type { JobFile } from '../../../lib/nomad/model';

function jobWithTags(tags: string[]): JobFile {
  return {
    job: {
      name: 'web',
      group: [
        {
          name: 'web',
          service: [{ name: 'web', port: 'http', tags }],
          network: { port: [{ label: 'http', to: 80 }] },
          task: [{ name: 'web', driver: 'podman', config: { image: 'nginx:1.27' } }],
        },
      ],
    },
  };
}

describe('HCL layout', () => {
  test('a short list stays on one line', async () => {
    const out = renderHcl(jobWithTags(['a', 'b']));
    expect(out).toContain('tags = ["a", "b"]');
    expect(await isCanonical(out)).toBe(true);
  });

  test(`a list longer than ${MAX_INLINE_LIST} characters gets one element per line`, async () => {
    const tags = ['traefik.enable=true', 'traefik.http.routers.web.rule=Host(`web.example.net`)'];
    expect(JSON.stringify(tags).length).toBeGreaterThan(MAX_INLINE_LIST - 5);
    tags.push('traefik.consulcatalog.connect=false');
    const out = renderHcl(jobWithTags(tags));
    expect(out).toContain(
      '      tags = [\n' +
        '        "traefik.enable=true",\n' +
        '        "traefik.http.routers.web.rule=Host(`web.example.net`)",\n' +
        '        "traefik.consulcatalog.connect=false",\n' +
        '      ]\n',
    );
    expect(await isCanonical(out)).toBe(true);
  });

  test('nested blocks are separated by a blank line, attributes are not', async () => {
    const out = renderHcl(jobWithTags([]));
    expect(out).toMatch(/group "web" \{\n\n? {4}network \{/);
    expect(out).toContain('    }\n\n    service {');
    expect(out).toContain('    }\n\n    task "web" {');
    expect(out).not.toMatch(/\{\n\n/);
    expect(await isCanonical(out)).toBe(true);
  });
});
