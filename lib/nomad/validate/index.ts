export { validate } from './validate';
export type { ValidateOptions } from './validate';
export { allRules } from './diagnostic';
export type { Diagnostic, Rule } from './diagnostic';
export { VARIABLES_ACCESS_META } from './templates';
