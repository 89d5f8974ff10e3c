// The site description mapped onto the library: a validated site becomes gateway props, specs
// and the standalone phases. It lives beside the schema, above lib/, so lib/ never reads a site.
import type { OpenClawConfig } from '../lib/openclaw/config';
import type { Site } from './schema';
import type { OctantServiceModule, StateSecrets } from '../lib/octant/module-spec';
import type { ConsulStackSpec } from '../lib/terraform/consul-stack';
import type { PodmanStackSpec } from '../lib/terraform/podman-stack';
import { UserError, UserErrors, attempt, isUserError } from '../lib/util/errors';
import type { JobFile } from '../lib/nomad/model';
import { SiteError } from './issues';
import { GatewaySpec } from '../lib/openclaw/gateway';
import type { JobOverride } from '../lib/octant/job-override';
import { applyJobOverrides } from '../lib/octant/job-override';
import { isStandardVariable } from '../lib/octant/variables';
import { isPinnedImage } from '../lib/octant/image';
import { readRelative } from '../lib/octant/service/build';
import { credentialShape, findLiteralSecrets, scanValue } from '../lib/secrets/literal-scan';
import {
  resolveGatewaySettings,
  type GatewayOptions,
  type GatewaySettings,
} from '../lib/openclaw/gateway-settings';
import { resolveSecretDecls } from '../lib/secrets/site-secrets';
import type { TailscaleServeSettings } from '../lib/openclaw/standalone/tailscale';
import type * as Standalone from '../lib/openclaw/standalone';
import type * as Tailscale from '../lib/openclaw/standalone/tailscale';
import { onboardingReadmeSection, type OnboardingTarget } from '../lib/openclaw/onboarding';
import { GOG_KEYRING_PASSWORD_ENV } from '../lib/openclaw/image/tools';
import { GATEWAY_PORT } from '../lib/openclaw/defaults';
import {
  validateCrossGateway,
  validateRouting,
  type RoutingGateway,
  type RoutingProblem,
} from '../lib/openclaw/routing/validate';

/** Phase 1's way in: `podman exec` into the container, the URL its access pattern gives. */
function podmanOnboardingTarget(
  spec: PodmanStackSpec,
  serve: TailscaleServeSettings | undefined,
): OnboardingTarget {
  const http = spec.container.ports[0];
  const port = http?.external ?? GATEWAY_PORT;
  const url =
    serve !== undefined
      ? `https://${serve.hostname ?? '<host>.<tailnet>.ts.net'}${serve.httpsPort === 443 ? '' : `:${serve.httpsPort}`}`
      : http?.ip === '127.0.0.1'
        ? `http://127.0.0.1:${port} (through the SSH tunnel below)`
        : `http://${http === undefined || http.ip === '0.0.0.0' ? '<host>' : http.ip}:${port}`;
  return { exec: `podman exec -it ${spec.container.name}`, url };
}

/**
 * Standalone phase specs (Phase 1 Podman, Phase 2 Consul) for the site's first gateway: the
 * standalone phases run one gateway on one Podman host. Emitted only for the phases listed in
 * `site.phases`.
 */
export interface StandaloneBuild {
  readonly podman?: PodmanStackSpec;
  readonly consul?: ConsulStackSpec;
  /** Tailscale Serve in front of the standalone gateway. @default - off */
  readonly tailscaleServe?: TailscaleServeSettings;
  /** The Phase 1 README's steps after the first start. @default - none (no podman phase) */
  readonly onboarding?: string;
}

/** A site gateway's plain options, with the jobspec overrides its construct applies. */
export type SiteGatewayOptions = GatewayOptions & { readonly overrides?: readonly JobOverride[] };

