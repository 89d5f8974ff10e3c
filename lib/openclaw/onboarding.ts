import type { GatewaySettings } from './gateway-settings';

/**
 * The steps after the first deploy, for the module README (Nomad) and the Phase 1 stack README:
 * the first Control UI login with the gateway token, the one-time device pairing of a browser,
 * the WhatsApp QR login and chat DM pairing. The commands are those of OpenClaw 2026.9
 * (`openclaw devices`, `openclaw channels login`, `openclaw pairing`), run inside the container
 * with the image's own entry point.
 */

/** The shell command that prints a secret's value from where the site keeps it. */
export function secretReadCommand(settings: GatewaySettings, secret: string): string | undefined {
  const src = settings.secrets.find((s) => s.name === secret)?.source;
  if (src?.kind === 'onepassword') return `op read 'op://${src.vault}/${src.item}/${src.field}'`;
  // The KV v2 API path holds `data/`; the CLI's mount-relative path does not.
  if (src?.kind === 'vault') {
    return `vault kv get -field=${src.key} ${src.path.replace(/^([^/]+)\/data\//, '$1/')}`;
  }
  return undefined;
}

export interface OnboardingTarget {
  /** Prefix that runs a command in the gateway's container, e.g. `podman exec -it openclaw`. */
  readonly exec: string;
  /** Where the Control UI is reached. */
  readonly url: string;
}

/** The Nomad job's way in: `nomad alloc exec` into the gateway task. */
export function nomadOnboardingTarget(s: GatewaySettings): OnboardingTarget {
  const http = s.ports.find((p) => p.label === 'http');
  return {
    exec: `nomad alloc exec -i -t -task ${s.taskName} -job ${s.name}`,
    url: s.traefik
      ? `https://${s.name}.${s.domain}`
      : `http://<client>:${http?.hostPort ?? '<port Nomad gave http>'}`,
  };
}

/** README section: the first login, device pairing and channel logins. */
export function onboardingReadmeSection(s: GatewaySettings, target: OnboardingTarget): string {
  const cli = `${target.exec} ${s.command.slice(0, 2).join(' ')}`;
  const token = s.secretEnv[s.authTokenEnv ?? ''];
  const read = token === undefined ? undefined : secretReadCommand(s, token);
  const lines = [
    `1. **First Control UI login.** Open ${target.url} and paste the gateway token into ` +
      '**Gateway secret**' +
      (read !== undefined ? ` (\`${read}\` prints it).` : '.'),
    '2. **Device pairing.** A new browser is then held at `disconnected (1008): pairing required` ' +
      'until you approve it once; keep the page open and run:',
    '',
    '   ```bash',
    `   ${cli} devices list`,
    `   ${cli} devices approve <requestId>`,
    '   ```',
    '',
  ];
  const whatsapp = s.channels?.whatsapp;
  if (whatsapp !== undefined) {
    const accounts = Object.keys(whatsapp.accounts ?? {});
    lines.push(
      '3. **WhatsApp.** Link each account by scanning the QR code with the phone (WhatsApp → ' +
        'Linked devices); the QR expires within a minute, so run it from a terminal you can see:',
      '',
      '   ```bash',
      ...(accounts.length > 0
        ? accounts.map((a) => `   ${cli} channels login --channel whatsapp --account ${a}`)
        : [`   ${cli} channels login --channel whatsapp`]),
      '   ```',
      '',
    );
  }
  const channels = Object.keys(s.channels ?? {});
  if (channels.length > 0) {
    lines.push(
      `${whatsapp !== undefined ? 4 : 3}. **Chat DM pairing.** With \`dmPolicy: pairing\` a new sender ` +
        'gets a code; approve it (or in the Control UI: Settings → Channels → DM access requests):',
      '',
      '   ```bash',
      `   ${cli} pairing list ${channels[0]}`,
      `   ${cli} pairing approve ${channels[0]} <code>`,
      '   ```',
    );
  }
  return lines.join('\n').trimEnd();
}
