import { z } from 'zod';
import { checkCron } from '../../nomad/cron';

/**
 * The site's `backup` options of one gateway: a periodic Nomad batch job beside the gateway's
 * own, in Octant's style. Every default is stated here once; `settings.ts` resolves them.
 */

/** Octant keeps its backups under this folder, one sub-folder per service. */
export const OCTANT_BACKUP_ROOT = '/mnt/services/backups';
/** Backups must land on the services share: Octant's restic service picks them up there. */
export const BACKUP_SHARE = '/mnt/services';
/** 03:15 every night, after Octant's own 02:00-04:30 backup jobs have started. */
export const DEFAULT_BACKUP_SCHEDULE = '15 3 * * *';
/** Octant keeps 30 days of backups. */
export const DEFAULT_RETENTION_DAYS = 30;

const cron = z.string().superRefine((v, ctx) => {
  const problem = checkCron(v);
  if (problem !== null) {
    ctx.addIssue({
      code: 'custom',
      message: `"${v}" is not a schedule Nomad accepts: ${problem}`,
      params: {
        fix: 'write a 5-field cron expression (minute hour day month weekday), e.g. "15 3 * * *", or @daily',
      },
    });
  }
});

const folder = z
  .string()
  .refine((v) => v.startsWith(`${BACKUP_SHARE}/`) && !v.split('/').includes('..'), {
    message: `must be an absolute folder under ${BACKUP_SHARE}/ (without "..")`,
    params: {
      fix: `use a folder like "${OCTANT_BACKUP_ROOT}/<service>", where Octant's backups live`,
    },
  });

const resticSchema = z
  .strictObject({
    repository: z
      .string()
      .min(1)
      .describe(
        'Restic repository URL, e.g. "s3:https://s3.example.net/backups" or "rest:http://restic.service.consul:8000/".',
      ),
    passwordSecret: z
      .string()
      .min(1)
      .describe(
        'Secret (under `secrets.items`) holding the repository password (RESTIC_PASSWORD).',
      ),
    envSecrets: z
      .record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string())
      .default({})
      .describe(
        'Further env from secrets, e.g. `{ AWS_ACCESS_KEY_ID: s3_key_id, AWS_SECRET_ACCESS_KEY: s3_secret }`. @default {}',
      ),
  })
  .describe('Send the archive to a restic repository instead of a folder.');

export const backupSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Generate the backup job. @default true'),
    schedule: cron
      .default(DEFAULT_BACKUP_SCHEDULE)
      .describe(
        `Cron schedule of the periodic job (Nomad syntax). @default "${DEFAULT_BACKUP_SCHEDULE}"`,
      ),
    retentionDays: z
      .int()
      .min(1)
      .max(3650)
      .default(DEFAULT_RETENTION_DAYS)
      .describe(
        `Days an archive is kept (older ones are deleted, or forgotten in restic). @default ${DEFAULT_RETENTION_DAYS}`,
      ),
    folder: folder
      .optional()
      .describe(`Folder the archives go to. @default "${OCTANT_BACKUP_ROOT}/<service>"`),
    restic: resticSchema.optional(),
  })
  .prefault({})
  .describe(
    "Nightly backup of the gateway's state (config, sessions, credentials, memory, workspaces) as a periodic Nomad batch job.",
  );

export type BackupConfig = z.infer<typeof backupSchema>;
