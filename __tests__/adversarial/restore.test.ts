import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../cli/main';
import type { Io } from '../../cli/io';
import { MAX_MANIFEST_BYTES, restoreBackup } from '../../lib/openclaw/backup/restore';
import { UserError } from '../../lib/util/errors';
import { makeState, runBackup } from '../openclaw/backup/fixture';

/**
 * Hostile backups against `backup restore` (issue 17): each is refused with a UserError naming
 * what is wrong, before anything moves. Nothing outside changes (a canary folder whose file holds
 * CANARY), the destination is left exactly as it was with no staging left, and no canary text
 * reaches the message. Then the good paths: an archive, a folder, escaped names, a failed move.
 */

const CANARY = 'CANARY-7c41-must-never-be-printed';

// A move that fails on demand (the rollback test); every other call is the real one.
let mockFailMove: ((to: string) => boolean) | undefined;
jest.mock('../../lib/util/boundary', () => {
  const actual =
    jest.requireActual<typeof import('../../lib/util/boundary')>('../../lib/util/boundary');
  return {
    ...actual,
    moveEntry(from: string, to: string, shown?: string): void {
      if (mockFailMove?.(to)) {
        throw actual.fsError(Object.assign(new Error('EXDEV'), { code: 'EXDEV' }), to, 'x');
      }
      actual.moveEntry(from, to, shown);
    },
  };
});

const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  console.log(
    'restore adversarial: not root, so the device-node case is skipped (mknod needs root)',
  );
}

interface Ctx {
  readonly tmp: string;
  /** The canary folder: must never change. */
  readonly outside: string;
  /** The default destination: other content and an empty `config` volume folder. */
  readonly dest: string;
  /** A good backup, unpacked: MANIFEST.sha256, BACKUP-INFO, state/. */
  readonly tree: string;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The manifest as the job writes it (sha256sum follows links, as an attacker would list them). */
function writeManifest(tree: string): void {
  const files: string[] = [];
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(tree, rel)).sort()) {
      const r = path.posix.join(rel, name);
      const st = fs.statSync(path.join(tree, r), { throwIfNoEntry: false });
      if (st?.isDirectory() && !fs.lstatSync(path.join(tree, r)).isSymbolicLink()) walk(r);
      else if (st?.isFile()) files.push(r);
    }
  };
  walk('state');
  files.push('BACKUP-INFO');
  const lines = files.sort().map((f) => `${sha256(fs.readFileSync(path.join(tree, f)))}  ${f}\n`);
  fs.writeFileSync(path.join(tree, 'MANIFEST.sha256'), lines.join(''));
}

function goodTree(tree: string): void {
  fs.mkdirSync(tree);
  makeState(tree);
  fs.writeFileSync(path.join(tree, 'BACKUP-INFO'), 'service=openclaw\n');
  writeManifest(tree);
}

const LAYOUT = ['MANIFEST.sha256', 'BACKUP-INFO', 'state'];