/** Everything the site produces, as plain data for the Terraform layer and the CLI. */
export interface SiteBuild {
  /** One Octant service module per gateway (Phase 3). */
  readonly modules: readonly OctantServiceModule[];
  /** The gateways themselves (plain data), in site order. */
  readonly gateways: readonly GatewaySpec[];
  /**
   * The props of each gateway's construct (`OpenClawGateway`, Phase 3), in site order; empty
   * when the site leaves out the `nomad` phase.
   */
  readonly gatewayOptions: readonly SiteGatewayOptions[];
  readonly standalone: StandaloneBuild;
  /** Routing warnings (errors throw, with every other problem of the site). */
  readonly warnings: readonly SiteWarning[];
  /** `terraform.stateSecrets`: what every module of the site renders. */
  readonly stateSecrets: StateSecrets;
}

/** What synth prints for `terraform.stateSecrets: legacy`. */
export function stateSecretsWarning(stateSecrets: StateSecrets): string | undefined {
  return stateSecrets === 'legacy'
    ? 'terraform.stateSecrets: legacy: the modules read 1Password through data sources and write ' +
        "nomad_variable items, so Terraform stores every secret's value in state and plans; " +
        'with Terraform >= 1.11 remove the setting (README: "Secrets and Terraform state")'
    : undefined;
}

function uniqueNameProblems(site: Site): UserError[] {
  const problems: UserError[] = [];
  const seen = new Map<string, number>();
  site.gateways.forEach((g, i) => {
    const first = seen.get(g.name);
    if (first !== undefined) {
      problems.push(
        new UserError(
          `gateways[${i}].name`,
          `gateway name "${g.name}" is already used by gateways[${first}]; names are Nomad job, Consul service and host names, so they must be unique`,
          `rename one of them, e.g. "${g.name}-${i + 1}"`,
        ),
      );
    } else {
      seen.set(g.name, i);
    }
  });
  return problems;
}

/** Two gateways on the same static host port cannot share a node; say so before Nomad does. */
function staticPortProblems(site: Site): UserError[] {
  const problems: UserError[] = [];
  const seen = new Map<number, string>();
  site.gateways.forEach((g, i) => {
    if (!g.ports.static) return;
    for (const [label, port] of [
      ['http', g.ports.http],
      ['canvas', g.ports.canvas],
    ] as const) {
      if (port === false) continue;
      const other = seen.get(port);
      if (other !== undefined) {
        problems.push(
          new UserError(
            `gateways[${i}].ports.${label}`,
            `static host port ${port} is already taken by ${other}; both gateways could never run on the same node`,
            'give each gateway its own ports, or set ports.static to false',
          ),
        );
      } else {
        seen.set(port, `gateways[${i}].ports.${label}`);
      }
    }
  });
  return problems;
}

/**
 * In a Nomad task the gateway runs in the task's own network namespace: the port mapping, the
 * Consul /health check and Traefik reach only its `lan` interface. `loopback` would listen where
 * nothing can reach it (the check fails, the task restarts forever) and `tailnet` would look for
 * a Tailscale interface the namespace does not have. The standalone phases map these modes to a
 * publish address instead (see standalone/podman.ts).
 */
function nomadBindProblems(site: Site): UserError[] {
  if (!site.phases.includes('nomad')) return [];
  return site.gateways.flatMap((g, i) =>
    g.bind === 'lan'
      ? []
      : [
          new UserError(
            `gateways[${i}].bind`,
            `bind "${g.bind}" cannot work in the Nomad job (phase "nomad"): inside the task only the "lan" interface is reachable by the port mapping, the /health check and Traefik`,
            `bind "lan" for Phase 3 (Traefik and the gateway token guard it), or leave "nomad" out of phases and use bind "${g.bind}" with the standalone phases`,
          ),
        ],
  );
}

/** `${NOMAD_SECRETS_DIR}/x.env`, `/secrets/x.env` and `secrets/x.env` are one file in the task. */
function taskPath(destination: string): string {
  return destination
    .replace(/^\$\{NOMAD_SECRETS_DIR\}/, 'secrets')
    .replace(/^\$\{NOMAD_TASK_DIR\}/, 'local')
    .replace(/^\$\{NOMAD_ALLOC_DIR\}/, 'alloc')
    .replace(/^(\.?\/)+/, '');
}

