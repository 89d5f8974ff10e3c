import { z } from 'zod';

const sha256 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { message: 'must be a SHA-256: 64 lower-case hex digits' });

/** One architecture's download of a release binary. */
const downloadSchema = z.strictObject({
  url: z
    .string()
    .regex(/^https:\/\/[^\s"'`$\\]+$/, {
      message: 'must be an https:// URL without quotes, spaces or $',
    })
    .describe('Download URL of this architecture (https).'),
  sha256: sha256.describe('SHA-256 of the download, checked at build time.'),
});

/** A skill binary from a release download (GitHub releases and the like). */
export const binarySchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, { message: 'must be a command name such as "gog"' })
      .describe('Installed as /usr/local/bin/<name>.'),
    amd64: downloadSchema.optional().describe('The linux/amd64 download. @default - none'),
    arm64: downloadSchema.optional().describe('The linux/arm64 download. @default - none'),
    extract: z
      .string()
      .regex(/^[A-Za-z0-9._/-]+$/, { message: 'must be a relative path inside the archive' })
      .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), {
        message: 'must stay inside the archive',
      })
      .optional()
      .describe(
        'Path of the binary inside a .tar.gz/.tgz or .zip download. @default - the download is the binary',
      ),
  })
  .refine((b) => b.amd64 !== undefined || b.arm64 !== undefined, {
    message: 'names no download: give amd64 and/or arm64 (url and sha256)',
  });

/** The site's `imageRecipe` options of one gateway (the generated Containerfile). */
export const imageSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe('Write the Containerfile of the gateway image beside the module. @default true'),
    aptPackages: z
      .array(
        z.string().regex(/^[a-z0-9][a-z0-9.+-]+$/, { message: 'must be a Debian package name' }),
      )
      .default([])
      .describe('Further Debian packages (skill binaries, tools). @default []'),
    plugins: z
      .array(
        z.string().regex(/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/, {
          message: 'must be an npm package name without a version (it gets the gateway version)',
        }),
      )
      .default([])
      .describe(
        "Further OpenClaw plugin packages to preinstall, besides the site's channel plugins. @default []",
      ),
    binaries: z
      .array(binarySchema)
      .default([])
      .describe(
        'Skill binaries from release downloads, one URL and SHA-256 per architecture, verified at build time. @default []',
      ),
    tailscale: z
      .strictObject({
        version: z
          .string()
          .regex(/^\d+\.\d+\.\d+$/, { message: 'must be a Tailscale release such as "1.84.3"' })
          .describe('Tailscale release of the CLI (pkgs.tailscale.com/stable).'),
        sha256: z
          .strictObject({ amd64: sha256.optional(), arm64: sha256.optional() })
          .describe(
            'SHA-256 of tailscale_<version>_<arch>.tgz per architecture (pkgs.tailscale.com lists them).',
          ),
        socket: z
          .string()
          .regex(/^\/[^\s]*$/, { message: 'must be an absolute path' })
          .default('/var/run/tailscale/tailscaled.sock')
          .describe(
            "The host's tailscaled socket, mounted at the same path. @default /var/run/tailscale/tailscaled.sock",
          ),
      })
      .optional()
      .describe(
        "The Tailscale CLI in the image and the host's tailscaled socket in the container. @default - none",
      ),
    gogKeyringPassword: z
      .strictObject({ secret: z.string().min(1).describe('A declared secret (secrets.items).') })
      .optional()
      .describe(
        "GOG_KEYRING_PASSWORD of the gateway from a secret (the gog skill's file keyring). @default - not set",
      ),
  })
  .prefault({})
  .describe('The gateway image recipe (Containerfile) generated beside the module.');

export type ImageConfig = z.infer<typeof imageSchema>;
