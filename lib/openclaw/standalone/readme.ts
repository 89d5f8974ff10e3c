import type { ConsulStackSpec } from '../../terraform/consul-stack';
import type { PodmanStackSpec } from '../../terraform/podman-stack';
import { GATEWAY_PORT, NODE_GID, NODE_UID } from '../gateway-settings';
import { CONSUL_STACK_ID } from './consul';
import { PODMAN_STACK_ID } from './podman';

/**
 * README sections for the standalone phases, generated from the same specs the stacks are
 * rendered from, so paths, ports and variable names cannot drift from what is applied.
 * synth writes each beside its stack as README.md.
 */

function fence(lines: readonly string[]): string {
  return ['```bash', ...lines, '```'].join('\n');
}

/** Preparing the host, applying the stack, reaching the gateway. */
export function podmanReadmeSection(spec: PodmanStackSpec): string {
  const c = spec.container;
  const dirs = c.mounts.map((m) => m.source);
  const http = c.ports[0];
  const uid = /^unix:\/\/\/run\/user\/(\d+)\//.exec(spec.host)?.[1];
  const local = String(http?.external ?? GATEWAY_PORT);
  const out: string[] = [
    `The \`${PODMAN_STACK_ID}\` stack runs the gateway as one rootless Podman container ` +
      `(\`${c.name}\`, image \`${spec.image.name}\`) through the Podman API socket ` +
      `\`${spec.host}\`, with restart policy \`${c.restart}\` and a \`/health\` healthcheck.`,
    '',
    '### Prepare the host',
    '',
    `As the Podman user${uid !== undefined ? ` (uid ${uid})` : ''}: enable the API socket, create ` +
      `the folders and hand them to the container's \`node\` user (uid ${NODE_UID} inside the ` +
      'user namespace).',
    '',
    fence([
      'systemctl --user enable --now podman.socket',
      'loginctl enable-linger "$USER"  # keep the socket and container running after logout',
      `mkdir -p ${dirs.join(' ')}`,
      ...dirs.map((d) => `podman unshare chown -R ${NODE_UID}:${NODE_GID} ${d}`),
    ]),
    '',
    '### Apply',
    '',
    'Secrets are sensitive Terraform variables, never files in this folder:',
    '',
    fence([
      ...c.secretEnv.map((s) => `export TF_VAR_${s.variable}=...  # ${s.env}`),
      `cdktf deploy ${PODMAN_STACK_ID}`,
      `curl -fsS http://127.0.0.1:${local}/health`,
    ]),
    '',
    '### Reach it',
    '',
  ];
  if (http !== undefined && http.ip === '127.0.0.1') {
    out.push(
      `The ports are published on 127.0.0.1 only. From your laptop, open an SSH tunnel and ` +
        `browse to http://127.0.0.1:${local}:`,
      '',
      fence([`ssh -N -L ${local}:127.0.0.1:${local} user@host`]),
    );
  } else if (http !== undefined) {
    out.push(
      `The ports are published on ${http.ip}: browse to ` +
        `http://${http.ip === '0.0.0.0' ? '<host>' : http.ip}:${local}. An SSH tunnel ` +
        `still works: \`ssh -N -L ${local}:127.0.0.1:${local} user@host\`.`,
    );
  }
  out.push('', 'Paste the gateway token into the Control UI when it asks.');
  return out.join('\n');
}

/** What the Consul registration does and what it relies on. */
export function consulReadmeSection(spec: ConsulStackSpec): string {
  const s = spec.service;
  return [
    `The \`${CONSUL_STACK_ID}\` stack registers the Podman container in Consul as the external ` +
      `service \`${s.name}\` on node \`${spec.node.name}\` (${spec.node.address}), port ${s.port}, ` +
      `with the Traefik tags, so Traefik routes to it before Nomad runs the gateway.`,
    '',
    `Consul agents do not probe catalog-registered services: the HTTP check (${s.check.http}) is ` +
      'run by consul-esm, which watches nodes with the `external-node`/`external-probe` meta. ' +
      `The check starts as \`${s.check.status ?? 'critical'}\`.`,
    '',
    fence([`cdktf deploy ${CONSUL_STACK_ID}`, `consul catalog services -node ${spec.node.name}`]),
    '',
    'Destroy this stack before deploying the Nomad job (Phase 3): the job registers the same ' +
      'service name itself.',
  ].join('\n');
}
