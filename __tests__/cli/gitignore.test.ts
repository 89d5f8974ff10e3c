import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Terraform state holds secret values: none of its forms may be committed by accident. */
const ROOT = path.resolve(__dirname, '../..');
const gitignore = fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf8');

test.each([
  'terraform.tfstate',
  'terraform.tfstate.backup',
  'terraform.openclaw.tfstate',
  'cdktf.out/stacks/openclaw/terraform.tfstate',
  'cdktf.out/stacks/openclaw/.terraform/providers/x',
  'cdktf.log',
  'nomad-jobs/.openclaw-octant-synth.journal.json',
  'nomad-jobs/.openclaw-octant-synth.staging-1-1-0123456789abcdef/x.nomad.hcl',
  'nomad-jobs/.openclaw-octant-synth.lock',
  'nomad-jobs/.openclaw-octant-synth.lock.12345.tmp',
  'nomad-jobs/.openclaw-octant-synth.lock.takeover',
])('%s is ignored', (file) => {
  const r = spawnSync('git', ['check-ignore', '--no-index', '-q', '--stdin'], {
    cwd: ROOT,
    input: `${file}\n`,
    encoding: 'utf8',
  });
  if (r.error) {
    // No git here: check the patterns themselves.
    expect(gitignore).toMatch(/^\*\.tfstate$/m);
    return;
  }
  expect(r.status).toBe(0);
});