/** `tar -czf` of `names` (args of tar: `-C dir` may switch folders), in a new archive. */
function pack(ctx: Ctx, names: readonly string[] = LAYOUT, flags = '-czf'): string {
  const archive = path.join(ctx.tmp, `b${fs.readdirSync(ctx.tmp).length}.tar.gz`);
  const r = spawnSync('tar', [flags, archive, '-C', ctx.tree, ...names], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar: ${r.stderr}`);
  return archive;
}

/** Everything below `dir` (not following links): kind, mode, size, mtime, content or target. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = path.join(rel, name);
      const p = path.join(dir, r);
      const st = fs.lstatSync(p);
      const what = st.isSymbolicLink()
        ? `-> ${fs.readlinkSync(p)}`
        : st.isFile()
          ? sha256(fs.readFileSync(p))
          : '';
      out.push(`${r} ${st.mode.toString(8)} ${st.size} ${st.mtimeMs} ${what}`);
      if (st.isDirectory()) walk(r);
    }
  };
  walk('');
  return out;
}

/** Replaces `rel` in the tree with a symlink to `target`. */
function linkIn(ctx: Ctx, rel: string, target: string): void {
  fs.rmSync(path.join(ctx.tree, rel), { recursive: true, force: true });
  fs.symlinkSync(target, path.join(ctx.tree, rel));
}

function mkfifo(p: string): void {
  expect(spawnSync('mkfifo', [p]).status).toBe(0);
}

interface Case {
  readonly name: string;
  /** Builds the source (an archive or a folder); returns its path. */
  readonly source: (ctx: Ctx) => string;
  /** The destination, when not ctx.dest. */
  readonly to?: (ctx: Ctx) => string;
  readonly rule: RegExp;
  readonly skip?: string;
}

const CASES: readonly Case[] = [
  {
    name: 'a symlinked state folder (then files "inside" it)',
    source: (ctx) => {
      const h = path.join(ctx.tmp, 'h');
      fs.mkdirSync(h);
      fs.symlinkSync(ctx.outside, path.join(h, 'state'));
      for (const f of ['MANIFEST.sha256', 'BACKUP-INFO']) {
        fs.copyFileSync(path.join(ctx.tree, f), path.join(h, f));
      }
      return pack(ctx, ['-C', h, ...LAYOUT, '-C', ctx.tree, 'state/config']);
    },
    rule: /"state": is a symlink/,
  },
  {
    name: 'a symlinked volume folder',
    source: (ctx) => (linkIn(ctx, 'state/config', ctx.outside), pack(ctx)),
    rule: /"state\/config": is a symlink/,
  },
  {
    name: 'a symlink file entry, listed with the checksum of its target',
    source: (ctx) => {
      linkIn(ctx, 'state/config/openclaw.json', path.join(ctx.outside, 'secret.txt'));
      writeManifest(ctx.tree);
      return pack(ctx);
    },
    rule: /"state\/config\/openclaw.json": is a symlink/,
  },
  {
    name: 'a FIFO entry',
    source: (ctx) => (mkfifo(path.join(ctx.tree, 'state/config/pipe')), pack(ctx)),
    rule: /"state\/config\/pipe": is a FIFO/,
  },
  {
    name: 'a device node entry',
    source: (ctx) => {
      const p = path.join(ctx.tree, 'state/config/null');
      expect(spawnSync('mknod', [p, 'c', '1', '3']).status).toBe(0);
      return pack(ctx);
    },
    rule: /"state\/config\/null": is a device/,
    skip: isRoot ? undefined : 'mknod needs root',
  },
  {
    name: 'a hard link entry',
    source: (ctx) => {
      const t = ctx.tree;
      fs.linkSync(path.join(t, 'state/config/openclaw.json'), path.join(t, 'state/workspace/h'));
      writeManifest(t);
      return pack(ctx);
    },
    rule: /"state\/workspace\/h": is a hard link/,
  },
  {
    name: 'a "../" name',
    source: (ctx) => pack(ctx, [...LAYOUT, '../outside/secret.txt'], '-czPf'),
    rule: /"\.\.\/outside\/secret.txt": leads outside the backup/,
  },
  {
    name: 'an absolute name',
    source: (ctx) => pack(ctx, [...LAYOUT, path.join(ctx.outside, 'secret.txt')], '-czPf'),
    rule: /secret.txt": leads outside the backup/,
  },
  {
    name: 'MANIFEST.sha256 as a symlink to the canary (archive)',
    source: (ctx) => (
      linkIn(ctx, 'MANIFEST.sha256', path.join(ctx.outside, 'secret.txt')),
      pack(ctx)
    ),
    rule: /"MANIFEST.sha256": is a symlink/,
  },
  {
    name: 'MANIFEST.sha256 as a symlink to the canary (folder)',
    source: (ctx) => (
      linkIn(ctx, 'MANIFEST.sha256', path.join(ctx.outside, 'secret.txt')),
      ctx.tree
    ),
    rule: /"MANIFEST.sha256": is a symlink/,
  },
  {
    name: 'a manifest line holding the canary',
    source: (ctx) => (
      fs.appendFileSync(path.join(ctx.tree, 'MANIFEST.sha256'), `${CANARY}\n`),
      pack(ctx)
    ),
    rule: /MANIFEST.sha256: line 7 is not a "<sha256> {2}<file>" line/,
  },
  {
    name: 'a manifest line naming a missing file called the canary',
    source: (ctx) => {
      const line = `${'0'.repeat(64)}  state/${CANARY}\n`;
      fs.appendFileSync(path.join(ctx.tree, 'MANIFEST.sha256'), line);
      return pack(ctx);
    },
    rule: /MANIFEST.sha256: line 7 names a file the backup does not hold/,
  },
  {
    name: 'a manifest line given twice',
    source: (ctx) => {
      const m = path.join(ctx.tree, 'MANIFEST.sha256');
      fs.appendFileSync(m, fs.readFileSync(m, 'utf8').split('\n')[0] + '\n');
      return pack(ctx);
    },
    rule: /line 7 lists the file of line 1 again/,
  },
  {
    name: 'a manifest that is not UTF-8',
    source: (ctx) => (
      fs.appendFileSync(path.join(ctx.tree, 'MANIFEST.sha256'), Buffer.from([0xff])),
      pack(ctx)
    ),
    rule: /MANIFEST.sha256: is not valid UTF-8/,
  },
  {
    name: 'an oversize manifest (folder)',
    source: (ctx) => (
      fs.truncateSync(path.join(ctx.tree, 'MANIFEST.sha256'), MAX_MANIFEST_BYTES + 1),
      ctx.tree
    ),
    rule: /"MANIFEST.sha256": is larger than/,
  },
  {
    name: 'a file not in the manifest',
    source: (ctx) => (
      fs.writeFileSync(path.join(ctx.tree, 'state/config/new.txt'), 'x'),
      pack(ctx)
    ),
    rule: /"state\/config\/new.txt": is not listed in MANIFEST.sha256/,
  },
  {
    name: 'a changed file',
    source: (ctx) => (
      fs.appendFileSync(path.join(ctx.tree, 'state/workspace/notes/todo.md'), CANARY),
      pack(ctx)
    ),
    rule: /"state\/workspace\/notes\/todo.md": does not match its checksum/,
  },
  {
    name: 'an entry beside the layout',
    source: (ctx) => (
      fs.writeFileSync(path.join(ctx.tree, 'extra'), 'x'),
      pack(ctx, [...LAYOUT, 'extra'])
    ),
    rule: /"extra": is not part of a backup's layout/,
  },
  {
    name: 'a hidden volume folder',
    source: (ctx) => (fs.mkdirSync(path.join(ctx.tree, 'state/.restore-x')), pack(ctx)),
    rule: /"state\/.restore-x": is not a volume folder/,
  },
  {
    name: 'a file where a volume folder goes',
    source: (ctx) => (
      fs.writeFileSync(path.join(ctx.tree, 'state/loose'), ''),
      writeManifest(ctx.tree),
      pack(ctx)
    ),
    rule: /"state\/loose": is not a volume folder/,
  },
  {
    name: 'no manifest',
    source: (ctx) => pack(ctx, ['BACKUP-INFO', 'state']),
    rule: /holds no MANIFEST.sha256/,
  },
  {
    name: 'not a gzip file',
    source: (ctx) => {
      const p = path.join(ctx.tmp, 'x.tar.gz');
      fs.writeFileSync(p, `${CANARY}\n`);
      return p;
    },
    rule: /tar --list failed/,
  },
  {
    name: 'the archive is a FIFO (no hang)',
    source: (ctx) => {
      const p = path.join(ctx.tmp, 'fifo.tar.gz');
      mkfifo(p);
      return p;
    },
    rule: /fifo.tar.gz: is a device, FIFO or socket/,
  },
  {
    name: 'a folder with a symlinked state folder',
    source: (ctx) => (linkIn(ctx, 'state', ctx.outside), ctx.tree),
    rule: /"state": is a symlink/,
  },
  {
    name: 'a folder with a FIFO (no hang)',
    source: (ctx) => (mkfifo(path.join(ctx.tree, 'state/workspace/pipe')), ctx.tree),
    rule: /"state\/workspace\/pipe": is a device, FIFO or socket/,
  },
  {
    name: 'a destination volume folder that is a symlink to elsewhere',
    source: (ctx) => {
      fs.rmdirSync(path.join(ctx.dest, 'config'));
      fs.symlinkSync(ctx.outside, path.join(ctx.dest, 'config'));
      return pack(ctx);
    },
    rule: /dest\/config: is a symlink: a restore never writes through a link/,
  },
  {
    name: 'a destination volume folder that is a symlink to an empty folder',
    source: (ctx) => {
      fs.mkdirSync(path.join(ctx.outside, 'empty'));
      fs.symlinkSync(path.join(ctx.outside, 'empty'), path.join(ctx.dest, 'workspace'));
      return pack(ctx);
    },
    rule: /dest\/workspace: is a symlink/,
  },
  {
    name: 'a destination that is a symlink to elsewhere',
    source: (ctx) => pack(ctx),
    to: (ctx) => {
      const link = path.join(ctx.tmp, 'dest-link');
      fs.symlinkSync(ctx.outside, link);
      return link;
    },
    rule: /dest-link: is a symlink/,
  },
  {
    name: 'a destination volume folder that is not empty',
    source: (ctx) => (
      fs.writeFileSync(path.join(ctx.dest, 'config', 'live.json'), '{}'),
      pack(ctx)
    ),
    rule: /dest\/config: exists and is not empty/,
  },
];

describe('backup restore refuses hostile backups', () => {
  let ctx: Ctx;
  beforeEach(() => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-restore-adv-'));
    ctx = {
      tmp,
      outside: path.join(tmp, 'outside'),
      dest: path.join(tmp, 'dest'),
      tree: path.join(tmp, 'tree'),
    };
    fs.mkdirSync(path.join(ctx.outside, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(ctx.outside, 'secret.txt'), `${CANARY}\n`);
    fs.writeFileSync(path.join(ctx.outside, 'sub', 'file'), `${CANARY} 2\n`);
    fs.mkdirSync(path.join(ctx.dest, 'config'), { recursive: true });
    fs.mkdirSync(path.join(ctx.dest, 'other'));
    fs.writeFileSync(path.join(ctx.dest, 'other', 'keep.txt'), 'mine\n');
    goodTree(ctx.tree);
  });
  afterEach(() => {
    mockFailMove = undefined;
    fs.rmSync(ctx.tmp, { recursive: true, force: true });
  });

  for (const c of CASES) {
    (c.skip === undefined ? it : it.skip)(c.name, () => {
      const source = c.source(ctx);
      const to = c.to?.(ctx) ?? ctx.dest;
      const before = { outside: snapshot(ctx.outside), to: fs.existsSync(to) && snapshot(to) };
      let caught: unknown;
      try {
        restoreBackup(source, to);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(UserError);
      const message = (caught as UserError).message;
      expect(message).toMatch(c.rule);
      expect(message).not.toContain(CANARY);
      expect(message).toContain('fix: ');
      expect(snapshot(ctx.outside)).toEqual(before.outside);
      expect(fs.existsSync(to) && snapshot(to)).toEqual(before.to);
    });
  }

  it('prints the refusal through the CLI without a stack trace or the canary', async () => {
    linkIn(ctx, 'MANIFEST.sha256', path.join(ctx.outside, 'secret.txt'));
    const archive = pack(ctx);
    const err: string[] = [];
    const io: Io = { cwd: ctx.tmp, env: {}, stdout: () => undefined, stderr: (t) => err.push(t) };
    expect(await main(['backup', 'restore', archive, '--to', 'dest'], io)).toBe(1);
    expect(err.join('')).toMatch(/"MANIFEST.sha256": is a symlink/);
    expect(err.join('')).not.toContain('    at ');
    expect(err.join('')).not.toContain(CANARY);
  });
});

describe('backup restore of good backups', () => {
  let ctx: Ctx;
  beforeEach(() => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-restore-ok-'));
    ctx = { tmp, outside: '', dest: path.join(tmp, 'dest'), tree: path.join(tmp, 'tree') };
    fs.mkdirSync(path.join(ctx.dest, 'config'), { recursive: true });
    fs.mkdirSync(path.join(ctx.dest, 'other'));
    fs.writeFileSync(path.join(ctx.dest, 'other', 'keep.txt'), 'mine\n');
    goodTree(ctx.tree);
  });
  afterEach(() => {
    mockFailMove = undefined;
    fs.rmSync(ctx.tmp, { recursive: true, force: true });
  });

  /** The destination holds the backup's volume folders and what it held besides, nothing more. */
  function expectRestored(): void {
    const state = path.join(ctx.tree, 'state');
    const contents = (dir: string): string[] =>
      snapshot(dir).map((l) => l.split(' ')[0] + ' ' + l.split(' ').slice(-1)[0]);
    const dest = contents(ctx.dest).filter((l) => !l.startsWith('other'));
    expect(dest).toEqual(contents(state));
    expect(fs.readdirSync(ctx.dest).sort()).toEqual([
      'config',
      'other',
      'workspace',
      'workspace-work',
    ]);
    expect(fs.readFileSync(path.join(ctx.dest, 'other', 'keep.txt'), 'utf8')).toBe('mine\n');
  }

  it('restores an archive over an empty volume folder, beside other folders', () => {
    const result = restoreBackup(pack(ctx), ctx.dest);
    expect(result).toEqual({ folders: ['config', 'workspace', 'workspace-work'], files: 5 });
    expectRestored();
  });

  it('restores no set-id bit', () => {
    fs.chmodSync(path.join(ctx.tree, 'state/config/openclaw.json'), 0o6755);
    restoreBackup(pack(ctx), ctx.dest);
    expect(fs.statSync(path.join(ctx.dest, 'config/openclaw.json')).mode & 0o7777).toBe(0o755);
  });

  it('restores a folder (as restic restores it) and leaves the folder as it was', () => {
    const before = snapshot(ctx.tree);
    restoreBackup(ctx.tree, ctx.dest);
    expectRestored();
    expect(snapshot(ctx.tree)).toEqual(before);
    expect(fs.statSync(path.join(ctx.dest, 'config/credentials/whatsapp.json')).mode & 0o777).toBe(
      0o600,
    );
    expect(fs.statSync(path.join(ctx.dest, 'config/credentials')).mode & 0o777).toBe(0o700);
  });

  it('restores names holding a backslash or a newline (sha256sum escapes them)', () => {
    const state = makeState(path.join(ctx.tmp, 'live'));
    fs.writeFileSync(path.join(state, 'workspace', 'back\\slash'), 'a');
    fs.writeFileSync(path.join(state, 'workspace', 'new\nline'), 'b');
    const backups = path.join(ctx.tmp, 'backups');
    const env = { SERVICE: 'openclaw', STATE_DIR: state, BACKUP_DIR: backups, RETENTION_DAYS: '1' };
    expect(runBackup(env, ctx.tmp).status).toBe(0);
    const archive = path.join(backups, fs.readdirSync(backups)[0]);
    expect(spawnSync('tar', ['-xzOf', archive, 'MANIFEST.sha256']).stdout.toString()).toMatch(
      /^\\[0-9a-f]{64} {2}state\/workspace\/new\\nline$/m,
    );
    restoreBackup(archive, ctx.dest);
    expect(fs.readFileSync(path.join(ctx.dest, 'workspace', 'back\\slash'), 'utf8')).toBe('a');
    expect(fs.readFileSync(path.join(ctx.dest, 'workspace', 'new\nline'), 'utf8')).toBe('b');
  });

  it('moves everything back when a move fails midway', () => {
    const before = snapshot(ctx.dest);
    mockFailMove = (to) => to === path.join(ctx.dest, 'workspace');
    expect(() => restoreBackup(pack(ctx), ctx.dest)).toThrow(/dest\/workspace: cannot be used/);
    expect(snapshot(ctx.dest)).toEqual(before);
    // The same restore then succeeds: nothing was left behind.
    mockFailMove = undefined;
    restoreBackup(pack(ctx), ctx.dest);
    expectRestored();
  });

  it('creates a missing destination, and removes it again when the restore fails', () => {
    const fresh = path.join(ctx.tmp, 'new', 'root');
    fs.appendFileSync(path.join(ctx.tree, 'BACKUP-INFO'), 'changed\n');
    expect(() => restoreBackup(pack(ctx), fresh)).toThrow(/does not match its checksum/);
    expect(fs.existsSync(path.join(ctx.tmp, 'new'))).toBe(false);
    writeManifest(ctx.tree);
    expect(restoreBackup(pack(ctx), fresh).folders).toHaveLength(3);
  });
});
