import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
// Deep imports: the package index loads every resource class of the provider.
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Container } from '@cdktf/provider-docker/lib/container';
import { terraformName } from './names';

/**
 * Phase 1: the gateway as a plain rootless Podman container, managed through Podman's
 * Docker-compatible API socket with the Docker provider. The spec is plain data built by
 * lib/openclaw/standalone/podman.ts; this file only renders it.
 */

export interface PodmanImageBuild {
  /** Build context directory on the Podman host. */
  readonly context: string;
  /** Dockerfile path relative to the context. @default 'Dockerfile' */
  readonly dockerfile?: string;
  /** @default - none */
  readonly buildArgs?: Readonly<Record<string, string>>;
}

export interface PodmanImageSpec {
  /** Image name with its tag. */
  readonly name: string;
  /** Build the image from a context. @default - pull it (or use the local image of that name) */
  readonly build?: PodmanImageBuild;
  /** Keep the image when the stack is destroyed. @default true */
  readonly keepLocally?: boolean;
}

export interface PodmanPortSpec {
  readonly internal: number;
  readonly external: number;
  /** Host address the port is published on, e.g. `127.0.0.1`. */
  readonly ip: string;
}

export interface PodmanMountSpec {
  /** Absolute host path. */
  readonly source: string;
  /** Path in the container. */
  readonly target: string;
  /** @default false */
  readonly readOnly?: boolean;
}

/** An env var whose value comes from a sensitive Terraform variable. */
export interface PodmanSecretEnvSpec {
  readonly env: string;
  /** Terraform variable name. */
  readonly variable: string;
  readonly description: string;
  /**
   * The shell command that prints the value from where the site keeps it, e.g.
   * `op read 'op://Homelab/openclaw/gateway_token'`. @default - none known
   */
  readonly readCommand?: string;
}

export interface PodmanHealthcheckSpec {
  /** Docker healthcheck test, e.g. `["CMD", "node", "-e", "..."]`. */
  readonly test: readonly string[];
  readonly interval: string;
  readonly timeout: string;
  readonly retries: number;
  readonly startPeriod: string;
}

/** A file written into the container before it starts. */
export interface PodmanUploadSpec {
  readonly file: string;
  readonly content: string;
}

export interface PodmanContainerSpec {
  readonly name: string;
  readonly command: readonly string[];
  readonly ports: readonly PodmanPortSpec[];
  readonly mounts: readonly PodmanMountSpec[];
  /** Plain env, name -> value. Keys are kept as given. */
  readonly env: Readonly<Record<string, string>>;
  readonly secretEnv: readonly PodmanSecretEnvSpec[];
  readonly healthcheck: PodmanHealthcheckSpec;
  /** Docker restart policy. */
  readonly restart: 'no' | 'on-failure' | 'always' | 'unless-stopped';
  /** Run an init process as PID 1 (reaps the agents' child processes). */
  readonly init: boolean;
  /** @default - none */
  readonly uploads?: readonly PodmanUploadSpec[];
}

export interface PodmanStackSpec {
  /** Docker API endpoint: `unix:///run/user/<uid>/podman/podman.sock`. */
  readonly host: string;
  readonly image: PodmanImageSpec;
  readonly container: PodmanContainerSpec;
  /** @default - no backend block (Terraform's default local state) */
  readonly localStatePath?: string;
}

/**
 * Terraform reads every string of its JSON syntax as a template: literal `${` and `%{` (the
 * openclaw.json placeholders, env values) must be doubled or Terraform would evaluate them.
 */
export function terraformLiteral(text: string): string {
  // A replacer function: in a replacement string `$$` would mean one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

export class PodmanStack extends TerraformStack {
  public readonly image: Image;
  public readonly container: Container;
  /** Sensitive variables, by name. */
  public readonly secretVariables: ReadonlyMap<string, TerraformVariable>;

  constructor(scope: Construct, id: string, spec: PodmanStackSpec) {
    super(scope, id);
    if (spec.localStatePath !== undefined) new LocalBackend(this, { path: spec.localStatePath });
    new DockerProvider(this, 'provider_docker', { host: spec.host });

    const vars = new Map<string, TerraformVariable>();
    for (const s of spec.container.secretEnv) {
      if (vars.has(s.variable)) continue;
      vars.set(
        s.variable,
        new TerraformVariable(this, s.variable, {
          type: 'string',
          description: s.description,
          sensitive: true,
        }),
      );
    }
    this.secretVariables = vars;

    const img = spec.image;
    this.image = new Image(this, 'image', {
      name: terraformLiteral(img.name),
      keepLocally: img.keepLocally ?? true,
      ...(img.build !== undefined
        ? {
            buildAttribute: {
              context: img.build.context,
              dockerfile: img.build.dockerfile ?? 'Dockerfile',
              tag: [img.name],
              ...(img.build.buildArgs !== undefined
                ? { buildArgs: { ...img.build.buildArgs } }
                : {}),
            },
          }
        : {}),
    });

    const c = spec.container;
    const env = [
      ...Object.entries(c.env).map(([k, v]) => terraformLiteral(`${k}=${v}`)),
      ...c.secretEnv.map((s) => `${s.env}=${vars.get(s.variable)?.stringValue ?? ''}`),
    ];
    this.container = new Container(this, terraformName(c.name), {
      name: terraformLiteral(c.name),
      image: this.image.imageId,
      command: c.command.map(terraformLiteral),
      env,
      ports: c.ports.map((p) => ({
        internal: p.internal,
        external: p.external,
        ip: p.ip,
        protocol: 'tcp',
      })),
      mounts: c.mounts.map((m) => ({
        type: 'bind',
        source: terraformLiteral(m.source),
        target: terraformLiteral(m.target),
        readOnly: m.readOnly ?? false,
      })),
      healthcheck: {
        test: c.healthcheck.test.map(terraformLiteral),
        interval: c.healthcheck.interval,
        timeout: c.healthcheck.timeout,
        retries: c.healthcheck.retries,
        startPeriod: c.healthcheck.startPeriod,
      },
      restart: c.restart,
      init: c.init,
      ...(c.uploads !== undefined && c.uploads.length > 0
        ? {
            upload: c.uploads.map((u) => ({
              file: terraformLiteral(u.file),
              content: terraformLiteral(u.content),
            })),
          }
        : {}),
    });

    new TerraformOutput(this, 'container_name', {
      value: this.container.name,
      description: 'Name of the gateway container (podman ps / podman logs).',
    });
  }
}

/** Adds the Phase 1 stack to an app (or any scope). */
export function addPodmanStack(app: Construct, id: string, spec: PodmanStackSpec): PodmanStack {
  return new PodmanStack(app, id, spec);
}