/** Destination -> template, for every task's templates. */
function templatesOf(file: JobFile): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const g of file.job.group)
    for (const t of g.task)
      for (const tpl of t.template ?? []) {
        const key = taskPath(
          typeof tpl.destination === 'string' ? tpl.destination : JSON.stringify(tpl.destination),
        );
        out.set(key, [...(out.get(key) ?? []), JSON.stringify(tpl)]);
      }
  return out;
}

/**
 * The gateway's own files (the secret env file, openclaw.json) are written by its generated
 * templates only: a further template or an override that writes there would replace or shadow
 * them (a second template on the secret env file leaks or loses the secrets).
 */
function ownFileProblems(
  options: GatewayOptions,
  overrides: SiteGatewayOptions['overrides'],
  where: string,
): UserError[] {
  const ownSpec = new GatewaySpec({ ...options, templates: [] }, where);
  const own = templatesOf(ownSpec.toJobFile());
  const fix = (what: string): string =>
    `write ${what} to another file (e.g. \${NOMAD_SECRETS_DIR}/extra.env); the gateway's secret env file takes its values from secrets.items (env: { NAME: { secret: <item> } })`;
  const problems = (options.templates ?? []).flatMap((t, j) =>
    own.has(taskPath(t.destination))
      ? [
          new UserError(
            `${where}.templates[${j}].destination`,
            `"${t.destination}" is a file the gateway writes itself (its secret env file or openclaw.json)`,
            fix('this template'),
          ),
        ]
      : [],
  );
  // After the overrides, one template at most writes each generated file. Changing the
  // generated template itself is the escape hatch (import keeps a hand-written one that way).
  const foreign = (file: JobFile): string | undefined => {
    const now = templatesOf(file);
    return [...own.keys()].find((dest) => (now.get(dest) ?? []).length > 1);
  };
  const list = overrides ?? [];
  if (list.length === 0 || problems.length > 0) return problems;
  const base = new GatewaySpec(options, where).toJobFile();
  const name = ownSpec.name;
  const at = (n: number): JobFile =>
    applyJobOverrides(base, name, list.slice(0, n), { validate: false });
  try {
    if (foreign(at(list.length)) === undefined) return problems;
    const j = list.findIndex((_, k) => foreign(at(k + 1)) !== undefined);
    problems.push(
      new UserError(
        `${where}.overrides[${j}]`,
        `writes to "${foreign(at(list.length))}", a file the gateway writes itself (its secret env file or openclaw.json)`,
        fix('the override'),
      ),
    );
  } catch {
    // a bad override is reported by buildGateway
  }
  return problems;
}

/** The gateway built from `o`; throws its problems. */
function buildGateway(o: SiteGatewayOptions, index: number): GatewaySpec {
  const { overrides, ...options } = o;
  const where = `gateways[${index}]`;
  const own = ownFileProblems(options, overrides, where);
  if (own.length > 0) throw new UserErrors(own);
  const spec = new GatewaySpec(options, where);
  // The construct applies them; checked here too so every problem is reported at once.
  if (overrides !== undefined) applyJobOverrides(spec.toJobFile(), spec.name, overrides);
  const standard = (options.variables ?? []).findIndex((v) => isStandardVariable(v.name));
  if (standard >= 0) {
    throw new UserError(
      `${spec.settings.where}.variables[${standard}]`,
      `"${options.variables![standard].name}" is one of Octant's standard variables, which the gateway module declares from the site`,
      'set it through the site (region, datacenter, domain, image, ...), or rename the variable',
    );
  }
  return spec;
}

/**
 * Builds every gateway of a validated site and checks what spans gateways. Every problem of every
 * check and gateway is reported at once, as one SiteError (the format of the schema's errors).
 */
