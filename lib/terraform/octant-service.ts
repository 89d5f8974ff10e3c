import * as os from 'os';
import * as path from 'path';
import { Construct, type IConstruct } from 'constructs';
import {
  Fn,
  ISynthesisSession,
  ITerraformDependable,
  Lazy,
  TerraformElement,
  TerraformOutput,
  TerraformStack,
  TerraformVariable,
} from 'cdktf';
// Deep imports: the package index loads every Nomad/Consul resource class (slow synth).
import { NomadProvider } from '@cdktf/provider-nomad/lib/provider';
import { Variable as NomadVariable } from '@cdktf/provider-nomad/lib/variable';
import { Job as NomadJob } from '@cdktf/provider-nomad/lib/job';
import { DynamicHostVolume } from '@cdktf/provider-nomad/lib/dynamic-host-volume';
import { ConsulProvider } from '@cdktf/provider-consul/lib/provider';
import { renderHcl } from '../nomad/hcl/render';
import type { JobFile, Value } from '../nomad/model';
import { validate, type Diagnostic } from '../nomad/validate';
import {
  HOST_VOLUMES_CLIENT_FILE,
  HOST_VOLUMES_PREPARE_FILE,
  renderHostVolumeClientConfig,
  renderPrepareHostVolumes,
} from '../octant/host-volumes';
import { applyJobOverrides, type JobOverride } from '../octant/job-override';
import {
  generatedFileNames,
  type ModuleVariable,
  type OctantServiceModule,
  type StateSecrets,
} from '../octant/module-spec';
import {
  isEphemeral,
  OP_ENV_FILE,
  renderOpEnv,
  secretInputOf,
  SECRETS_VERSION_VARIABLE,
  stateSecretsOf,
} from '../octant/state-secrets';
import { renderModuleReadme } from '../octant/readme';
import { serviceModule, type OctantServiceOptions } from '../octant/service';
import { moduleVariables } from '../octant/variables';
import type { OnePasswordSource, SecretDecl } from '../secrets/secret';
import { secretEnvOf } from '../secrets/templates';
import { builtInFieldOf } from '../secrets/op-fields';
import {
  checkFileName,
  MODULE_PATH_FIX,
  modulePathClashes,
  modulePathProblem,
} from '../util/boundary';
import { UserError } from '../util/errors';
import {
  DataOnepasswordItem,
  DataOnepasswordVault,
  EphemeralOnepasswordItem,
  OnepasswordProvider,
} from './onepassword';
import { WriteOnlyNomadVariable } from './nomad-variable';
import {
  CONSUL_PROVIDER,
  LEGACY_PROVIDERS,
  NOMAD_PROVIDER,
  ONEPASSWORD_PROVIDER,
  TERRAFORM_VERSION,
} from './versions';
import { jobspecFileName, terraformName } from './names';
import { addOutputFiles, stackDirOf, synthesizedJson } from './stack-files';
import { stableJson, toModuleJson, type Json } from './stack-json';

/** Where the Octant-layout module folders go inside the cdktf outdir. */
export const OCTANT_MODULES_DIR = path.join('octant', 'terraform');

/** Props shared by both ways of making a service. */
export interface OctantServiceCommonProps {
  /**
   * Jobspec fields the typed props do not cover (see `JobOverride`); more can be added with
   * `addJobOverride`. The patched job must pass the Nomad layer's validator.
   * @default - none
   */
  readonly overrides?: readonly JobOverride[];
  /**
   * Whether secrets may reach Terraform state: `legacy` renders the data sources and `items`
   * Terraform < 1.11 needs (see {@link StateSecrets}).
   * @default - the module's `stateSecrets`, else 'ephemeral'
   */
  readonly stateSecrets?: StateSecrets;
}

/** A generic Octant service described by typed options. */
export interface OctantServiceProps extends OctantServiceOptions, OctantServiceCommonProps {}

/** A service whose module was built elsewhere (the gateway, site-described services, imports). */
export interface OctantServiceModuleProps extends OctantServiceCommonProps {
  readonly module: OctantServiceModule;
}

