import * as fs from 'fs';
import * as path from 'path';

/**
 * The Octant corpus (`../shared/corpus/octant-2024` beside the clone): other people's code, kept
 * out of this repository. CI has it; a bare clone does not. Tests that read it call
 * `corpusDir()` and skip when it returns null; the project's own fixtures
 * (`__tests__/fixtures/octant/`) test the same patterns everywhere.
 */
// OCTANT_CORPUS_DIR names it elsewhere (a worktree whose `../shared` is not the clone's).
export const CORPUS_DIR =
  process.env.OCTANT_CORPUS_DIR ?? path.resolve(__dirname, '../../shared/corpus/octant-2024');

const noted = new Set<string>();

/**
 * The corpus folder, or null (printing once per test file that it was skipped) when it is not
 * there. `what` names the tests for the note.
 */
export function corpusDir(what: string): string | null {
  if (fs.existsSync(CORPUS_DIR)) return CORPUS_DIR;
  if (!noted.has(what)) {
    noted.add(what);
    // A plain write: the note must show in jest's output without a stack of console frames.
    process.stderr.write(`skipped: ${what} (no Octant corpus at ${CORPUS_DIR})\n`);
  }
  return null;
}