export function buildSite(site: Site, siteDir: string = process.cwd()): SiteBuild {
  const routing: RoutingGateway[] = site.gateways.map((g) => ({
    name: g.name,
    agents: g.agents,
    bindings: g.bindings,
    ...(g.channels !== undefined ? { channels: g.channels } : {}),
    env: g.env,
  }));
  const routingProblems = [
    ...routing.flatMap((g, i) => validateRouting(g, `gateways[${i}]`)),
    ...validateCrossGateway(routing),
  ];
  const warnings = [
    ...routingProblems.filter((p) => p.severity === 'warning'),
    ...unpinnedImageWarnings(site),
  ];
  const problemsReading: UserError[] = [];
  const gatewayOptions = site.gateways.map((_, i) => {
    try {
      return gatewayOptionsFromSite(site, i, siteDir);
    } catch (e) {
      if (!isUserError(e)) throw e;
      problemsReading.push(e);
      return gatewayOptionsFromSite(site, i);
    }
  });
  const built = gatewayOptions.map((o, i) => attempt(() => buildGateway(o, i)));
  const problems = [
    ...uniqueNameProblems(site),
    ...staticPortProblems(site),
    ...nomadBindProblems(site),
    ...problemsReading,
    ...configFileProblems(site),
    ...shapeProblems(site),
    ...gatewayCredentialProblems(site, gatewayOptions),
    ...serviceCredentialProblems(site, siteDir),
    ...routingProblems
      .filter((p) => p.severity === 'error')
      .map((p) => new UserError(p.where, p.rule, p.fix)),
    ...built.filter((b): b is UserError => b instanceof UserError),
  ];
  if (problems.length > 0) throw new SiteError(problems);
  const gateways = built.filter((b): b is GatewaySpec => b instanceof GatewaySpec);
  const standalone = standaloneBuild(site, gateways[0]?.settings);
  return {
    modules: site.phases.includes('nomad') ? gateways.map((g) => g.toModule()) : [],
    gateways,
    gatewayOptions: site.phases.includes('nomad') ? gatewayOptions : [],
    standalone,
    warnings,
    stateSecrets: site.terraform.stateSecrets,
  };
}

/**
 * The standalone phases' specs. They run a gateway (a site of other services only has modules);
 * their code loads only for sites that use them.
 */
function standaloneBuild(site: Site, first: GatewaySettings | undefined): StandaloneBuild {
  const podmanOn = site.phases.includes('podman');
  const consulOn = site.phases.includes('consul');
  if (first === undefined || (!podmanOn && !consulOn)) return {};
  /* eslint-disable @typescript-eslint/no-require-imports */
  const phases = require('../lib/openclaw/standalone') as typeof Standalone;
  const tailscale = require('../lib/openclaw/standalone/tailscale') as typeof Tailscale;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const serve = tailscale.resolveTailscaleServe(first, site.gateways[0].tailscaleServe);
  const podman = podmanOn
    ? phases.podmanStackSpec(first, {
        uid: site.podman.uid,
        ...(site.podman.socket !== undefined ? { socket: site.podman.socket } : {}),
      })
    : undefined;
  const { hostAddress } = site.podman;
  return {
    ...(podman !== undefined
      ? { podman: serve !== undefined ? tailscale.withTailscaleServe(podman, serve) : podman }
      : {}),
    ...(serve !== undefined ? { tailscaleServe: serve } : {}),
    ...(podman !== undefined
      ? { onboarding: onboardingReadmeSection(first, podmanOnboardingTarget(podman, serve)) }
      : {}),
    ...(consulOn
      ? {
          consul: phases.consulStackSpec(first, hostAddress !== undefined ? { hostAddress } : {}),
        }
      : {}),
  };
}

/** A finding synth prints without stopping. */
export type SiteWarning = Pick<RoutingProblem, 'where' | 'rule' | 'fix'>;

