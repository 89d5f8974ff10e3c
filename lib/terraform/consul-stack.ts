import { Construct } from 'constructs';
import { LocalBackend, TerraformStack } from 'cdktf';
// Deep imports: the package index loads every resource class of the provider.
import { ConsulProvider } from '@cdktf/provider-consul/lib/provider';
import { Node as ConsulNode } from '@cdktf/provider-consul/lib/node';
import { Service as ConsulService } from '@cdktf/provider-consul/lib/service';
import { terraformName } from './names';
import { terraformLiteral } from './podman-stack';

/**
 * Phase 2: registers the standalone (Podman) gateway in Consul's catalog as an external
 * service, so Traefik's Consul catalog provider routes `https://<service>.<domain>` to it
 * before Nomad runs it. The spec is plain data built by lib/openclaw/standalone/consul.ts.
 */

export interface ConsulNodeSpec {
  /** Catalog node name for the Podman host. */
  readonly name: string;
  /** Address Traefik and the health checker reach the host at. */
  readonly address: string;
  /** Node meta; `external-node`/`external-probe` make consul-esm health-check it. */
  readonly meta: Readonly<Record<string, string>>;
}

export interface ConsulCheckSpec {
  readonly checkId: string;
  readonly name: string;
  /** Full URL, e.g. `http://100.64.0.5:18789/health`. */
  readonly http: string;
  readonly method: string;
  readonly interval: string;
  readonly timeout: string;
  /** Status the check is registered with. @default - Consul's default (critical) */
  readonly status?: 'passing' | 'warning' | 'critical';
  /** @default - never deregister */
  readonly deregisterCriticalServiceAfter?: string;
}

export interface ConsulServiceSpec {
  readonly name: string;
  readonly port: number;
  /** @default - the node address */
  readonly address?: string;
  /** Tags in order (Traefik, homepage). */
  readonly tags: readonly string[];
  readonly meta?: Readonly<Record<string, string>>;
  readonly check: ConsulCheckSpec;
}

export interface ConsulStackSpec {
  /** Consul HTTP API, e.g. `http://consul.octant.net:8500`. */
  readonly address: string;
  readonly datacenter: string;
  readonly node: ConsulNodeSpec;
  readonly service: ConsulServiceSpec;
  /** @default - no backend block (Terraform's default local state) */
  readonly localStatePath?: string;
}

export class ConsulStack extends TerraformStack {
  public readonly catalogNode: ConsulNode;
  public readonly service: ConsulService;

  constructor(scope: Construct, id: string, spec: ConsulStackSpec) {
    super(scope, id);
    if (spec.localStatePath !== undefined) new LocalBackend(this, { path: spec.localStatePath });
    new ConsulProvider(this, 'provider_consul', {
      address: spec.address,
      datacenter: spec.datacenter,
    });

    this.catalogNode = new ConsulNode(this, terraformName(spec.node.name), {
      name: spec.node.name,
      address: spec.node.address,
      datacenter: spec.datacenter,
      meta: { ...spec.node.meta },
    });

    const s = spec.service;
    this.service = new ConsulService(this, terraformName(s.name), {
      name: s.name,
      // `node` is reserved by constructs; the provider binding calls it nodeAttribute.
      nodeAttribute: this.catalogNode.name,
      datacenter: spec.datacenter,
      port: s.port,
      ...(s.address !== undefined ? { address: s.address } : {}),
      tags: s.tags.map(terraformLiteral),
      ...(s.meta !== undefined ? { meta: { ...s.meta } } : {}),
      check: [
        {
          checkId: s.check.checkId,
          name: s.check.name,
          http: terraformLiteral(s.check.http),
          method: s.check.method,
          interval: s.check.interval,
          timeout: s.check.timeout,
          ...(s.check.status !== undefined ? { status: s.check.status } : {}),
          ...(s.check.deregisterCriticalServiceAfter !== undefined
            ? { deregisterCriticalServiceAfter: s.check.deregisterCriticalServiceAfter }
            : {}),
        },
      ],
    });
  }
}

/** Adds the Phase 2 stack to an app (or any scope). */
export function addConsulStack(app: Construct, id: string, spec: ConsulStackSpec): ConsulStack {
  return new ConsulStack(app, id, spec);
}
