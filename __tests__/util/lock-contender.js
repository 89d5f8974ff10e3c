// A process that takes the synth lock of one folder over and over, for lock.heavy.test.ts:
// `node lock-contender.js <dir> <rounds>` (0 rounds: until killed). It marks the folder while it
// holds the lock; a mark of a live process there means two holders at once (exit 2). A refused
// lock exits 1 with the message.
'use strict';
require('../ts-register.js');
const fs = require('fs');
const path = require('path');
// LOCK_NO_LINKS=1: a file system without hard links (FAT), as link(2) says there.
if (process.env.LOCK_NO_LINKS === '1') {
  fs.linkSync = () => {
    throw Object.assign(new Error('link: operation not permitted'), { code: 'EPERM' });
  };
}
const { acquireLock } = require('../../lib/util/staged-tree');

const [dir, roundsArg] = process.argv.slice(2);
const mark = path.join(dir, 'holder');
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
for (let i = 0; Number(roundsArg) === 0 || i < Number(roundsArg); i++) {
  let release;
  try {
    release = acquireLock(dir);
  } catch (e) {
    process.stderr.write(`refused: ${e.message}\n`);
    process.exit(1);
  }
  // A killed holder leaves its mark: only a live one is a second holder.
  const before = fs.existsSync(mark) ? Number(fs.readFileSync(mark, 'utf8')) : 0;
  if (before > 0 && alive(before)) {
    process.stderr.write(`two holders: ${before} and ${process.pid}\n`);
    process.exit(2);
  }
  fs.writeFileSync(mark, String(process.pid));
  for (const end = Date.now() + (i % 3); Date.now() < end;); // hold it a little
  fs.rmSync(mark, { force: true });
  release();
}
