import { z } from 'zod';

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
  })
  .prefault({})
  .describe('The gateway image recipe (Containerfile) generated beside the module.');

export type ImageConfig = z.infer<typeof imageSchema>;
