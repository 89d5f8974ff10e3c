import type { OpenClawVersion } from '../versions';
import type { OpenClawConfig_2026_9_6 } from './types-2026.9.6.generated';

/** openclaw.json of each supported release (generated from its schema). */
interface ConfigByVersion {
  '2026.9.6': OpenClawConfig_2026_9_6;
}

/** openclaw.json as release `V` accepts it. */
export type OpenClawConfigOf<V extends OpenClawVersion> = ConfigByVersion[V];

/** openclaw.json of the default release: every key it accepts, typed. */
export type OpenClawConfig = OpenClawConfig_2026_9_6;
