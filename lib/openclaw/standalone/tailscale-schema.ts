import { z } from 'zod';

/** Tailscale Serve in front of the standalone gateway (Phases 1 and 2). */
export const tailscaleServeSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'Serve the gateway over HTTPS on the tailnet. @default true (when the block is given)',
      ),
    httpsPort: z
      .int()
      .min(1)
      .max(65535)
      .default(443)
      .describe('HTTPS port Tailscale Serve listens on. @default 443'),
    hostname: z
      .string()
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*\.ts\.net$/, {
        message: 'must be the MagicDNS name of the host, e.g. "homelab.tail1234.ts.net"',
      })
      .optional()
      .describe(
        'MagicDNS name of the Podman host; becomes the Control UI allowed origin. @default - OpenClaw accepts same-origin *.ts.net loads',
      ),
  })
  .optional()
  .describe(
    'Tailscale Serve (HTTPS on the tailnet) for the standalone phases: the gateway is published on 127.0.0.1 and `tailscale serve` proxies to it. @default - off',
  );

export type TailscaleServeConfig = z.infer<typeof tailscaleServeSchema>;
