import { nearest } from '../hcl/suggest';
import { defineRule } from './diagnostic';
import { TaskCtx } from './context';
import { PODMAN_CONFIG_KEYS, PODMAN_DRIVER_VERSION } from './podman-keys.generated';
import { DRIVER_SIDE } from './task';

const UNKNOWN = defineRule(
  'podman-config-key-unknown',
  'error',
  'task#config',
  `podman task config keys are those of nomad-driver-podman ${PODMAN_DRIVER_VERSION}; a driver-side check (Nomad's server does not read driver config).`,
);

/**
 * Docker-driver keys people carry over to podman, and what the podman driver calls the same
 * thing (a key of PODMAN_CONFIG_KEYS; a test checks each), or where it lives instead.
 */
export const DOCKER_TO_PODMAN: Readonly<
  Record<string, { readonly key?: string; readonly fix: string }>
> = {
  userns_mode: {
    key: 'userns',
    fix: 'write userns = "keep-id" (the podman spelling of userns_mode)',
  },
  work_dir: { key: 'working_dir', fix: 'write working_dir = "/path"' },
  mac_address: { key: 'static_mac', fix: 'write static_mac = "02:..."' },
  mount: {
    key: 'volumes',
    fix: 'write volumes = ["/host/path:/container/path"] (tmpfs = [...] for tmpfs mounts)',
  },
  mounts: { key: 'volumes', fix: 'write volumes = ["/host/path:/container/path"]' },
  pid_mode: { fix: 'remove it: the podman driver has no pid_mode' },
  dns_servers: { fix: 'remove it and set the group network dns { servers = [...] }' },
  memory_hard_limit: {
    fix: 'remove it and set resources { memory_max = ... } (with memory oversubscription)',
  },
};

/** Keys of a podman task's config that the podman driver does not have. */
export function checkPodmanConfig(c: TaskCtx): void {
  if (c.task.driver !== 'podman') return;
  const config = (c.task.config as Readonly<Record<string, unknown>> | undefined) ?? {};
  const known = Object.keys(PODMAN_CONFIG_KEYS);
  for (const key of Object.keys(config)) {
    if (key in PODMAN_CONFIG_KEYS) continue;
    const docker = DOCKER_TO_PODMAN[key];
    const near = nearest(key, known);
    c.r.add(
      UNKNOWN,
      `${c.taskAt}.config.${key}`,
      `the podman driver has no config key '${key}'${docker ? ' (it is a docker-driver key)' : ''} (${DRIVER_SIDE})`,
      docker?.fix ??
        (near !== undefined
          ? `did you mean ${near}?`
          : 'remove it; see the podman driver docs for its keys'),
    );
  }
}
