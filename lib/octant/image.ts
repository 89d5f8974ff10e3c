/**
 * The one rule for container image references: a name with an explicit tag or digest, and the
 * tag is not `latest` (a redeploy must not change what runs without a diff). The site schema,
 * the gateway settings and `Image.pinned` all use it.
 */
export const IMAGE_REFERENCE = /^[a-z0-9][a-z0-9._\-/:]*(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$/;

export function isPinnedImage(reference: string): boolean {
  return IMAGE_REFERENCE.test(reference) && !reference.endsWith(':latest');
}