/** `allowUnpinnedImage`: accepted, and said on every synth until the image is pinned. */
function unpinnedImageWarnings(site: Site): SiteWarning[] {
  return site.gateways.flatMap((g, i) =>
    g.allowUnpinnedImage && g.image !== undefined && !isPinnedImage(g.image)
      ? [
          {
            where: `gateways[${i}].image`,
            rule: `image ${JSON.stringify(g.image)} is not pinned (allowUnpinnedImage): the deployed version changes without a diff, on every pull`,
            fix: 'pin a version tag or a digest, then remove allowUnpinnedImage',
          },
        ]
      : [],
  );
}

/** `configFile: volume` is a Nomad-job setting: the standalone phases upload the rendered file. */
function configFileProblems(site: Site): UserError[] {
  if (!site.phases.includes('podman') && !site.phases.includes('consul')) return [];
  return site.gateways.flatMap((g, i) =>
    g.configFile === 'volume' && i === 0
      ? [
          new UserError(
            `gateways[${i}].configFile`,
            'configFile "volume" applies to the Nomad job only; the standalone phases deliver the rendered openclaw.json themselves',
            'use configFile "template" with the podman/consul phases, or leave them out of phases',
          ),
        ]
      : [],
  );
}

/** How a gateway takes a credential instead (site syntax), for every refusal below. */
const GATEWAY_FIX =
  'move it into a 1Password item, declare it as `secrets: { items: { my_key: { op: "op://<vault>/<item>/<field>" } } }` ' +
  'and reference it: `env: { NAME: { secret: my_key } }` (in openclaw.json write "${NAME}"; in a template ' +
  '{{ with nomadVar "nomad/jobs/<job>" }}{{ .NAME }}{{ end }})';

/** The same for a service: its own 1Password reads feed nomad/jobs/<job>. */
const SERVICE_FIX =
  'move it into a 1Password item, declare it as `services[].secrets: { KEY: { op: "op://<vault>/<item>/<field>" } }` ' +
  'and read it in the jobspec with {{ with nomadVar "nomad/jobs/<job>" }}{{ .KEY }}{{ end }}';

const refusal = (where: string, rule: string, fix: string): UserError =>
  // The message never repeats the value: it may be a real key.
  new UserError(where, `holds a literal credential (${rule}); it would be written out`, fix);

/** A config text (template data, a copied file, a jobspec): one problem per line found. */
function textProblems(text: string, where: string, fix: string): UserError[] {
  return findLiteralSecrets(text).map((f) =>
    refusal(`${where} (line ${f.line})`, `a literal ${f.name}`, fix),
  );
}

/**
 * A sensitive module variable never has a literal default (the module README and variables.tf
 * would print it), nor does any variable whose default the detector flags.
 */
function variableProblems(
  variables: Site['gateways'][number]['variables'],
  at: string,
): UserError[] {
  return variables.flatMap((v, k) => {
    if (v.default === undefined) return [];
    const flagged = scanValue({ [v.name]: v.default }, `${at}[${k}]`).length > 0;
    if (!v.sensitive && !flagged) return [];
    return [
      new UserError(
        `${at}[${k}].default`,
        v.sensitive
          ? `the sensitive variable "${v.name}" has a literal default; the generated module would print it`
          : `the default of "${v.name}" looks like a literal credential; the generated module would print it`,
        `remove the default (mark it sensitive) and pass the value with TF_VAR_${v.name}=... or from 1Password (secrets)`,
      ),
    ];
  });
}

/**
 * No literal credential anywhere a gateway would write it out: openclaw.json overrides (any
 * depth), plain env, further templates, copied files, jobspec override values, variable defaults.
 */
