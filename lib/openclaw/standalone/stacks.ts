import * as path from 'path';
import type { Construct } from 'constructs';
import { localStatePath } from '../../terraform/app';
import { ConsulStack, type ConsulStackSpec } from '../../terraform/consul-stack';
import { PodmanStack, type PodmanStackSpec } from '../../terraform/podman-stack';
import { addOutputFiles, stackDirOf } from '../../terraform/stack-files';
import { consulReadmeSection, podmanReadmeSection } from './readme';

/** Phase 1: the first gateway as a plain Podman container, with a README on the host setup. */
export class GatewayPodmanStack extends PodmanStack {
  constructor(scope: Construct, id: string, spec: PodmanStackSpec) {
    super(scope, id, { ...spec, localStatePath: spec.localStatePath ?? localStatePath(id) });
    const readme = podmanReadmeSection(spec);
    addOutputFiles(this, (s) => new Map([[path.join(stackDirOf(s), 'README.md'), readme]]));
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