/** Named errors of the construct: what, why, and the fix. */
export const OctantServiceErrors = {
  notInStack(id: string) {
    return new UserError(
      `OctantService '${id}'`,
      'an Octant service must be created inside a TerraformStack',
      'create it in a stack: new OctantService(myStack, id, props)',
    );
  },
  twoInOneStack(stack: string, names: readonly string[]) {
    return new UserError(
      `stack '${stack}'`,
      `holds ${names.length} Octant services (${names.join(', ')}); the stack's Terraform is the service's module, so it holds exactly one`,
      'give each service its own stack',
    );
  },
  duplicateName(name: string, paths: readonly string[]) {
    return new UserError(
      `service '${name}'`,
      `${paths.length} services share the name (${paths.join(', ')}): one Nomad job, one Consul service and one host name each`,
      'give each service its own name',
    );
  },
  duplicateJob(file: string, services: readonly string[]) {
    return new UserError(
      file,
      `two jobs of the site have the same name (jobs of ${services.join(' and ')}; a service named like another's backup job?)`,
      'rename the service so that no job name is another name plus "-backup"',
    );
  },
  staticPortClash(port: number, paths: readonly string[]) {
    return new UserError(
      `static port ${port}`,
      `is used by ${paths.join(' and ')}; two jobs cannot bind one host port on a client`,
      'give one of them another port, or let Nomad pick (no static port)',
    );
  },
  invalidJob(name: string, problems: readonly string[], hints: readonly string[]) {
    return new UserError(
      `${name}.nomad.hcl`,
      'the generated jobspec does not pass the validator:\n' +
        problems.map((p) => `  ${p}`).join('\n'),
      hints.join('; ') || 'fix the props or overrides the message names',
    );
  },
  undeclaredSecret(name: string, env: string, key: string) {
    return new UserError(
      `${name}: secret env ${env}`,
      `reads key '${key}' from the secret store, but no secret of that name is declared`,
      `declare secret '${key}' or remove ${env}`,
    );
  },
  generatedExtraFile(name: string, file: string, clash: string) {
    return new UserError(
      `modules.${name}.extraFiles.${file}`,
      `${clash} (it would be replaced without a word)`,
      'give the extra file another name (or path)',
    );
  },
  badExtraFile(name: string, file: string, problem: string) {
    return new UserError(
      `modules.${name}.extraFiles.${file}`,
      `extra file paths are paths inside the module folder: ${problem}`,
      MODULE_PATH_FIX,
    );
  },
};

const IS_SERVICE = Symbol.for('openclaw-octant.OctantService');

/** The services of each construct tree, so tree-wide checks need no walk of the whole tree. */
const REGISTRY = new WeakMap<IConstruct, OctantService[]>();

// A job file is immutable once built: its HCL and its diagnostics are computed once, however
// many files and checks need them (synth validates the tree before and during cdktf's synth).
const hclCache = new WeakMap<JobFile, string>();
const diagnosticsCache = new WeakMap<JobFile, Diagnostic[]>();
/** Job files of modules whose cluster oversubscribes memory (the validator's option). */
const oversubscribed = new WeakSet<JobFile>();

/** Every jobspec file of a module, file name -> job: the service's own, then its extra jobs. */
export function moduleJobspecs(module: OctantServiceModule): [string, JobFile][] {
  const files = moduleJobFiles(module);
  if (module.memoryOversubscription === true) for (const [, job] of files) oversubscribed.add(job);
  return files;
}

function moduleJobFiles(module: OctantServiceModule): [string, JobFile][] {
  return [
    [jobspecFileName(module), module.job],
    ...(module.extraJobs ?? []).map((e): [string, JobFile] => [
      `${e.job.job.name}.nomad.hcl`,
      e.job,
    ]),
  ];
}

/** The canonical HCL of a job file (memoized). */
export function jobspecHcl(job: JobFile): string {
  let text = hclCache.get(job);
  if (text === undefined) {
    text = renderHcl(job);
    hclCache.set(job, text);
  }
  return text;
}

/** The Nomad layer's findings on a job file (memoized). */
export function jobDiagnostics(job: JobFile): readonly Diagnostic[] {
  let diags = diagnosticsCache.get(job);
  if (diags === undefined) {
    diags = validate(job, { memoryOversubscription: oversubscribed.has(job) });
    diagnosticsCache.set(job, diags);
  }
  return diags;
}

