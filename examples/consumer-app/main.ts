// An operator's homelab app: the OpenClaw gateway and a small second service, each an Octant
// module in its own stack. `npm run build && npx cdktf synth` writes cdktf.out/ (with the
// Octant module folders under cdktf.out/octant/terraform/) and nomad-jobs/.
import type { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import {
  Image,
  OctantApp,
  OctantService,
  OctantStack,
  OpenClawGateway,
  Resources,
} from 'openclaw-octant';

export class GatewayStack extends OctantStack {
  public readonly gateway: OpenClawGateway;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.gateway = new OpenClawGateway(this, 'gateway', {
      name: 'openclaw',
      image: 'ghcr.io/openclaw/openclaw:2026.9.6',
      bind: 'loopback',
    });
    // A jobspec field the props do not cover, checked by the Nomad layer's validator.
    this.gateway.addJobOverride('group.openclaw.task.openclaw.kill_timeout', '45s');
    new TerraformOutput(this, 'gateway_url', { value: 'https://openclaw.octant.net' });
  }
}

export class WhoamiStack extends OctantStack {
  public readonly service: OctantService;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.service = new OctantService(this, 'whoami', {
      image: Image.pinned('traefik/whoami:v1.10.3'),
      port: 80,
      resources: Resources.of(50, 64),
      homepage: { group: 'Tools', icon: 'mdi-account' },
    });
  }
}

export function build(app: OctantApp): void {
  new GatewayStack(app, 'openclaw');
  new WhoamiStack(app, 'whoami');
}

if (require.main === module) {
  const app = new OctantApp();
  build(app);
  app.synth();
}
