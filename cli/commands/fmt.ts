import * as path from 'path';
import { parseCommandArgs } from '../args';
import { Command } from '../io';
import { UsageError } from '../../lib/util/errors';
import { readTextFile } from '../../lib/util/boundary';
import { rewriteFilesInPlace } from '../../lib/util/in-place';
import { formatHcl } from '../../lib/nomad/hcl/format';

const USAGE = `usage: openclaw-octant fmt FILE... [--check]

Rewrites HCL files in canonical form (the same as terraform fmt). Each file keeps its mode,
owner and hard links; a symlink's target is rewritten; read-only files are refused.
  --check   change nothing; list the files that would change and exit 1 if any would
`;

export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'rewrite HCL files in canonical form (--check to only report)',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs('fmt', {
      args: [...args],
      allowPositionals: true,
      options: { check: { type: 'boolean' } },
    });
    const files = parsed.positionals;
    if (files.length === 0) throw new UsageError('no FILE given', 'name one or more .hcl files');
    // Format every file first so that a syntax error in one leaves all of them untouched.
    const changed: { file: string; text: string }[] = [];
    for (const rel of files) {
      const file = path.resolve(io.cwd, rel);
      const text = readTextFile(file, rel);
      // The library's formatter: a syntax error names the file and line, as terraform fmt does.
      const out = await formatHcl(text, rel);
      if (out !== text) changed.push({ file: rel, text: out });
    }
    if (parsed.values.check) {
      for (const c of changed) io.stdout(`${c.file}\n`);
      return changed.length > 0 ? 1 : 0;
    }
    // Every file is checked before any is written; each keeps its mode, owner and links.
    rewriteFilesInPlace(
      new Map(
        changed.map((c) => [path.resolve(io.cwd, c.file), { shown: c.file, content: c.text }]),
      ),
    );
    for (const c of changed) io.stdout(`${c.file}\n`);
    return 0;
  },
};