/**
 * One Octant service as a construct: the Terraform of its module (Octant's standard variables,
 * providers, 1Password reads, the `nomad_variable` with its secrets, the `nomad_job`, outputs)
 * in the enclosing stack, plus its files: the jobspec beside the stack's `cdk.tf.json` and the
 * Octant module folder `octant/terraform/<name>/` (main.tf.json, jobspec, README, host volume
 * setup) in the outdir. Works in any cdktf App; `OctantApp` also writes `nomad-jobs/`.
 *
 * Either describe a service with typed props (`new OctantService(stack, 'whoami', { image,
 * port })`) or wrap a module built elsewhere (`OctantService.fromModule`).
 */
export class OctantService extends Construct {
  public static isOctantService(x: unknown): x is OctantService {
    return typeof x === 'object' && x !== null && IS_SERVICE in x;
  }

  /** Every Octant service under `scope`, in creation order. */
  public static allIn(scope: IConstruct): OctantService[] {
    const all = REGISTRY.get(scope.node.root) ?? [];
    if (scope.node.scope === undefined) return [...all];
    const prefix = scope.node.path + '/';
    return all.filter((s) => s.node.path.startsWith(prefix));
  }

  /** Wraps a plain-data module (the contract other layers build). */
  public static fromModule(
    scope: Construct,
    id: string,
    module: OctantServiceModule,
    props: OctantServiceCommonProps = {},
  ): OctantService {
    return new OctantService(scope, id, { ...props, module });
  }

  /** Job, folder and Consul service name. */
  public readonly serviceName: string;
  /** The module as built, before overrides. */
  public readonly baseModule: OctantServiceModule;
  public readonly variables: ReadonlyMap<string, TerraformVariable>;
  public readonly job: NomadJob;
  /**
   * The `nomad_variable` of the job's own secrets (write-only items unless `stateSecrets` is
   * legacy). @default - undefined with the vault backend or when the service has no secrets
   */
  public readonly secrets?: NomadVariable | WriteOnlyNomadVariable;
  private readonly overrides: JobOverride[];
  private cachedModule?: OctantServiceModule;

  constructor(scope: Construct, id: string, props: OctantServiceProps | OctantServiceModuleProps) {
    super(scope, id);
    Object.defineProperty(this, IS_SERVICE, { value: true });
    REGISTRY.set(this.node.root, [...(REGISTRY.get(this.node.root) ?? []), this]);
    let stack: TerraformStack;
    try {
      stack = TerraformStack.of(this);
    } catch {
      throw OctantServiceErrors.notInStack(id);
    }
    const built = 'module' in props ? props.module : serviceModule(id, props);
    const stateSecrets = props.stateSecrets ?? built.stateSecrets;
    const module = stateSecrets === undefined ? built : { ...built, stateSecrets };
    this.baseModule = module;
    this.serviceName = module.serviceName;
    this.overrides = [...(props.overrides ?? [])];

    const vars = new Map<string, TerraformVariable>();
    for (const v of moduleVariables(module)) vars.set(v.name, declareVariable(this, v));
    this.variables = vars;
    const varRef = (name: string): TerraformVariable => {
      const v = vars.get(name);
      if (!v) throw new Error(`internal: variable '${name}' not declared`);
      return v;
    };

    this.addClusterProviders(stack, module);
    const writer = new SecretWriter(this, module, varRef);
    const { secrets, dependsOn } = this.addSecrets(stack, module, writer);
    if (secrets !== undefined) this.secrets = secrets;
    const volumes = this.addDynamicVolumes(module);
    dependsOn.push(...volumes);

    this.job = flat(
      new NomadJob(this, terraformName(module.serviceName), {
        // A raw expression: Fn.file() would escape the `${path.module}` inside its argument.
        jobspec: `\${file("\${path.module}/${jobspecFileName(module)}")}`,
        hcl2: { vars: hcl2Vars(module, varRef) },
        dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
      }),
    );
    this.addExtraJobs(module, writer, volumes, varRef);
    this.addOutputs();

    this.node.addValidation({ validate: () => this.validateTree(stack) });
    addOutputFiles(stack, (s, session) => this.outputFiles(s, session));
  }

