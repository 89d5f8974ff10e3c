import { defineRule } from './diagnostic';
import { JobCtx } from './context';
import { text, textList } from './values';

// The rest of Job.Validate's job-level blocks: PeriodicConfig.Validate (beyond the crons
// themselves), ParameterizedJobConfig.Validate, the ui description, and the cron warning.

// PeriodicConfig.Validate: "Only cron or crons may be used", "Must specify a spec".
const SPEC = defineRule(
  'periodic-spec-invalid',
  'error',
  'periodic#crons',
  'An enabled periodic block sets cron or crons, not both.',
);
// PeriodicConfig.Validate: time.LoadLocation.
const TIME_ZONE = defineRule(
  'periodic-time-zone-invalid',
  'error',
  'periodic#time_zone',
  'periodic time_zone is an IANA time zone name (e.g. "Europe/Paris") or "UTC".',
);
// Job.Warnings.
const CRON_DEPRECATED = defineRule(
  'periodic-cron-deprecated',
  'warning',
  'periodic#cron',
  'periodic uses crons (a list); cron is deprecated.',
);
// ParameterizedJobConfig.Validate.
const META_OVERLAP = defineRule(
  'parameterized-meta-overlap',
  'error',
  'parameterized#meta_required',
  'No key is both in meta_required and meta_optional.',
);
// Job.Validate.
const UI_DESCRIPTION = defineRule(
  'job-ui-description-length',
  'error',
  'ui#description',
  'The ui description is under 1000 characters.',
);

/** Whether Go's time.LoadLocation knows `tz` (approximated by the ICU zone list). */
function knownZone(tz: string): boolean {
  if (tz === '' || tz === 'UTC' || tz === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** PeriodicConfig.Validate, which Nomad runs only on an enabled block; and Job.Warnings' cron. */
export function checkPeriodicSpec(c: JobCtx): void {
  const p = c.job.periodic;
  if (!p) return;
  const at = `${c.at}.periodic`;
  if (p.cron !== undefined && text(p.cron) !== '')
    c.r.add(
      CRON_DEPRECATED,
      `${at}.cron`,
      'cron is deprecated and may be removed in a future release',
      `write crons = [${JSON.stringify(text(p.cron) ?? '')}] instead`,
    );
  if (p.enabled === false) return;
  const crons = Array.isArray(p.crons) ? p.crons.length : p.crons === undefined ? 0 : undefined;
  const cron = p.cron === undefined ? '' : text(p.cron);
  if (crons !== undefined && cron !== undefined && (cron === '') === (crons === 0))
    c.r.add(
      SPEC,
      at,
      cron === ''
        ? 'the periodic block has no cron spec'
        : 'the periodic block sets both cron and crons',
      'give the schedule once, as crons = ["0 3 * * *"]',
    );
  const tz = text(p.timeZone);
  if (tz !== undefined && !knownZone(tz))
    c.r.add(
      TIME_ZONE,
      `${at}.time_zone`,
      `time_zone '${tz}' is not a known time zone`,
      'use an IANA name such as "Europe/Paris" or "America/New_York", or "UTC"',
    );
}

/** ParameterizedJobConfig.Validate: the required and optional meta keys are disjoint. */
export function checkParameterizedMeta(c: JobCtx): void {
  const p = c.job.parameterized;
  const required = textList(p?.metaRequired) ?? [];
  const both = (textList(p?.metaOptional) ?? []).filter((k) => required.includes(k));
  if (both.length === 0) return;
  c.r.add(
    META_OVERLAP,
    `${c.at}.parameterized.meta_optional`,
    `meta key${both.length > 1 ? 's' : ''} ${both.map((k) => `'${k}'`).join(', ')} ${both.length > 1 ? 'are' : 'is'} both required and optional`,
    'list each key in meta_required or meta_optional, not both',
  );
}

/** Job.Validate: a ui description of at most 1000 characters (Go counts bytes). */
export function checkUi(c: JobCtx): void {
  const d = text(c.job.ui?.description);
  if (d === undefined) return;
  const bytes = Buffer.byteLength(d, 'utf8');
  if (bytes <= 1000) return;
  c.r.add(
    UI_DESCRIPTION,
    `${c.at}.ui.description`,
    `the ui description is ${bytes} bytes long`,
    'shorten it to 1000 characters or fewer; put the rest behind a ui link',
  );
}
