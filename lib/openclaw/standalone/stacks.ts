import * as path from 'path';
import type { Construct } from 'constructs';
import { localStatePath } from '../../terraform/app';
import { ConsulStack, type ConsulStackSpec } from '../../terraform/consul-stack';
import { PodmanStack, type PodmanStackSpec } from '../../terraform/podman-stack';
import { addOutputFiles, stackDirOf } from '../../terraform/stack-files';
import { GATEWAY_PORT } from '../defaults';
import { quadletFiles, quadletReadmeSection } from './quadlet';
import { consulReadmeSection, podmanReadmeSection } from './readme';
import { accessReadmeSection, type TailscaleServeSettings } from './tailscale';

/** Folder of the Quadlet units beside the Phase 1 stack. */
const QUADLET_DIR = 'quadlet';

/**
 * Phase 1: the first gateway as a plain Podman container, with a README on the host setup, the
 * Quadlet units that start it on boot, and how to reach it (Tailscale Serve when enabled).
 */
export class GatewayPodmanStack extends PodmanStack {
  constructor(
    scope: Construct,
    id: string,
    spec: PodmanStackSpec,
    tailscaleServe?: TailscaleServeSettings,
    onboarding?: string,
  ) {
    super(scope, id, { ...spec, localStatePath: spec.localStatePath ?? localStatePath(id) });
    const port = spec.container.ports[0]?.external ?? GATEWAY_PORT;
    const readme =
      podmanReadmeSection(spec) +
      `\n\n### Run it under systemd (Quadlet)\n\n${quadletReadmeSection(spec, QUADLET_DIR)}\n` +
      `\n### Access patterns\n\n${accessReadmeSection(tailscaleServe, port)}\n` +
      (onboarding !== undefined ? `\n### After the first start\n\n${onboarding}\n` : '');
    const units = quadletFiles(spec);
    addOutputFiles(this, (s) => {
      const dir = stackDirOf(s);
      const files = new Map([[path.join(dir, 'README.md'), readme]]);
      for (const [name, content] of units) files.set(path.join(dir, QUADLET_DIR, name), content);
      return files;
    });
  }
}

/** Phase 2: its Consul registration, with a README. */
export class GatewayConsulStack extends ConsulStack {
  constructor(scope: Construct, id: string, spec: ConsulStackSpec) {
    super(scope, id, { ...spec, localStatePath: spec.localStatePath ?? localStatePath(id) });
    const readme = consulReadmeSection(spec);
    addOutputFiles(this, (s) => new Map([[path.join(stackDirOf(s), 'README.md'), readme]]));
  }
}