  /** The Nomad and Consul providers, pinned as the module's state-secrets mode needs. */
  private addClusterProviders(stack: TerraformStack, module: OctantServiceModule): void {
    new NomadProvider(this, 'provider_nomad', { address: `http://\${var.nomad}:4646` });
    new ConsulProvider(this, 'provider_consul', { address: `http://\${var.consul}:8500` });
    const legacy = stateSecretsOf(module) === 'legacy';
    const nomadPin = legacy ? LEGACY_PROVIDERS.nomad : NOMAD_PROVIDER;
    pinProvider(stack, 'nomad', nomadPin.source, nomadPin.version);
    pinProvider(stack, 'consul', CONSUL_PROVIDER.source, CONSUL_PROVIDER.version);
    if (!legacy) stack.addOverride('terraform.required_version', TERRAFORM_VERSION);
  }

  /**
   * With the 1Password backend: its provider, the job's own `nomad_variable` (when it has
   * secrets, variable files or inputs) and those at other paths; the job depends on them all.
   */
  private addSecrets(
    stack: TerraformStack,
    module: OctantServiceModule,
    writer: SecretWriter,
  ): {
    secrets?: NomadVariable | WriteOnlyNomadVariable;
    dependsOn: ITerraformDependable[];
  } {
    const dependsOn: ITerraformDependable[] = [];
    if (module.secretsBackend !== 'onepassword') return { dependsOn };
    const legacy = stateSecretsOf(module) === 'legacy';
    const opPin = legacy ? LEGACY_PROVIDERS.onepassword : ONEPASSWORD_PROVIDER;
    new OnepasswordProvider(this, 'provider_onepassword', { versionConstraint: opPin.version });
    pinProvider(stack, 'onepassword', opPin.source, opPin.version);
    let secrets: NomadVariable | WriteOnlyNomadVariable | undefined;
    if (
      module.secrets.length > 0 ||
      Object.keys(module.variableFiles ?? {}).length > 0 ||
      Object.keys(module.variableInputs ?? {}).length > 0
    ) {
      secrets = writer.write(
        `${terraformName(module.serviceName)}_secrets`,
        module.variablePath ?? `nomad/jobs/${module.job.job.name}`,
        module.secrets,
        true,
      );
      dependsOn.push(secrets);
    }
    // Variables the job reads at other paths (another job's, as some Octant modules write).
    for (const extra of module.extraVariables ?? []) {
      const id = `${terraformName(module.serviceName)}_${terraformName(extra.path.replace(/^nomad\/jobs\//, ''))}_secrets`;
      dependsOn.push(writer.write(id, extra.path, extra.secrets, false));
    }
    return secrets === undefined ? { dependsOn } : { secrets, dependsOn };
  }

  /** Dynamic host volumes (mkdir plugin), when the module asks for them; else none. */
  private addDynamicVolumes(module: OctantServiceModule): DynamicHostVolume[] {
    if (!module.dynamicHostVolumes) return [];
    return module.hostVolumes.map((hv) =>
      flat(
        new DynamicHostVolume(this, `volume_${terraformName(hv.name)}`, {
          name: hv.name,
          pluginId: 'mkdir',
          // The mkdir plugin creates the directory owned by the container user.
          parameters: { uid: String(hv.uid), gid: String(hv.gid), mode: '0750' },
          capability: [
            {
              accessMode: hv.readOnly ? 'single-node-reader-only' : 'single-node-writer',
              attachmentMode: 'file-system',
            },
          ],
        }),
      ),
    );
  }

  /** Further jobs (the backup job): their own jobspec file, nomad_job and nomadVar. */
  private addExtraJobs(
    module: OctantServiceModule,
    writer: SecretWriter,
    volumes: readonly DynamicHostVolume[],
    varRef: (name: string) => TerraformVariable,
  ): void {
    for (const extra of module.extraJobs ?? []) {
      const name = extra.job.job.name;
      const secrets = extra.secrets ?? [];
      const extraDeps: ITerraformDependable[] = [...volumes];
      if (module.secretsBackend === 'onepassword' && secrets.length > 0) {
        extraDeps.push(
          writer.write(`${terraformName(name)}_secrets`, `nomad/jobs/${name}`, secrets, false),
        );
      }
      flat(
        new NomadJob(this, terraformName(name), {
          jobspec: `\${file("\${path.module}/${name}.nomad.hcl")}`,
          hcl2: { vars: hcl2Vars({ ...module, job: extra.job, jobVars: extra.jobVars }, varRef) },
          dependsOn: extraDeps.length > 0 ? extraDeps : undefined,
        }),
      );
    }
  }

