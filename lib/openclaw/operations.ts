import type { OctantServiceModule } from '../octant/module-spec';
import type { SecretDecl } from '../secrets/secret';
import { UserError } from '../util/errors';
import {
  BACKUP_JOB_VARS,
  backupArchiveGlob,
  backupJobFile,
  resolveBackupSettings,
  type BackupSettings,
} from './backup/job';
import type { BackupConfig } from './backup/schema';
import type { ImageConfig } from './image/schema';
import type { GatewaySettings } from './gateway-settings';
import { CONTAINERFILE, imageReadmeSection, renderContainerfile } from './image/recipe';
import { nomadOnboardingTarget, onboardingReadmeSection } from './onboarding';

/**
 * What running a gateway needs beside its job: the backup job and the image recipe. Added to the
 * gateway's module in one step so the module construct stays about the gateway itself.
 */
export function withOperations(
  module: OctantServiceModule,
  settings: GatewaySettings,
  config: { readonly backup: BackupConfig; readonly imageRecipe: ImageConfig },
  declared: readonly SecretDecl[],
): OctantServiceModule {
  const backup = resolveBackupSettings(settings, config.backup, declared);
  const sections: Record<string, string> = { ...module.readme.extraSections };
  const extraFiles: Record<string, string> = { ...module.extraFiles };
  if (config.imageRecipe.enabled) {
    if (CONTAINERFILE in extraFiles) {
      throw new UserError(
        `${settings.where}.imageRecipe`,
        'the module already has a Containerfile',
        'report this',
      );
    }
    extraFiles[CONTAINERFILE] = renderContainerfile(settings, config.imageRecipe);
    sections.Image = imageReadmeSection(settings, config.imageRecipe);
  }
  if (backup !== undefined) sections.Backup = backupReadmeSection(settings, backup);
  sections['After the first deploy'] = onboardingReadmeSection(
    settings,
    nomadOnboardingTarget(settings),
  );
  return {
    ...module,
    extraFiles,
    readme: { ...module.readme, extraSections: sections },
    ...(backup !== undefined
      ? {
          extraJobs: [
            ...(module.extraJobs ?? []),
            {
              job: backupJobFile(settings, backup),
              jobVars: Object.fromEntries(BACKUP_JOB_VARS.map((v) => [v, v])),
              ...(backup.secrets.length > 0 ? { secrets: backup.secrets } : {}),
            },
          ],
        }
      : {}),
  };
}

function backupReadmeSection(settings: GatewaySettings, backup: BackupSettings): string {
  const roots = [...new Set(settings.volumes.map((v) => v.hostPath.replace(/\/[^/]+$/, '')))];
  const root = roots[0];
  const lines = [
    `\`${backup.jobName}.nomad.hcl\` is a periodic batch job (\`${backup.schedule}\`, no overlap) ` +
      `that runs the gateway image with the gateway's volumes (${settings.volumes.map((v) => `\`${v.folder}\``).join(', ')}) ` +
      "while the gateway keeps running. SQLite databases are copied with `sqlite3 .backup` (SQLite's " +
      'online backup API: one consistent snapshot, including writes still in the WAL, checked with ' +
      '`PRAGMA integrity_check`); never by copying the `.sqlite`/`-wal` files, which can tear.',
    '',
  ];
  if (backup.folder !== undefined) {
    lines.push(
      `Archives: \`${backupArchiveGlob(settings, backup)}\`, older than ${backup.retentionDays} days deleted. ` +
        'They hold credentials and sessions: keep the folder private. The task runs as root of ' +
        'the rootless Podman user namespace, so the archives belong to the user that runs Podman for Nomad; as that user, once:',
      '',
      '```bash',
      `mkdir -p ${backup.folder} && chmod 700 ${backup.folder}`,
      '```',
    );
  } else if (backup.restic !== undefined) {
    lines.push(
      `Snapshots go to the restic repository \`${backup.restic.repository}\` (host and tag ` +
        `\`${settings.name}\`, kept ${backup.retentionDays} days); the job reads ` +
        `${Object.keys(backup.restic.env)
          .map((e) => `\`${e}\``)
          .join(', ')} from \`nomad/jobs/${backup.jobName}\`.`,
    );
  }
  lines.push(
    '',
    '### Restore',
    '',
    'Stop the gateway, move its folders aside, restore, hand the files back to the container user, start it:',
    '',
    '```bash',
    `nomad job stop ${settings.name}`,
    ...(root !== undefined ? [`mv ${root} ${root}.before-restore`] : []),
  );
  const target = root ?? '<storage root>';
  if (backup.restic !== undefined) {
    lines.push(
      `restic restore latest --host ${settings.name} --target /tmp/${settings.name}-restore`,
      `openclaw-octant backup restore /tmp/${settings.name}-restore/tmp/${settings.name}-backup --to ${target}`,
    );
  } else {
    lines.push(
      `openclaw-octant backup restore ${backup.folder}/${settings.name}_backup_<stamp>.tar.gz --to ${target}`,
    );
  }
  lines.push(
    ...(root !== undefined ? [`podman unshare chown -R 1000:1000 ${root}`] : []),
    `nomad job run ${settings.name}.nomad.hcl  # or terraform apply`,
    '```',
    '',
    "The restore checks every file against the archive's `MANIFEST.sha256` and refuses to write " +
      "over a folder that is not empty. For a one-off archive before an upgrade, OpenClaw's own " +
      '`openclaw backup create --verify` inside the container does the same job.',
  );
  return lines.join('\n');
}
