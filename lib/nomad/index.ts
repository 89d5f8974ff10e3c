/**
 * The Nomad jobspec layer: a typed model, canonical HCL and API JSON renderers, an HCL parser and
 * an offline validator. It knows nothing of Terraform; everything else in the project stands on it.
 */
export * from './model';
export { renderHcl, parseJobspec, formatHcl, isCanonical, renderTemplatefile } from './hcl';
export type { ParseOptions } from './hcl';
export { renderJson, toApiJob } from './json';
export { resolveVars } from './resolve';
export { NOMAD_VERSION, NOMAD_COMMIT } from './schema';
export { normalizeJobFile } from './normalize';
export { validate, allRules, VARIABLES_ACCESS_META } from './validate';
export type { Diagnostic, Rule, ValidateOptions } from './validate';
export { parseDuration, formatDuration } from './duration';
export { checkCron } from './cron';