  private addOutputs(): void {
    flat(
      new TerraformOutput(this, 'job_id', {
        value: this.job.id,
        description: 'ID of the Nomad job',
      }),
    );
    flat(
      new TerraformOutput(this, 'service_url', {
        value: `https://\${var.servicename}.\${var.domain}`,
        description: 'URL Traefik serves the service at',
      }),
    );
  }

  /** The module with every override applied: what is rendered and written. */
  public get module(): OctantServiceModule {
    if (this.cachedModule === undefined) {
      const job = applyJobOverrides(this.baseModule.job, this.serviceName, this.overrides);
      this.cachedModule = { ...this.baseModule, job };
      moduleJobspecs(this.cachedModule); // registers the cluster's memory setting with the job
    }
    return this.cachedModule;
  }

  /** The jobspec file (HCL2 variables and the job). */
  public get jobFile(): JobFile {
    return this.module.job;
  }

  /**
   * Sets (or with `undefined` removes) a jobspec field the props do not cover, by its HCL path
   * below `job` (e.g. `group.web.task.web.config.cap_add`). Checked at once by the Nomad
   * layer's validator.
   */
  public addJobOverride(path: string, value: Value | undefined): void {
    const next = [...this.overrides, { path, value }];
    applyJobOverrides(this.baseModule.job, this.serviceName, next);
    this.overrides.push({ path, value });
    this.cachedModule = undefined;
  }

  /** The canonical HCL of the jobspec, as written to every jobspec file. */
  public renderJobspec(): string {
    return jobspecHcl(this.module.job);
  }

