// Must come before anything that loads cdktf: see the file.
import './defer-archiver';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import type { OctantServiceModule } from '../octant/module-spec';
import { OctantModuleStack } from './module-stack';
import { addPodmanStack, type PodmanStackSpec } from './podman-stack';
import { addConsulStack, type ConsulStackSpec } from './consul-stack';
import { Json, stableJson, synthStackJson, toModuleJson } from './stack-json';

/** Everything the cdktf app holds. */
export interface StacksSpec {
  /** One stack per module, named after its service (the OpenClaw gateway is `openclaw`). */
  readonly modules: readonly OctantServiceModule[];
  /** Phase 1: the gateway as a rootless Podman container. @default - no such stack */
  readonly podman?: PodmanStackSpec;
  /** Phase 2: its Consul registration. @default - no such stack */
  readonly consul?: ConsulStackSpec;
}

/** Stack names of the standalone phases (`cdktf deploy <name>`). */
export const PODMAN_STACK = 'openclaw-podman';
export const CONSUL_STACK = 'openclaw-consul';

export interface AppOptions {
  /** cdktf output directory (`cdktf.out`). */
  readonly outdir: string;
  /** Project root: the local state files live here, as with cdktf's default backend. */
  readonly projectRoot: string;
}

/** One synthesized module stack. */
export interface SynthesizedModule {
  readonly module: OctantServiceModule;
  /** Path of the stack folder relative to the outdir: `stacks/<service>`. */
  readonly stackDir: string;
  /** `cdk.tf.json` content. */
  readonly stackJson: string;
  /** The standalone module's `main.tf.json` content. */
  readonly moduleJson: string;
}

export interface SynthesizedApp {
  readonly modules: readonly SynthesizedModule[];
  /** Standalone phase stacks: outdir-relative `stacks/<name>/cdk.tf.json` -> content. */
  readonly standalone: ReadonlyMap<string, string>;
  /** `manifest.json` content, the file the cdktf CLI reads to find the stacks. */
  readonly manifest: string;
}

function stateFile(opts: AppOptions, stackId: string): string {
  // Relative so the stack file is identical on every machine; resolves to <projectRoot>.
  const stackDir = path.join(opts.outdir, 'stacks', stackId);
  return path.relative(stackDir, path.join(opts.projectRoot, `terraform.${stackId}.tfstate`));
}

/** Adds every stack of the spec to a cdktf app. */
export function defineStacks(
  app: App,
  spec: StacksSpec,
  opts: AppOptions,
): { modules: readonly OctantModuleStack[]; standalone: readonly TerraformStack[] } {
  const modules = spec.modules.map(
    (module) =>
      new OctantModuleStack(app, module.serviceName, {
        module,
        localStatePath: stateFile(opts, module.serviceName),
      }),
  );
  const standalone: TerraformStack[] = [];
  if (spec.podman) {
    standalone.push(
      addPodmanStack(app, PODMAN_STACK, {
        ...spec.podman,
        localStatePath: spec.podman.localStatePath ?? stateFile(opts, PODMAN_STACK),
      }),
    );
  }
  if (spec.consul) {
    standalone.push(
      addConsulStack(app, CONSUL_STACK, {
        ...spec.consul,
        localStatePath: spec.consul.localStatePath ?? stateFile(opts, CONSUL_STACK),
      }),
    );
  }
  return { modules, standalone };
}

/** The cdktf `app` entry: synthesizes into the outdir the way the cdktf CLI expects. */
export function runCdktfApp(spec: StacksSpec, opts: AppOptions): void {
  const app = new App({ outdir: opts.outdir });
  defineStacks(app, spec, opts);
  app.synth();
}

/**
 * Synthesizes every stack in memory, nothing written: cdk.tf.json, main.tf.json and manifest.
 * `machinePaths` are strings no module file may contain.
 */
export function synthInMemory(
  spec: StacksSpec,
  opts: AppOptions,
  machinePaths: readonly string[],
): SynthesizedApp {
  const app = new App({ outdir: opts.outdir, stackTraces: false });
  const defined = defineStacks(app, spec, opts);
  const modules = defined.modules.map((stack): SynthesizedModule => {
    const json = synthStackJson(stack);
    return {
      module: stack.module,
      stackDir: `stacks/${stack.node.id}`,
      stackJson: stableJson(json),
      moduleJson: stableJson(toModuleJson(json, machinePaths)),
    };
  });
  const standalone = new Map<string, string>();
  for (const stack of defined.standalone) {
    standalone.set(`stacks/${stack.node.id}/cdk.tf.json`, stableJson(synthStackJson(stack)));
  }
  const manifestStacks: { [key: string]: Json } = {};
  for (const stack of [...defined.modules, ...defined.standalone]) {
    const id = stack.node.id;
    manifestStacks[id] = {
      name: id,
      constructPath: stack.node.path,
      workingDirectory: `stacks/${id}`,
      synthesizedStackPath: `stacks/${id}/cdk.tf.json`,
      stackMetadataPath: `stacks/${id}/metadata.json`,
      annotations: [],
      dependencies: [],
    };
  }
  const version = app.node.tryGetContext('cdktfVersion') as string;
  return { modules, standalone, manifest: stableJson({ version, stacks: manifestStacks }) };
}
