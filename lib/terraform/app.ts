// Must come before anything that loads cdktf: see the file.
import './defer-archiver';
import * as fs from 'fs';
import * as path from 'path';
import type { Construct } from 'constructs';
import { App, LocalBackend, TerraformStack, type AppConfig } from 'cdktf';
import { renderHcl } from '../nomad/hcl/render';
import type { JobFile } from '../nomad/model';
import { validate } from '../nomad/validate';
import { UserError } from '../util/errors';
import {
  acquireLock,
  commit,
  journalFileOf,
  listFiles,
  recover,
  stagingDirOf,
} from '../util/staged-tree';
import { OctantService, jobDiagnostics, jobspecHcl, moduleJobspecs } from './octant-service';
import { DEFAULT_JOBS_DIR, DEFAULT_OUTDIR } from './defaults';

export { DEFAULT_JOBS_DIR, DEFAULT_OUTDIR };

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
  private readonly lockWaitMs: number;
  /** `<pid>-<n>`: names this app's staging folders. */
  private readonly tag: string;
  private readonly extraJobs = new Map<string, JobFile>();
  private result?: OctantSynthResult;

  constructor(props: OctantAppProps = {}) {
    const target = path.resolve(props.outdir ?? process.env.CDKTF_OUTDIR ?? DEFAULT_OUTDIR);
    const tag = `${process.pid}-${++appCount}`;
    const staging = OctantApp.freshStaging(target, tag);
    super({ stackTraces: false, ...props, outdir: staging });
    this.tag = tag;
    this.targetOutdir = target;
    this.jobsDir = path.resolve(props.jobsDir ?? DEFAULT_JOBS_DIR);
    this.leaveStackFolders = props.leaveStackFolders ?? process.env.CDKTF_OUTDIR !== undefined;
    this.lockWaitMs = props.lockWaitMs ?? 60000;
  }

  private static freshStaging(target: string, tag: string): string {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const staging = stagingDirOf(target, tag);
    fs.rmSync(staging, { recursive: true, force: true });
    return staging;
  }

  /** Adds a jobspec written to `<jobsDir>/<relPath>` (validated like the services'). */
  public addJobspec(relPath: string, job: JobFile): void {
    if (path.isAbsolute(relPath) || relPath.split(/[\\/]/).includes('..')) {
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
    const staging = this.outdir;
    const jobsStaging = stagingDirOf(this.jobsDir, this.tag);
    const release = acquireLock(this.targetOutdir, { waitMs: this.lockWaitMs });
    try {
      recover(this.targetOutdir, [this.targetOutdir, this.jobsDir]);
      const warnings = this.checkTree();
      fs.mkdirSync(staging, { recursive: true });
      super.synth();
      const jobs = new Map<string, string>();
      for (const service of OctantService.allIn(this)) {
        jobs.set(`${service.serviceName}.nomad.hcl`, service.renderJobspec());
        for (const [file, job] of moduleJobspecs(service.module).slice(1))
          jobs.set(file, jobspecHcl(job));
      }
      for (const [rel, job] of this.extraJobs) jobs.set(rel, renderHcl(job));
      fs.rmSync(jobsStaging, { recursive: true, force: true });
      for (const [rel, content] of jobs) {
        const file = path.join(jobsStaging, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
      }
      const files = [
        ...listFiles(staging).map((f) => path.join(this.targetOutdir, f)),
        ...[...jobs.keys()].map((f) => path.join(this.jobsDir, f)),
      ].sort();
      commit(this.targetOutdir, [
        { dir: this.targetOutdir, staging, keepStackDirs: this.leaveStackFolders },
        { dir: this.jobsDir, staging: jobsStaging },
      ]);
      this.result = { files, warnings };
    } catch (e) {
      // Before the commit point nothing of the outputs changed: the staging goes. After it,
      // the journal and the staging finish the commit on the next run.
      if (!fs.existsSync(journalFileOf(this.targetOutdir))) {
        fs.rmSync(staging, { recursive: true, force: true });
        fs.rmSync(jobsStaging, { recursive: true, force: true });
      }
      throw e;
    } finally {
      release();
    }
  }
}
