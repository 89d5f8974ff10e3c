import * as path from 'path';
import type { Construct } from 'constructs';
import { App, LocalBackend, TerraformStack, type AppConfig } from 'cdktf';
import { renderHcl } from '../nomad/hcl/render';
import type { JobFile } from '../nomad/model';
import { validate } from '../nomad/validate';
import { UserError } from '../util/errors';
import {
  checkSeparate,
  exists,
  isContainedName,
  makeFolder,
  removeIfEmpty,
} from '../util/boundary';
import {
  acquireLocks,
  commit,
  committing,
  discardStaging,
  makeStaging,
  newToken,
  RECORD_FILE,
  recordFileFor,
  recover,
  stageFile,
  stagedFiles,
  stagingDirOf,
  type TakenOver,
} from '../util/staged-tree';
import { OctantService, jobDiagnostics, jobspecHcl, moduleJobspecs } from './octant-service';
import { DEFAULT_JOBS_DIR, DEFAULT_OUTDIR } from './defaults';

export { DEFAULT_JOBS_DIR, DEFAULT_OUTDIR };

/** cdktf's list of the stacks in its outdir. */
const MANIFEST_FILE = 'manifest.json';

/** What a synth says when its site's files replace files another site wrote into the folder. */
function takenOverWarning({ dir, record, files }: TakenOver): string {
  const names = files.length > 3 ? [...files.slice(0, 3), `${files.length - 3} more`] : files;
  const who =
    record === RECORD_FILE ? 'the embedded default site' : `another site (its record ${record})`;
  const [was, they, are, them] =
    files.length === 1 ? ['was', 'it', 'is', 'it'] : ['were', 'they', 'are', 'them'];
  return (
    `${path.basename(dir)}/: ${names.join(', ')} ${was} written by ${who}; ${they} ${are} now ` +
    `this site's (a synth of that site takes ${them} back; give each site its own --out and ` +
    `--jobs-dir to keep both)`
  );
}

/** Stack names of the standalone phases (`cdktf deploy <name>`). */
export const PODMAN_STACK = 'openclaw-podman';
export const CONSUL_STACK = 'openclaw-consul';

/**
 * The local state file of a stack, relative to its folder `<outdir>/stacks/<id>`: beside the
 * outdir (the project root, for the default `cdktf.out`). Relative, so the stack file is the
 * same on every machine.
 */
export function localStatePath(stackId: string): string {
  return path.join('..', '..', '..', `terraform.${stackId}.tfstate`);
}

export interface OctantStackProps {
  /**
   * Local state file, relative to the stack folder.
   * @default - `terraform.<id>.tfstate` beside the outdir (see `localStatePath`)
   */
  readonly localStatePath?: string;
}

/** A stack holding one Octant service, with its state kept beside the outdir. */
export class OctantStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: OctantStackProps = {}) {
    super(scope, id);
    new LocalBackend(this, { path: props.localStatePath ?? localStatePath(id) });
  }
}

export interface OctantAppProps extends Omit<AppConfig, 'outdir'> {
  /** cdktf output folder. @default - $CDKTF_OUTDIR (set by the cdktf CLI), else `cdktf.out` */
  readonly outdir?: string;
  /** Where every service's jobspec is written for review. @default 'nomad-jobs' */
  readonly jobsDir?: string;
  /**
   * Leave the folders of stacks that left the app (emptied of the files synth wrote) for the
   * cdktf CLI, which removes them itself and fails when one is already gone.
   * @default - true when run by the cdktf CLI ($CDKTF_OUTDIR is set)
   */
  readonly leaveStackFolders?: boolean;
  /** How long synth waits for another synth of the same outdir. @default 60000 */
  readonly lockWaitMs?: number;
  /**
   * Which site the outputs are of: each site keeps its own record in each output folder, so a
   * synth removes only files its site wrote, never another site's.
   * @default - the folder's one record (the embedded default site)
   */
  readonly recordKey?: string;
}

/** What the last `synth()` wrote. */
export interface OctantSynthResult {
  /** Absolute paths of every file written, sorted. */
  readonly files: readonly string[];
  /** Validator warnings, one line each. */
  readonly warnings: readonly string[];
}

let appCount = 0;

/**
 * A cdktf App whose synth is one transaction: cdktf synthesizes into a staging folder beside the
 * outdir, the jobspecs of every `OctantService` (and any added with `addJobspec`) are staged for
 * the jobs folder, and both are committed at once (`lib/util/staged-tree.ts`): a failing or
 * killed synth leaves the earlier outputs, and files synth wrote earlier but no longer writes
 * (a removed gateway, a dropped phase) are removed. `cdktf synth` (through cdktf.json) and
 * `npm run synth` both run this, so they write the same bytes.
 */
export class OctantApp extends App {
  /** The outdir the cdktf CLI and operators read (cdktf's own `outdir` is the staging folder). */
  public readonly targetOutdir: string;
  public readonly jobsDir: string;
  public readonly leaveStackFolders: boolean;
  private readonly lockWaitMs: number | undefined;
  private readonly recordKey?: string;
  /** `<pid>-<n>-<nonce>`: names this app's staging folders and ties its journal to them. */
  private readonly token: string;
  /** Output folders this app made: a failed synth removes them again (when still empty). */
  private readonly made: readonly string[];
  private readonly extraJobs = new Map<string, JobFile>();
  private result?: OctantSynthResult;

