import type {
  JobFile,
  PodmanConfig,
  PodmanTask,
  Template,
  Variable,
  Volume,
  VolumeMount,
} from '../../nomad/model';
import { ref } from '../../nomad/model';
import type { SecretDecl } from '../../secrets/secret';
import { nomadVarEnvTemplate } from '../../secrets/templates';
import { UserError } from '../../util/errors';
import type { GatewaySettings } from '../gateway-settings';
import { OCTANT_BACKUP_ROOT, type BackupConfig } from './schema';
import { archivePattern, BACKUP_ENV, renderBackupScript } from './script';

/**
 * The backup job of one gateway: a periodic Nomad batch job, as Octant writes its own
 * (`periodic { crons; prohibit_overlap = true }`, archives under /mnt/services/backups/<service>/,
 * 30 days kept, secrets from nomadVar). It runs the gateway's image, mounts the same volumes and
 * runs {@link renderBackupScript}.
 */

/** Where the task sees the gateway's volumes (one folder each) and the backup folder. */
export const BACKUP_STATE_DIR = '/state';
export const BACKUP_TARGET_DIR = '/backup';

/** The backup's effective settings, decided once. */
export interface BackupSettings {
  /** Job name: `<service>-backup` (also its nomadVar path, nomad/jobs/<jobName>). */
  readonly jobName: string;
  readonly schedule: string;
  readonly retentionDays: number;
  /** Host folder of the archives (folder target). @default - none with restic */
  readonly folder?: string;
  readonly restic?: {
    readonly repository: string;
    /** env -> secret name (RESTIC_PASSWORD and any further env secrets). */
    readonly env: Readonly<Record<string, string>>;
  };
  /** The secrets the job reads (restic only). */
  readonly secrets: readonly SecretDecl[];
}

export function resolveBackupSettings(
  gateway: GatewaySettings,
  config: BackupConfig,
  declared: readonly SecretDecl[],
): BackupSettings | undefined {
  if (!config.enabled) return undefined;
  const where = `${gateway.where}.backup`;
  const base = {
    jobName: `${gateway.name}-backup`,
    schedule: config.schedule,
    retentionDays: config.retentionDays,
  };
  if (config.restic === undefined) {
    return {
      ...base,
      folder: config.folder ?? `${OCTANT_BACKUP_ROOT}/${gateway.name}`,
      secrets: [],
    };
  }
  if (config.folder !== undefined) {
    throw new UserError(
      `${where}.folder`,
      'a backup goes to a folder or to a restic repository, not both',
      `remove ${where}.folder or ${where}.restic`,
    );
  }
  const env: Record<string, string> = {
    RESTIC_PASSWORD: config.restic.passwordSecret,
    ...config.restic.envSecrets,
  };
  const byName = new Map(declared.map((s) => [s.name, s]));
  const secrets: SecretDecl[] = [];
  for (const [key, name] of Object.entries(env)) {
    const decl = byName.get(name);
    if (decl === undefined) {
      const field = key === 'RESTIC_PASSWORD' ? 'passwordSecret' : `envSecrets.${key}`;
      throw new UserError(
        `${where}.restic.${field}`,
        `secret "${name}" is not declared under secrets.items`,
        `declare secrets.items.${name} (e.g. { op: "op://Homelab/restic/password" }) or name a declared secret`,
      );
    }
    if (!secrets.includes(decl)) secrets.push(decl);
  }
  return { ...base, restic: { repository: config.restic.repository, env }, secrets };
}

/** The jobspec's HCL2 variables (fed from the module variables of the same name). */
export const BACKUP_JOB_VARS = ['region', 'datacenter', 'image'] as const;