  /** Tree-wide checks, run by cdktf before synthesis (`node.addValidation`). */
  private validateTree(stack: TerraformStack): string[] {
    const problems: string[] = [];
    const inStack = OctantService.allIn(stack);
    if (inStack.length > 1 && inStack[0] === this) {
      problems.push(
        OctantServiceErrors.twoInOneStack(
          stack.node.id,
          inStack.map((s) => s.serviceName),
        ).message,
      );
    }
    const all = OctantService.allIn(this.node.root);
    // Checks across the whole tree run once, on behalf of all, by the first service.
    if (all[0] === this) problems.push(...treeProblems(all));
    let module: OctantServiceModule;
    try {
      module = this.module;
    } catch (e) {
      return [...problems, (e as Error).message];
    }
    for (const [file, job] of moduleJobspecs(module)) {
      const errors = jobDiagnostics(job).filter((d) => d.severity === 'error');
      if (errors.length === 0) continue;
      problems.push(
        OctantServiceErrors.invalidJob(
          file.replace(/\.nomad\.hcl$/, ''),
          errors.map((d) => `${d.path}: ${d.message} [${d.rule}]`),
          errors.map((d) => d.hint),
        ).message,
      );
    }
    // Secret wiring: every key a secret template reads is a declared secret.
    const declared = new Set(
      module.secrets.map((s) => (s.source.kind === 'vault' ? s.source.key : s.name)),
    );
    for (const group of module.job.job.group) {
      for (const task of group.task) {
        for (const t of task.template ?? []) {
          for (const { env, key } of secretEnvOf(t)) {
            if (!declared.has(key)) {
              problems.push(
                OctantServiceErrors.undeclaredSecret(this.serviceName, env, key).message,
              );
            }
          }
        }
      }
    }
    const names = Object.keys(module.extraFiles ?? {});
    const generated = new Set([...generatedFileNames(module), OP_ENV_FILE]);
    const clashes = modulePathClashes(names, generated);
    for (const name of names) {
      const problem = modulePathProblem(name);
      const clash = clashes.get(name);
      if (problem !== undefined) {
        problems.push(OctantServiceErrors.badExtraFile(this.serviceName, name, problem).message);
      } else if (clash !== undefined) {
        problems.push(
          OctantServiceErrors.generatedExtraFile(this.serviceName, name, clash).message,
        );
      }
    }
    for (const [i, e] of (module.extraJobs ?? []).entries()) {
      try {
        checkFileName(e.job.job.name, `modules.${this.serviceName}.extraJobs[${i}]`, 'job name');
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    return problems;
  }

  /** The files this service writes into the outdir, relative to it. */
  private outputFiles(stack: TerraformStack, session: ISynthesisSession): Map<string, string> {
    const module = this.module;
    const files = new Map<string, string>();
    const dir = path.join(OCTANT_MODULES_DIR, module.serviceName);
    for (const [file, job] of moduleJobspecs(module)) {
      // nomad_job reads "${path.module}/<job>.nomad.hcl": it must sit beside cdk.tf.json.
      files.set(path.join(stackDirOf(stack), file), jobspecHcl(job));
      files.set(path.join(dir, file), jobspecHcl(job));
    }
    const machinePaths = [process.cwd(), os.homedir(), os.tmpdir()];
    const json = synthesizedJson(stack, session) as { [key: string]: Json };
    files.set(path.join(dir, 'main.tf.json'), stableJson(toModuleJson(json, machinePaths)));
    files.set(path.join(dir, 'README.md'), renderModuleReadme(module, moduleVariables(module)));
    const opEnv = renderOpEnv(module);
    if (opEnv !== undefined) {
      files.set(path.join(dir, OP_ENV_FILE), opEnv);
      files.set(path.join(stackDirOf(stack), OP_ENV_FILE), opEnv);
    }
    if (!module.dynamicHostVolumes && module.hostVolumes.length > 0) {
      files.set(
        path.join(dir, HOST_VOLUMES_CLIENT_FILE),
        renderHostVolumeClientConfig(module.hostVolumes),
      );
      files.set(
        path.join(dir, HOST_VOLUMES_PREPARE_FILE),
        renderPrepareHostVolumes(module.hostVolumes),
      );
    }
    // Bind-mounted directories need the same preparation, without the client snippet.
    const bindMounts = module.bindMounts ?? [];
    if (bindMounts.length > 0) {
      files.set(
        path.join(dir, HOST_VOLUMES_PREPARE_FILE),
        renderPrepareHostVolumes(bindMounts, { clientConfig: false }),
      );
    }
    // The files the nomad_variable reads with file("${path.module}/...") go beside cdk.tf.json
    // too, or `cdktf deploy` finds none; the others (moved.tf...) are the module's only.
    const read = new Set(Object.values(module.variableFiles ?? {}));
    for (const [name, content] of Object.entries(module.extraFiles ?? {}).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      files.set(path.join(dir, name), content);
      if (read.has(name)) files.set(path.join(stackDirOf(stack), name), content);
    }
    return files;
  }
}

/** Names and static host ports shared by two services anywhere in the app. */
function treeProblems(all: readonly OctantService[]): string[] {
  const problems: string[] = [];
  const byName = new Map<string, OctantService[]>();
  const byPort = new Map<number, OctantService[]>();
  for (const s of all) {
    byName.set(s.serviceName, [...(byName.get(s.serviceName) ?? []), s]);
    for (const port of new Set(staticPorts(s))) byPort.set(port, [...(byPort.get(port) ?? []), s]);
  }
  for (const [name, same] of byName) {
    if (same.length > 1) {
      problems.push(
        OctantServiceErrors.duplicateName(
          name,
          same.map((s) => s.node.path),
        ).message,
      );
    }
  }
  const byJob = new Map<string, string[]>();
  for (const s of all) {
    let module: OctantServiceModule;
    try {
      module = s.module;
    } catch {
      continue; // the override error is reported by the service itself
    }
    for (const [file] of moduleJobspecs(module))
      byJob.set(file, [...(byJob.get(file) ?? []), s.serviceName]);
  }
  for (const [file, owners] of byJob) {
    if (owners.length > 1) problems.push(OctantServiceErrors.duplicateJob(file, owners).message);
  }
  for (const [port, same] of byPort) {
    if (same.length > 1) {
      problems.push(
        OctantServiceErrors.staticPortClash(
          port,
          same.map((s) => s.node.path),
        ).message,
      );
    }
  }
  return problems;
}

/** Host ports the service binds on its client. */
function staticPorts(service: OctantService): number[] {
  const out: number[] = [];
  let job: JobFile;
  try {
    job = service.jobFile;
  } catch {
    return out; // the override error is reported by the service itself
  }
  for (const group of job.job.group) {
    for (const p of group.network?.port ?? []) {
      if (typeof p.static === 'number') out.push(p.static);
    }
  }
  return out;
}

/**
 * The module's Terraform names are flat (`var.region`, `nomad_job.openclaw`), as in Octant's
 * hand-written modules, not cdktf's path-derived ids.
 */
function flat<T extends TerraformElement>(element: T): T {
  element.overrideLogicalId(element.node.id);
  return element;
}

function declareVariable(scope: Construct, v: ModuleVariable): TerraformVariable {
  const variable = new TerraformVariable(scope, v.name, {
    type: v.type,
    description: v.description,
    default: keysAsWritten(v.default),
    sensitive: v.sensitive === true ? true : undefined,
  });
  // cdktf 0.21's TerraformVariable has no `ephemeral` (Terraform >= 1.10).
  if (v.ephemeral === true) variable.addOverride('ephemeral', true);
  return flat(variable);
}

/**
 * cdktf snake_cases the keys of a variable's attributes, default included (`whoami-b` would
 * become `whoami_b`); a token is passed through untouched, so a map or object default goes in one.
 */
function keysAsWritten(value: ModuleVariable['default']): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Lazy.anyValue({ produce: () => value });
}

/** cdktf writes the prebuilt providers' short source (`nomad`); Octant modules need the full one. */
function pinProvider(stack: TerraformStack, name: string, source: string, version: string): void {
  stack.addOverride(`terraform.required_providers.${name}`, { source, version });
}

/** `nomad_job.hcl2.vars` values are strings parsed by Nomad as HCL: non-strings go through jsonencode. */
function hcl2Vars(
  module: OctantServiceModule,
  varRef: (name: string) => TerraformVariable,
): Record<string, string> {
  const declared = new Set((module.job.variables ?? []).map((v) => v.name));
  for (const name of declared) {
    if (!(name in module.jobVars)) {
      throw new UserError(
        `modules.${module.serviceName}.jobVars`,
        `jobspec variable '${name}' is not fed from any module variable`,
        `add '${name}: <module variable>' to jobVars`,
      );
    }
  }
  const vars: Record<string, string> = {};
  for (const [jobVar, moduleVar] of Object.entries(module.jobVars).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (!declared.has(jobVar)) {
      throw new UserError(
        `modules.${module.serviceName}.jobVars.${jobVar}`,
        `the jobspec declares no variable '${jobVar}'`,
        'remove it from jobVars or declare it in the jobspec',
      );
    }
    const tfVar = varRef(moduleVar);
    vars[jobVar] = tfVar.type === 'string' ? tfVar.stringValue : Fn.jsonencode(tfVar.value);
  }
  return vars;
}

function isOnePassword(s: SecretDecl): s is SecretDecl & { readonly source: OnePasswordSource } {
  return s.source.kind === 'onepassword';
}

/**
 * Writes a module's `nomad_variable`s from 1Password: one `onepassword_vault` per vault and one
 * item read per item, shared by every variable of the module. `ephemeral` (the default) reads
 * items through the ephemeral `onepassword_item` (custom fields through ephemeral input
 * variables, see lib/octant/state-secrets.ts) and writes `items_wo`; `legacy` reads data
 * sources and writes `items`, whose values Terraform stores in state.
 */
class SecretWriter {
  private readonly vaults = new Map<string, DataOnepasswordVault>();
  private readonly items = new Map<string, DataOnepasswordItem | EphemeralOnepasswordItem>();
  private readonly usedIds = new Set<string>();
  private readonly ephemeral: boolean;

