import type { HostVolumeSpec } from './module-spec';
import { UserError } from '../util/errors';

/** File names of the host volume setup written beside the module. */
export const HOST_VOLUMES_CLIENT_FILE = 'nomad-client-host-volumes.hcl';
export const HOST_VOLUMES_PREPARE_FILE = 'prepare-host-volumes.sh';

/** An HCL string literal: JSON escapes plus `$${` / `%%{` so Nomad never interpolates a path. */
function hclString(text: string): string {
  return JSON.stringify(text).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

/** A POSIX shell single-quoted word. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function checkVolumes(volumes: readonly HostVolumeSpec[]): void {
  const seen = new Set<string>();
  volumes.forEach((v, i) => {
    const where = `hostVolumes[${i}]`;
    if (!/^[A-Za-z0-9_-]+$/.test(v.name)) {
      throw new UserError(
        `${where}.name`,
        `'${v.name}' is not a valid host volume name`,
        'use letters, digits, - and _',
      );
    }
    if (seen.has(v.name)) {
      throw new UserError(
        `${where}.name`,
        `host volume '${v.name}' is declared twice`,
        'rename one',
      );
    }
    seen.add(v.name);
    if (!v.path.startsWith('/')) {
      throw new UserError(
        `${where}.path`,
        `'${v.path}' is not an absolute path`,
        'give the directory on the Nomad client as an absolute path',
      );
    }
    for (const [k, n] of [
      ['uid', v.uid],
      ['gid', v.gid],
    ] as const) {
      if (!Number.isInteger(n) || n < 0) {
        throw new UserError(
          `${where}.${k}`,
          `${k} ${n} is not a non-negative integer`,
          'use e.g. 1000',
        );
      }
    }
  });
}

/**
 * The Nomad client configuration snippet declaring the host volumes, in canonical HCL (the form
 * `terraform fmt` / `nomad fmt` leave unchanged): drop it into the client's config directory.
 */
export function renderHostVolumeClientConfig(volumes: readonly HostVolumeSpec[]): string {
  checkVolumes(volumes);
  const blocks = volumes.map((v) =>
    [
      `  host_volume ${hclString(v.name)} {`,
      `    path      = ${hclString(v.path)}`,
      `    read_only = ${v.readOnly === true ? 'true' : 'false'}`,
      '  }',
    ].join('\n'),
  );
  return `client {\n${blocks.join('\n\n')}\n}\n`;
}

/** Shell script creating the host volume directories with the container user's ownership. */
export function renderPrepareHostVolumes(
  volumes: readonly HostVolumeSpec[],
  opts: { readonly clientConfig?: boolean } = {},
): string {
  checkVolumes(volumes);
  const clientConfig = opts.clientConfig ?? true;
  const lines = [
    '#!/bin/sh',
    ...(clientConfig
      ? [
          '# Creates the host volume directories on the Nomad client before the first deploy.',
          '# Run it on every client that may run the job, then add nomad-client-host-volumes.hcl to the',
          '# client configuration and restart the Nomad client.',
        ]
      : [
          '# Creates the bind-mounted directories on the Nomad client before the first deploy.',
          '# Run it on every client that may run the job (the podman driver bind-mounts them; no',
          '# client configuration is needed).',
        ]),
    '#',
    '# Rootless podman: the container user (uid:gid below) is mapped to a subordinate uid of the',
    '# user running podman (see /etc/subuid), so a plain `chown uid:gid` gives the files to the',
    '# wrong host user. As the podman user, run instead:',
    '#   podman unshare chown -R <uid>:<gid> <path>',
    '# which performs the chown inside the user namespace (the host owner becomes the subuid).',
    'set -eu',
    '',
    'ROOTLESS="${ROOTLESS:-1}"',
    '',
  ];
  for (const v of volumes) {
    const p = shellWord(v.path);
    const owner = `${v.uid}:${v.gid}`;
    lines.push(
      `# ${v.name}${v.readOnly === true ? ' (mounted read-only)' : ''}`,
      `mkdir -p ${p}`,
      `if [ "$ROOTLESS" = 1 ]; then podman unshare chown -R ${owner} ${p}; else chown -R ${owner} ${p}; fi`,
      `chmod 0750 ${p}`,
      '',
    );
  }
  return lines.join('\n');
}
