/**
 * The OpenClaw releases whose config dialect this project generates, newest first. The first is
 * the default a site gets when it pins no version.
 */
export const SUPPORTED_OPENCLAW_VERSIONS = ['2026.9.6'] as const;

export type OpenClawVersion = (typeof SUPPORTED_OPENCLAW_VERSIONS)[number];

export const DEFAULT_OPENCLAW_VERSION: OpenClawVersion = SUPPORTED_OPENCLAW_VERSIONS[0];