  constructor(
    private readonly scope: Construct,
    private readonly module: OctantServiceModule,
    private readonly varRef: (name: string) => TerraformVariable,
  ) {
    this.ephemeral = isEphemeral(module);
  }

  /** One `nomad_variable`; `own` adds the module's variable inputs and files (its own path). */
  public write(
    id: string,
    path: string,
    secrets: readonly SecretDecl[],
    own: boolean,
  ): NomadVariable | WriteOnlyNomadVariable {
    const values = this.read(secrets);
    const files = own ? Object.entries(this.module.variableFiles ?? {}).sort() : [];
    if (own) {
      // Values the operator passes as module variables (never written into the module).
      for (const [key, name] of Object.entries(this.module.variableInputs ?? {}).sort()) {
        values[key] = `var.${this.varRef(name).friendlyUniqueId}`;
      }
      // Config files kept in the variable (as `data "local_file"` does in Octant modules).
      for (const [key, file] of files) values[key] = `file("\${path.module}/${file}")`;
    }
    if (!this.ephemeral) {
      const items = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, `\${${v}}`]));
      return flat(new NomadVariable(this.scope, id, { path, items }));
    }
    const object = Object.entries(values)
      .map(([k, v]) => `${JSON.stringify(k)} = ${v}`)
      .join(', ');
    return flat(
      new WriteOnlyNomadVariable(this.scope, id, {
        path,
        items: `{${object}}`,
        version: writeVersion(files.map(([, file]) => file)),
      }),
    );
  }

  /** Key -> HCL expression (no `${}`) of each secret's value. */
  private read(secrets: readonly SecretDecl[]): Record<string, string> {
    const values: Record<string, string> = {};
    const sorted = [...secrets].sort((a, b) => a.name.localeCompare(b.name));
    for (const secret of sorted) {
      const where = `modules.${this.module.serviceName}.secrets.${secret.name}`;
      if (!isOnePassword(secret)) {
        throw new UserError(
          where,
          'the onepassword backend needs op:// secret sources',
          'give the secret an op://<vault>/<item>/<field> source or switch the backend to vault',
        );
      }
      if (secret.name in values) {
        throw new UserError(
          where,
          `secret '${secret.name}' is declared twice`,
          'remove the duplicate',
        );
      }
      values[secret.name] = this.valueOf(secret.source);
    }
    return values;
  }

  private valueOf(src: OnePasswordSource): string {
    const builtIn = builtInFieldOf(src);
    if (this.ephemeral) {
      const input = secretInputOf(this.module, src);
      if (input !== undefined) return `var.${input}`;
      if (builtIn === undefined) throw new Error(`internal: no input variable for ${src.field}`);
      return (this.item(src) as EphemeralOnepasswordItem).expression(builtIn);
    }
    const item = this.item(src) as DataOnepasswordItem;
    const ref =
      builtIn !== undefined ? item.attribute(builtIn) : item.sectionField(src.field, src.section);
    // Both forms are `${expr}`: the variable's items take the bare expression.
    return ref.replace(/^\$\{([\s\S]*)\}$/, '$1');
  }

  private item(src: OnePasswordSource): DataOnepasswordItem | EphemeralOnepasswordItem {
    const key = `${src.vault}\u0000${src.item}`;
    const known = this.items.get(key);
    if (known) return known;
    // Construct ids share one namespace with variables and resources: prefix them.
    const base = `op_item_${terraformName(src.item)}`;
    let id = base;
    for (let n = 2; this.usedIds.has(id); n++) id = `${base}_${n}`;
    this.usedIds.add(id);
    const config = { vault: this.vault(src.vault).uuid, title: src.item };
    const item = this.ephemeral
      ? flat(new EphemeralOnepasswordItem(this.scope, id, config))
      : flat(new DataOnepasswordItem(this.scope, id, config));
    this.items.set(key, item);
    return item;
  }

  private vault(name: string): DataOnepasswordVault {
    const known = this.vaults.get(name);
    if (known) return known;
    // The vault named by op_vault_name's default follows the variable, so operators can point
    // the module at another vault without editing it.
    const opVaultName = this.varRef('op_vault_name');
    const isDefault = name === opVaultName.default;
    const id = isDefault ? 'op_vault' : `op_vault_${terraformName(name)}`;
    const vault = flat(
      new DataOnepasswordVault(this.scope, id, {
        name: isDefault ? opVaultName.stringValue : name,
      }),
    );
    this.vaults.set(name, vault);
    return vault;
  }
}

/**
 * `items_wo_version`: the provider writes the items again only when it changes. It follows
 * `var.secrets_version` (raised by the operator after a secret changes in 1Password, which
 * Terraform cannot see) and, for config files kept in the variable, their content: an edited
 * file is written at the next apply as it was with `items`.
 */
export function writeVersion(files: readonly string[]): string {
  const version = `var.${SECRETS_VERSION_VARIABLE}`;
  if (files.length === 0) return version;
  const parts = [version, ...files.map((f) => `filesha256("\${path.module}/${f}")`)];
  // 48 bits of the hash: a whole number Terraform and the provider hold exactly, plus 1 (>= 1).
  return `parseint(substr(sha256(join(",", [${parts.join(', ')}])), 0, 12), 16) + 1`;
}
