import type { CLI } from '@1password/op-js/dist/src/cli';

/**
 * op-js's low-level CLI runner: the same instance its public functions use (so the client info
 * set through `setClientInfo` applies). Needed for `op item create -` with a JSON template on
 * stdin, which the public `item.create` does not offer. op-js ships no typings for this path.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const cli: CLI = (require('@1password/op-js/dist/cli') as { cli: CLI }).cli;