function gatewayCredentialProblems(
  site: Site,
  options: readonly SiteGatewayOptions[],
): UserError[] {
  return site.gateways.flatMap((g, i) => {
    const at = `gateways[${i}]`;
    const plainEnv = Object.fromEntries(
      Object.entries(g.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const hits = [
      ...scanValue(g.config ?? {}, `${at}.config`),
      ...scanValue(g.configOverrides ?? {}, `${at}.configOverrides`),
      ...scanValue(plainEnv, `${at}.env`),
      ...g.overrides.flatMap((o, j) =>
        o.value === undefined
          ? []
          : scanValue({ [o.path.split('.').pop()!]: o.value }, `${at}.overrides[${j}].value`),
      ),
    ].map((h) =>
      refusal(
        h.path.replace(/\.overrides\[(\d+)\]\.value\.[^.[]+/, '.overrides[$1].value'),
        h.rule,
        GATEWAY_FIX,
      ),
    );
    return [
      ...hits,
      ...g.templates.flatMap((t, j) =>
        textProblems(t.data, `${at}.templates[${j}].data`, GATEWAY_FIX),
      ),
      ...Object.entries(options[i]?.extraFiles ?? {}).flatMap(([name, text]) =>
        textProblems(text, `${at}.files.${name}`, GATEWAY_FIX),
      ),
      ...variableProblems(g.variables, `${at}.variables`),
    ];
  });
}

/**
 * A string anywhere in the site that has a well-known token's shape or is a URL with a password
 * (a key pasted into `region` ends up in every generated file just the same). Field names are
 * judged where they are written out (above); this catches the odd place.
 */
function shapeProblems(site: Site): UserError[] {
  const out: UserError[] = [];
  const walk = (v: unknown, at: string): void => {
    if (typeof v === 'string') {
      const rule = credentialShape(v);
      if (rule !== undefined) out.push(refusal(at, rule, GATEWAY_FIX));
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) walk(x, at === '' ? k : `${at}.${k}`);
    }
  };
  walk(site, '');
  return out;
}

/** The same for services: their jobspecs (env, templates), copied files and variables. */
function serviceCredentialProblems(site: Site, siteDir: string): UserError[] {
  const read = (rel: string, where: string): string => {
    try {
      return readRelative(siteDir, rel, where);
    } catch {
      return ''; // an unreadable file is reported where the service is built
    }
  };
  return site.services.flatMap((svc, i) => {
    const at = `services[${i}]`;
    return [
      ...textProblems(read(svc.jobspec, `${at}.jobspec`), `${at}.jobspec`, SERVICE_FIX),
      ...svc.extraJobs.flatMap((x, j) =>
        textProblems(read(x.jobspec, ''), `${at}.extraJobs[${j}].jobspec`, SERVICE_FIX),
      ),
      ...Object.entries(svc.files).flatMap(([name, rel]) =>
        textProblems(read(rel, ''), `${at}.files.${name}`, SERVICE_FIX),
      ),
      ...variableProblems(svc.variables, `${at}.variables`),
    ];
  });
}

/** The gateway env plus what the image recipe's tools read (GOG_KEYRING_PASSWORD from a secret). */
function envWithImageSecrets(g: Site['gateways'][number], index: number): typeof g.env {
  const gog = g.imageRecipe.gogKeyringPassword;
  if (gog === undefined) return g.env;
  if (Object.hasOwn(g.env, GOG_KEYRING_PASSWORD_ENV)) {
    throw new UserError(
      `gateways[${index}].env.${GOG_KEYRING_PASSWORD_ENV}`,
      `${GOG_KEYRING_PASSWORD_ENV} is fed by gateways[${index}].imageRecipe.gogKeyringPassword`,
      `remove ${GOG_KEYRING_PASSWORD_ENV} from gateways[${index}].env`,
    );
  }
  return { ...g.env, [GOG_KEYRING_PASSWORD_ENV]: { secret: gog.secret } };
}

/** The options of gateway `index` of a validated site (site-wide values filled in). */
export function gatewayOptionsFromSite(
  site: Site,
  index: number,
  siteDir?: string,
): SiteGatewayOptions {
  const g = site.gateways[index];
  const extraFiles: Record<string, string> = {};
  for (const [name, rel] of Object.entries(g.files)) {
    extraFiles[name] =
      siteDir === undefined ? '' : readRelative(siteDir, rel, `gateways[${index}].files.${name}`);
  }
  const otelOn = site.otel !== undefined && g.otel?.enabled !== false;
  return {
    name: g.name,
    ...(g.openclawVersion !== undefined ? { openclawVersion: g.openclawVersion } : {}),
    ...(g.image !== undefined ? { image: g.image } : {}),
    ...(site.registry !== false ? { registry: site.registry } : {}),
    bind: g.bind,
    ...(g.tailnetAddress !== undefined ? { tailnetAddress: g.tailnetAddress } : {}),
    tokenSecret: g.tokenSecret,
    count: g.count,
    ports: g.ports,
    resources: g.resources,
    memoryOversubscription: site.nomad.memoryOversubscription,
    storage: g.storage,
    hostVolumeRoot: site.hostVolumeRoot,
    bindMountRoot: site.bindMountRoot,
    env: envWithImageSecrets(g, index),
    secrets: resolveSecretDecls(site.secrets, 'secrets'),
    secretsBackend: site.secrets.backend,
    ...(site.secrets.vault !== undefined ? { vault: site.secrets.vault } : {}),
    region: site.region,
    datacenter: site.datacenter,
    domain: site.domain,
    certresolver: site.certresolver,
    dns: site.dns,
    nomadAddress: site.nomad.address,
    consulAddress: site.consul.address,
    ...(otelOn && site.otel ? { otelEndpoint: site.otel.endpoint } : {}),
    ...(g.otel?.serviceName !== undefined ? { otelServiceName: g.otel.serviceName } : {}),
    agents: g.agents,
    ...(g.agentDefaults !== undefined ? { agentDefaults: g.agentDefaults } : {}),
    bindings: g.bindings,
    ...(g.channels !== undefined ? { channels: g.channels } : {}),
    ...(g.models !== undefined ? { models: g.models } : {}),
    ...(g.homepage !== undefined && g.homepage !== false ? { homepage: g.homepage } : {}),
    traefik: g.traefik,
    traefikMiddlewares: g.traefikMiddlewares,
    ...(g.forcePull !== undefined ? { forcePull: g.forcePull } : {}),
    ...(g.imagePullTimeout !== undefined ? { imagePullTimeout: g.imagePullTimeout } : {}),
    ...(g.allowUnpinnedImage ? { allowUnpinnedImage: true } : {}),
    ...(g.jobShape !== 'octant' ? { jobShape: g.jobShape } : {}),
    ...(Object.keys(g.variableEnv).length > 0 ? { variableEnv: g.variableEnv } : {}),
    backup: g.backup,
    imageRecipe: g.imageRecipe,
    names: g.names,
    templates: g.templates,
    ...(Object.keys(extraFiles).length > 0 ? { extraFiles } : {}),
    mounts: [
      ...g.mounts,
      // The host's tailscaled socket at the same path, where the image's `tailscale` looks.
      ...(g.imageRecipe.tailscale !== undefined
        ? [{ source: g.imageRecipe.tailscale.socket, target: g.imageRecipe.tailscale.socket }]
        : []),
    ],
    ...(g.healthCheck !== undefined ? { healthCheck: g.healthCheck } : {}),
    configFile: g.configFile,
    // Checked against the release's schema when openclaw.json is rendered (openClawConfig).
    ...(g.config !== undefined ? { config: g.config as OpenClawConfig } : {}),
    ...(g.configOverrides !== undefined ? { configOverrides: g.configOverrides } : {}),
    variables: g.variables.map((v) => ({
      name: v.name,
      type: v.type,
      description: v.description ?? `${v.name} (module variable of ${g.name})`,
      ...(v.default !== undefined ? { default: v.default } : {}),
      ...(v.sensitive ? { sensitive: true } : {}),
    })),
    ...(g.overrides.length > 0
      ? { overrides: g.overrides.map((o) => ({ path: o.path, value: o.value })) }
      : {}),
  };
}

/** Resolves gateway `index` of a site. */
export function gatewaySettingsFromSite(site: Site, index: number): GatewaySettings {
  return resolveGatewaySettings(gatewayOptionsFromSite(site, index), `gateways[${index}]`);
}
