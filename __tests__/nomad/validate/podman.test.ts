import * as fs from 'fs';
import { parseJobspec } from '../../../lib/nomad/hcl/parse';
import { validate } from '../../../lib/nomad/validate';
import { DOCKER_TO_PODMAN } from '../../../lib/nomad/validate/podman';
import { PODMAN_CONFIG_KEYS } from '../../../lib/nomad/validate/podman-keys.generated';
import { extractKeys, type PodmanExtract } from '../../../scripts/podman-driver/extract';
import { EXTRACT_PATH, OUTPUT_PATH, generate } from '../../../scripts/podman-driver/generate';
import { edit } from './fixtures';

const extract = JSON.parse(fs.readFileSync(EXTRACT_PATH, 'utf8')) as PodmanExtract;

describe('podman driver config keys (from nomad-driver-podman config.go)', () => {
  test('podman-keys.generated.ts is what the generator makes of the checked-in extract', () => {
    if (fs.readFileSync(OUTPUT_PATH, 'utf8') !== generate(extract))
      throw new Error('podman-keys.generated.ts is stale: run scripts/podman-driver/generate.ts');
  });

  test('the extract holds the keys Octant and the gateway use, image the only required one', () => {
    for (const k of ['image', 'command', 'args', 'ports', 'volumes', 'logging', 'userns'])
      expect(Object.keys(PODMAN_CONFIG_KEYS)).toContain(k);
    expect(extract.keys.filter((k) => k.required).map((k) => k.name)).toEqual(['image']);
    expect(PODMAN_CONFIG_KEYS.userns_mode).toBeUndefined();
  });

  test('the extractor reads top-level keys only, attributes with their types and blocks', () => {
    const source = `var (
	taskConfigSpec = hclspec.NewObject(map[string]*hclspec.Spec{
		"auth": hclspec.NewBlock("auth", false, hclspec.NewObject(map[string]*hclspec.Spec{
			"username": hclspec.NewAttr("username", "string", false),
		})),
		"image": hclspec.NewAttr("image", "string", true),
		"socket": hclspec.NewDefault(
			hclspec.NewAttr("socket", "string", false),
			hclspec.NewLiteral(\`"default"\`),
		),
	})
)`;
    expect(extractKeys(source)).toEqual([
      { name: 'auth', kind: 'block', type: 'object', required: false },
      { name: 'image', kind: 'attr', type: 'string', required: true },
      { name: 'socket', kind: 'attr', type: 'string', required: false },
    ]);
  });

  test('every docker -> podman spelling names a key the podman driver has', () => {
    for (const [docker, { key }] of Object.entries(DOCKER_TO_PODMAN)) {
      expect(PODMAN_CONFIG_KEYS[docker]).toBeUndefined();
      if (key !== undefined)
        expect({ docker, known: key in PODMAN_CONFIG_KEYS }).toEqual({ docker, known: true });
    }
  });

  test.each([
    ['userns_mode', '"keep-id"', /userns = "keep-id"/],
    ['work_dir', '"/app"', /working_dir/],
    ['imge_pull_timeout', '"5m"', /did you mean image_pull_timeout\?/],
  ])('%s is an error with the podman spelling as the fix', async (key, value, hint) => {
    const hcl = edit(
      `ports = ["http", "canvas"]`,
      `ports = ["http", "canvas"]\n        ${key} = ${value}`,
    );
    const diags = validate(await parseJobspec(hcl));
    expect(diags).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'podman-config-key-unknown',
        message: expect.stringContaining('driver-side check'),
        hint: expect.stringMatching(hint),
      }),
    ]);
  });
});
