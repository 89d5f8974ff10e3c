/**
 * openclaw.json typed and checked from the pinned release's own schema (`openclaw config
 * schema`, extracted by scripts/openclaw-schema/). The API the rest of the project uses:
 *
 * - `OpenClawConfig`: the type of openclaw.json for the default release (every key it accepts);
 * - `validateConfig(config, options)`: the release's schema rules, each problem naming the site
 *   path it came from, the rule and a fix; `assertConfig` throws the first as a UserError;
 * - `upgradeConfig(raw, fromHint)`: an older file brought to the pinned dialect, every change
 *   reported (import calls it before mapping a hand-written openclaw.json).
 */
export type { OpenClawConfig, OpenClawConfigOf } from './types';
export { validateConfig, assertConfig, type ConfigProblem, type ValidateOptions } from './validate';
export { upgradeConfig, type ConfigChange, type UpgradeResult } from './upgrade';
