import * as path from 'path';
import type { ISynthesisSession, IStackSynthesizer, TerraformStack } from 'cdktf';
import { readTextInside } from '../util/boundary';
import { stageFile } from '../util/staged-tree';

/**
 * Files a construct writes into the cdktf outdir beside Terraform's own: a stack's jobspec next
 * to its `cdk.tf.json`, the Octant module folder. They are produced by cdktf's own synthesis
 * (public API: the stack's `IStackSynthesizer`), so `cdktf synth`, `npm run synth` and a plain
 * `new App().synth()` in an operator's app all write them, and they land in whatever outdir the
 * app synthesizes into (the staging folder, for `OctantApp`).
 */

/** Outdir-relative path -> content; produced at synth time, after the stack's own file. */
export type OutputFiles = ReadonlyMap<string, string>;
export type OutputFilesProducer = (
  stack: TerraformStack,
  session: ISynthesisSession,
) => OutputFiles;

const PRODUCERS = Symbol.for('openclaw-octant.outputFiles');

type WithProducers = TerraformStack & { [PRODUCERS]?: OutputFilesProducer[] };

class OutputFilesSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly inner: IStackSynthesizer,
    private readonly stack: WithProducers,
  ) {}

  public synthesize(session: ISynthesisSession): void {
    this.inner.synthesize(session);
    for (const produce of this.stack[PRODUCERS] ?? []) {
      for (const [rel, content] of produce(this.stack, session)) {
        stageFile(session.outdir, rel, content);
      }
    }
  }
}

/** Registers files the stack writes into the outdir when it is synthesized. */
export function addOutputFiles(stack: TerraformStack, produce: OutputFilesProducer): void {
  const s = stack as WithProducers;
  if (s[PRODUCERS] === undefined) {
    s[PRODUCERS] = [];
    s.synthesizer = new OutputFilesSynthesizer(s.synthesizer, s);
  }
  s[PRODUCERS].push(produce);
}

/**
 * The stack's Terraform JSON as cdktf just wrote it (read back rather than resolved a second
 * time), or resolved afresh when cdktf wrote HCL.
 */
export function synthesizedJson(stack: TerraformStack, session: ISynthesisSession): unknown {
  const file = session.manifest.forStack(stack).synthesizedStackPath;
  if (file.endsWith('.json')) {
    return JSON.parse(readTextInside(session.outdir, file, file)) as unknown;
  }
  return stack.toTerraform();
}

/** Outdir-relative folder of a stack: `stacks/<id>` (cdktf's layout). */
export function stackDirOf(stack: TerraformStack): string {
  return path.join('stacks', stack.node.id);
}
