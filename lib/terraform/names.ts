import type { OctantServiceModule } from '../octant/module-spec';

/** A Terraform block name from free text: `OpenClaw Gateway` -> `openclaw_gateway`. */
export function terraformName(text: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z_]/.test(name) ? name || 'item' : `_${name}`;
}

/** File name of the module's jobspec, read by `nomad_job.jobspec`. */
export function jobspecFileName(module: OctantServiceModule): string {
  return `${module.serviceName}.nomad.hcl`;
}
