// The cdktf app, in the cdktf template's shape: stack classes, `new App()`, `app.synth()`.
// `npx cdktf synth` runs it (cdktf.json -> `openclaw-octant cdktf-app`), and so does
// `npm run synth`: one synth path, one set of bytes.
import * as path from 'path';
import type { Construct } from 'constructs';
import { loadSite } from './homelab/load';
import { buildSite } from './lib/openclaw/build';
import { OpenClawGateway, type OpenClawGatewayProps } from './lib/openclaw/gateway';
import { consulReadmeSection, podmanReadmeSection } from './lib/openclaw/standalone/readme';
import {
  CONSUL_STACK,
  OctantApp,
  OctantStack,
  PODMAN_STACK,
  localStatePath,
  type OctantAppProps,
} from './lib/terraform/app';
import { ConsulStack, type ConsulStackSpec } from './lib/terraform/consul-stack';
import { PodmanStack, type PodmanStackSpec } from './lib/terraform/podman-stack';
import { addOutputFiles, stackDirOf } from './lib/terraform/stack-files';
import { exampleJobs } from './lib/synth';

/** Phase 3: one stack per gateway, holding its Octant module. */
class GatewayStack extends OctantStack {
  constructor(scope: Construct, id: string, props: OpenClawGatewayProps) {
    super(scope, id);
    new OpenClawGateway(this, 'gateway', props);
  }
}

/** Phase 1: the first gateway as a plain Podman container, with a README on the host setup. */
class GatewayPodmanStack extends PodmanStack {
  constructor(scope: Construct, id: string, spec: PodmanStackSpec) {
    super(scope, id, { ...spec, localStatePath: spec.localStatePath ?? localStatePath(id) });
    addOutputFiles(
      this,
      (s) => new Map([[path.join(stackDirOf(s), 'README.md'), podmanReadmeSection(spec)]]),
    );
  }
}

/** Phase 2: its Consul registration. */
class GatewayConsulStack extends ConsulStack {
  constructor(scope: Construct, id: string, spec: ConsulStackSpec) {
    super(scope, id, { ...spec, localStatePath: spec.localStatePath ?? localStatePath(id) });
    addOutputFiles(
      this,
      (s) => new Map([[path.join(stackDirOf(s), 'README.md'), consulReadmeSection(spec)]]),
    );
  }
}

export interface MainOptions extends OctantAppProps {
  /** Site description. @default - $OPENCLAW_OCTANT_SITE, else the embedded default site */
  readonly sitePath?: string;
  /** Also write the example sites' jobspecs. @default - with the embedded default site only */
  readonly exampleJobs?: boolean;
}

/** Builds the app of the site and synthesizes it; returns the app and the site's warnings. */
export function main(options: MainOptions = {}): { app: OctantApp; warnings: string[] } {
  const sitePath = options.sitePath ?? process.env.OPENCLAW_OCTANT_SITE;
  const site = buildSite(loadSite(sitePath));
  const { sitePath: _site, exampleJobs: _examples, ...appProps } = options;
  void _site;
  void _examples;
  const app = new OctantApp(appProps);
  for (const gateway of site.gatewayOptions)
    new GatewayStack(app, gateway.name ?? 'openclaw', gateway);
  if (site.standalone.podman) new GatewayPodmanStack(app, PODMAN_STACK, site.standalone.podman);
  if (site.standalone.consul) new GatewayConsulStack(app, CONSUL_STACK, site.standalone.consul);
  // With the embedded site, the example sites' jobspecs are kept for review too.
  if (options.exampleJobs ?? sitePath === undefined)
    for (const [rel, job] of exampleJobs()) app.addJobspec(rel, job);

  app.synth();
  const warnings = site.warnings.map((w) => `${w.where}: ${w.rule}`);
  return { app, warnings: [...(app.lastSynth?.warnings ?? []), ...warnings] };
}

if (require.main === module) main();