  constructor(props: OctantAppProps = {}) {
    const target = path.resolve(props.outdir ?? process.env.CDKTF_OUTDIR ?? DEFAULT_OUTDIR);
    const jobsDir = path.resolve(props.jobsDir ?? DEFAULT_JOBS_DIR);
    // Each folder's record says what synth wrote there: one folder cannot hold both sets.
    checkSeparate(target, '--out', jobsDir, '--jobs-dir');
    const token = newToken(++appCount);
    const made = [target, jobsDir].filter((d) => !exists(d));
    makeFolder(target, '--out'); // cdktf makes its outdir inside it, without parents
    // cdktf makes its outdir (our staging folder, inside the target) and its stacks/ folder at
    // once; they go again until synth: an app that never synthesizes leaves nothing behind.
    super({
      stackTraces: false,
      ...props,
      outdir: stagingDirOf(target, token),
    });
    this.token = token;
    this.made = made;
    discardStaging(token, [target]);
    for (const dir of made) removeIfEmpty(dir);
    this.targetOutdir = target;
    this.jobsDir = jobsDir;
    this.leaveStackFolders = props.leaveStackFolders ?? process.env.CDKTF_OUTDIR !== undefined;
    // Unset: the lock's own default wait (lib/util/staged-tree.ts).
    this.lockWaitMs = props.lockWaitMs;
    if (props.recordKey !== undefined) this.recordKey = props.recordKey;
  }

  /** Adds a jobspec written to `<jobsDir>/<relPath>` (validated like the services'). */
  public addJobspec(relPath: string, job: JobFile): void {
    if (!isContainedName(relPath)) {
      throw new UserError(
        relPath,
        'jobspec paths stay inside the jobs folder',
        'use a relative path',
      );
    }
    this.extraJobs.set(relPath, job);
  }

  /** What the last synth wrote. */
  public get lastSynth(): OctantSynthResult | undefined {
    return this.result;
  }

  /** Tree-wide validation, reported as one user error naming every problem. */
  private checkTree(): string[] {
    const problems = this.node.findAll().flatMap((c) => c.node.validate());
    if (problems.length > 0) {
      throw new UserError(
        'app',
        `the constructs do not validate:\n${problems.map((p) => `  ${p.replace(/\n/g, '\n  ')}`).join('\n')}`,
        'fix each problem listed',
      );
    }
    const warnings: string[] = [];
    for (const service of OctantService.allIn(this)) {
      for (const [file, job] of moduleJobspecs(service.module)) {
        for (const d of jobDiagnostics(job)) {
          warnings.push(
            `${file.replace(/\.nomad\.hcl$/, '')}: ${d.path}: ${d.message} [${d.rule}]`,
          );
        }
      }
    }
    for (const [rel, job] of this.extraJobs) {
      const errors = validate(job).filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        throw new UserError(
          rel,
          'the jobspec does not pass the validator:\n' +
            errors.map((d) => `  ${d.path}: ${d.message} [${d.rule}]`).join('\n'),
          errors.map((d) => d.hint).join('; '),
        );
      }
    }
    return warnings;
  }

  public override synth(): void {
    const roots = new Map([
      ['out', this.targetOutdir],
      ['jobs', this.jobsDir],
    ]);
    // Both folders: another site's synth may share either, and a commit edits its records.
    const release = acquireLocks([this.targetOutdir, this.jobsDir], { waitMs: this.lockWaitMs });
    let committed = false; // whether commit() started: a journal then is ours
    try {
      recover(roots);
      const warnings = this.checkTree();
      const staging = makeStaging(this.targetOutdir, this.token);
      makeFolder(path.join(staging, 'stacks')); // cdktf makes stacks/<id> without its parents
      const jobsStaging = makeStaging(this.jobsDir, this.token);
      super.synth();
      const jobs = this.renderJobs();
      for (const [rel, content] of jobs) stageFile(jobsStaging, rel, content);
      const files = [
        ...stagedFiles(staging).map((f) => path.join(this.targetOutdir, f)),
        ...[...jobs.keys()].map((f) => path.join(this.jobsDir, f)),
      ].sort();
      committed = true;
      const record = recordFileFor(this.recordKey);
      const taken = commit(this.token, [
        { role: 'out', dir: this.targetOutdir, keepStackDirs: this.leaveStackFolders, record },
        { role: 'jobs', dir: this.jobsDir, record },
      ]);
      // cdktf's manifest is every site's in a shared outdir: it changes hands without a word.
      const said = taken
        .map((t) => ({ ...t, files: t.files.filter((f) => f !== MANIFEST_FILE) }))
        .filter((t) => t.files.length > 0);
      this.result = { files, warnings: [...warnings, ...said.map(takenOverWarning)] };
    } catch (e) {
      // Before the commit point nothing of the outputs changed: the staging goes. After it,
      // the journal and the staging finish the commit on the next run.
      const undo = !committed || !committing(this.targetOutdir);
      if (undo) discardStaging(this.token, [...roots.values()]);
      release();
      if (undo) for (const dir of this.made) removeIfEmpty(dir);
      throw e;
    }
    release();
  }

  /** Every jobspec for the jobs folder: the services' (and their further jobs) and added ones. */
  private renderJobs(): Map<string, string> {
    const jobs = new Map<string, string>();
    for (const service of OctantService.allIn(this)) {
      jobs.set(`${service.serviceName}.nomad.hcl`, service.renderJobspec());
      for (const [file, job] of moduleJobspecs(service.module).slice(1))
        jobs.set(file, jobspecHcl(job));
    }
    for (const [rel, job] of this.extraJobs) jobs.set(rel, renderHcl(job));
    return jobs;
  }
}
