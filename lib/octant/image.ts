/**
 * The one rule for container image references: Docker's reference grammar
 * (`[registry[:port]/]path[:tag][@sha256:digest]`) with an explicit tag or digest, and the tag is
 * not `latest` (a redeploy must not change what runs without a diff). The site schema, the
 * gateway settings and `Image.pinned` all use it.
 */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const PATH_STEP = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';

export const IMAGE_REFERENCE = new RegExp(
  // A registry has a dot or a port, or is localhost; otherwise the first step is a path.
  `^(?:(?:${LABEL}(?:\\.${LABEL})+|localhost)(?::[0-9]{1,5})?/|${LABEL}:[0-9]{1,5}/)?` +
    `${PATH_STEP}(?:/${PATH_STEP})*` +
    '(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$',
);

/** Whether the reference names a tag or a digest (a registry port is not a tag). */
export function hasTagOrDigest(reference: string): boolean {
  return /:[A-Za-z0-9_][A-Za-z0-9_.-]*$|@sha256:[a-f0-9]{64}$/.test(
    reference.replace(/^[^/]*:[0-9]+\//, ''),
  );
}

export function isPinnedImage(reference: string): boolean {
  return (
    IMAGE_REFERENCE.test(reference) && hasTagOrDigest(reference) && !reference.endsWith(':latest')
  );
}

/** Whether an image reference names a registry (`host[:port]/...` or `localhost/...`). */
export function registryOf(image: string): string | undefined {
  const first = image.split('/')[0];
  if (
    image.includes('/') &&
    (first.includes('.') || first.includes(':') || first === 'localhost')
  ) {
    return first;
  }
  return undefined;
}