export function backupJobFile(gateway: GatewaySettings, backup: BackupSettings): JobFile {
  if (backup.restic !== undefined && gateway.secretsBackend !== 'onepassword') {
    throw new UserError(
      `${gateway.where}.backup.restic`,
      'the restic password reaches the job through nomadVar, which the onepassword backend fills',
      'use a folder target with the vault backend, or switch secrets.backend to onepassword',
    );
  }
  const volumes: Volume[] =
    gateway.storage === 'hostVolume'
      ? gateway.volumes.map((v) => ({
          name: v.name,
          type: 'host',
          source: v.name,
          readOnly: false,
        }))
      : [];
  return {
    variables: backupVariables(gateway),
    job: {
      name: backup.jobName,
      region: ref('region'),
      datacenters: [ref('datacenter')],
      type: 'batch',
      constraint: [{ attribute: '${meta.rootless}', value: 'true' }],
      periodic: { crons: [backup.schedule], prohibitOverlap: true },
      group: [
        {
          name: 'backup',
          count: 1,
          ...(volumes.length > 0 ? { volume: volumes } : {}),
          // A failed backup is retried once; the next run comes with the schedule.
          restart: { attempts: 1, delay: '1m', interval: '30m', mode: 'fail' },
          reschedule: { attempts: 0, unlimited: false },
          task: [backupTask(gateway, backup)],
        },
      ],
    },
  };
}

function backupVariables(gateway: GatewaySettings): Variable[] {
  return [
    {
      name: 'region',
      type: 'string',
      description: 'Nomad region of the job',
      default: gateway.region,
    },
    {
      name: 'datacenter',
      type: 'string',
      description: 'Nomad datacenter the job runs in',
      default: gateway.datacenter,
    },
    {
      name: 'image',
      type: 'string',
      description: 'The gateway image: it carries bash, tar, sqlite3 and restic',
      default: gateway.image,
    },
  ];
}

/**
 * The backup task: the gateway's state (its host volumes, or its bind-mounted folders) read at
 * BACKUP_STATE_DIR, and archives written to the folder target or sent to restic.
 */
function backupTask(gateway: GatewaySettings, backup: BackupSettings): PodmanTask {
  const hostVolumes = gateway.storage === 'hostVolume';
  const volumeMount: VolumeMount[] = hostVolumes
    ? gateway.volumes.map((v) => ({
        volume: v.name,
        destination: `${BACKUP_STATE_DIR}/${v.folder}`,
        readOnly: false,
      }))
    : [];
  const binds = [
    ...(hostVolumes
      ? []
      : gateway.volumes.map((v) => `${v.hostPath}:${BACKUP_STATE_DIR}/${v.folder}`)),
    ...(backup.folder !== undefined ? [`${backup.folder}:${BACKUP_TARGET_DIR}`] : []),
  ];
  const config: PodmanConfig = {
    image: ref('image'),
    command: '/bin/bash',
    args: ['/local/backup.sh'],
    ...(binds.length > 0 ? { volumes: binds } : {}),
    force_pull: false,
    logging: { driver: 'journald', options: [{ tag: backup.jobName }] },
  };
  const env: Record<string, string> = {
    [BACKUP_ENV.service]: gateway.name,
    [BACKUP_ENV.stateDir]: BACKUP_STATE_DIR,
    [BACKUP_ENV.retentionDays]: String(backup.retentionDays),
    ...(backup.folder !== undefined
      ? { [BACKUP_ENV.backupDir]: BACKUP_TARGET_DIR }
      : { [BACKUP_ENV.resticRepository]: backup.restic?.repository ?? '' }),
  };
  const templates: Template[] = [
    {
      data: renderBackupScript(),
      destination: 'local/backup.sh',
      perms: '0755',
      changeMode: 'noop',
    },
  ];
  if (backup.restic !== undefined) {
    templates.unshift(nomadVarEnvTemplate({ job: backup.jobName, env: backup.restic.env }));
  }
  return {
    name: 'backup',
    driver: 'podman',
    // Root of the rootless user namespace: reads the gateway's files (uid 1000 inside)
    // and writes archives owned by the Nomad user on the host.
    user: 'root',
    config,
    env,
    template: templates,
    ...(volumeMount.length > 0 ? { volumeMount } : {}),
    resources: { cpu: 200, memory: 256 },
  };
}

/** Glob of the archives in the backup folder (README, restore hints). */
export function backupArchiveGlob(gateway: GatewaySettings, backup: BackupSettings): string {
  return `${backup.folder ?? BACKUP_TARGET_DIR}/${archivePattern(gateway.name)}`;
}
