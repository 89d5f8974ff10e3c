// The cdktf app, in the cdktf template's shape: stack classes, `new App()`, `app.synth()`.
// `npx cdktf synth` runs it (cdktf.json -> `openclaw-octant cdktf-app`), and so does
// `npm run synth`: one synth path, one set of bytes.
import type { Construct } from 'constructs';
import * as path from 'path';
import { defaultSiteFile, loadSite, namingSiteFile, shownSiteFile } from './homelab/load';
import { buildSite, stateSecretsWarning } from './homelab/build';
import { bothChecks } from './homelab/issues';
import { OpenClawGateway, type GatewaySpec } from './lib/openclaw/gateway';
import {
  CONSUL_STACK,
  OctantApp,
  OctantStack,
  PODMAN_STACK,
  type OctantAppProps,
} from './lib/terraform/app';
import { DEFAULT_JOBS_DIR } from './lib/terraform/defaults';
import type { OctantServiceModule } from './lib/octant/module-spec';
import { buildServiceModules } from './lib/octant/service/build';
import type { JobFile } from './lib/nomad/model';
import { listNames } from './lib/util/boundary';
import { projectRoot } from './lib/util/project-root';
import { OctantService, type OctantServiceCommonProps } from './lib/terraform/octant-service';
import type * as Standalone from './lib/openclaw/standalone/stacks';

/** Phase 3: one stack per gateway, holding its Octant module. */
class GatewayStack extends OctantStack {
  constructor(scope: Construct, id: string, spec: GatewaySpec, props: OctantServiceCommonProps) {
    super(scope, id);
    OpenClawGateway.fromSpec(this, 'gateway', spec, props);
  }
}

/** A site's other services (not gateways): one stack each, holding its Octant module. */
class ServiceStack extends OctantStack {
  constructor(
    scope: Construct,
    id: string,
    module: OctantServiceModule,
    props: OctantServiceCommonProps,
  ) {
    super(scope, id);
    OctantService.fromModule(this, 'service', module, props);
  }
}

/** The example sites whose jobspecs `npm run synth` also keeps in `nomad-jobs/examples/`. */
export const EXAMPLES_DIR = path.join('homelab', 'examples');

/**
 * The jobspecs of the example sites (homelab/examples/<name>.site.yaml), validated like the
 * site's own: `examples/<name>/<service>.nomad.hcl` under the jobs folder. Kept in the repo so
 * that a change to the generator shows its effect on a multi-agent site in review.
 */
export function exampleJobs(root: string = projectRoot(__dirname)): Map<string, JobFile> {
  const examplesDir = path.join(root, EXAMPLES_DIR);
  const jobs = new Map<string, JobFile>();
  for (const name of listNames(examplesDir).filter((f) => f.endsWith('.site.yaml'))) {
    const file = path.join(examplesDir, name);
    const site = loadSite(file);
    const build = namingSiteFile(site, file, () => buildSite(site));
    const example = name.replace(/\.site\.yaml$/, '');
    for (const module of build.modules) {
      jobs.set(path.join('examples', example, `${module.serviceName}.nomad.hcl`), module.job);
      for (const extra of module.extraJobs ?? [])
        jobs.set(path.join('examples', example, `${extra.job.job.name}.nomad.hcl`), extra.job);
    }
  }
  return jobs;
}

export interface MainOptions extends OctantAppProps {
  /** Site description. @default - $OPENCLAW_OCTANT_SITE, else the embedded default site */
  readonly sitePath?: string;
  /** How errors name the site file (as the user typed it). @default - `sitePath` */
  readonly siteName?: string;
  /** Also write the example sites' jobspecs. @default - with the embedded default site only */
  readonly exampleJobs?: boolean;
}

/**
 * Outputs of different sites share folders: each site keeps its own record there (keyed by the
 * site file, relative to the jobs folder's parent, so the key is the same on every clone).
 */
function recordKeyOf(sitePath: string | undefined, jobsDir: string | undefined) {
  const site = sitePath === undefined ? undefined : path.resolve(sitePath);
  if (site === undefined || site === path.resolve(defaultSiteFile())) return {};
  const parent = path.dirname(path.resolve(jobsDir ?? DEFAULT_JOBS_DIR));
  return { recordKey: path.relative(parent, site).split(path.sep).join('/') };
}

/** Builds the app of the site and synthesizes it; returns the app and the site's warnings. */
export function main(options: MainOptions = {}): { app: OctantApp; warnings: string[] } {
  const sitePath = options.sitePath ?? process.env.OPENCLAW_OCTANT_SITE;
  const shown = options.siteName ?? shownSiteFile(sitePath);
  const input = loadSite(sitePath, shown);
  // Files a site names are relative to the site file.
  const siteDir = path.dirname(path.resolve(sitePath ?? defaultSiteFile()));
  // Every problem at once: the gateways' and the services' (each file they name read).
  const [site, services] = namingSiteFile(input, shown, () =>
    bothChecks(
      () => buildSite(input, siteDir),
      () => buildServiceModules(input.services, siteDir),
    ),
  );
  const { sitePath: _site, siteName: _name, exampleJobs: _examples, ...appProps } = options;
  void [_site, _name, _examples];
  const app = new OctantApp({ ...appProps, ...recordKeyOf(sitePath, appProps.jobsDir) });
  const { stateSecrets } = site;
  // The gateways as the site built them (settings resolved once, errors naming site fields).
  site.gatewayOptions.forEach(({ overrides }, i) => {
    const spec = site.gateways[i];
    new GatewayStack(app, spec.name, spec, { ...(overrides ? { overrides } : {}), stateSecrets });
  });
  for (const module of services)
    new ServiceStack(app, module.serviceName, module, { stateSecrets });
  const { podman, consul } = site.standalone;
  if (podman !== undefined || consul !== undefined) {
    // Phases 1 and 2 (Docker and Consul provider classes) load only for sites that use them.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const phases = require('./lib/openclaw/standalone/stacks') as typeof Standalone;
    if (podman)
      new phases.GatewayPodmanStack(
        app,
        PODMAN_STACK,
        podman,
        site.standalone.tailscaleServe,
        site.standalone.onboarding,
      );
    if (consul) new phases.GatewayConsulStack(app, CONSUL_STACK, consul);
  }
  // With the embedded site, the example sites' jobspecs are kept for review too.
  if (options.exampleJobs ?? sitePath === undefined)
    for (const [rel, job] of exampleJobs()) app.addJobspec(rel, job);

  app.synth();
  const warnings = site.warnings.map((w) => `${w.where}: ${w.rule}`);
  const legacy = stateSecretsWarning(stateSecrets);
  if (legacy !== undefined) warnings.push(legacy);
  return { app, warnings: [...(app.lastSynth?.warnings ?? []), ...warnings] };
}

if (require.main === module) main();
