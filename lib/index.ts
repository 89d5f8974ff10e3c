/**
 * openclaw-octant as a library: the constructs an operator's own cdktf app uses, the Nomad
 * jobspec layer, and a small testing helper.
 *
 *     import { OctantStack, OctantService, OpenClawGateway } from 'openclaw-octant';
 *     import { renderJobspec } from 'openclaw-octant/testing';
 *     import { renderHcl, validate } from 'openclaw-octant/nomad';
 */
export {
  OctantApp,
  OctantStack,
  localStatePath,
  PODMAN_STACK,
  CONSUL_STACK,
} from './terraform/app';
export type { OctantAppProps, OctantStackProps, OctantSynthResult } from './terraform/app';
export { OctantService, OctantServiceErrors, OCTANT_MODULES_DIR } from './terraform/octant-service';
export type {
  OctantServiceProps,
  OctantServiceModuleProps,
  OctantServiceCommonProps,
} from './terraform/octant-service';
export { addOutputFiles, stackDirOf } from './terraform/stack-files';
export {
  Duration,
  HealthCheck,
  Image,
  Resources,
  ServiceErrors,
  serviceModule,
} from './octant/service';
export type {
  HealthCheckOptions,
  HomepageEntry,
  OctantServiceOptions,
  ServiceVolume,
} from './octant/service';
export { applyJobOverrides, OverrideErrors } from './octant/job-override';
export type { JobOverride } from './octant/job-override';
export type {
  OctantServiceModule,
  ModuleVariable,
  HostVolumeSpec,
  ModuleReadme,
  ModulePort,
} from './octant/module-spec';
export { STANDARD_VARIABLES, moduleVariables } from './octant/variables';
export { OpenClawGateway, GatewaySpec } from './openclaw/gateway';
export type { OpenClawGatewayProps } from './openclaw/gateway';
export type { GatewayOptions, GatewaySettings } from './openclaw/gateway-settings';
export type { SecretDecl, SecretSource, OnePasswordSource, VaultKvSource } from './secrets/secret';
export { UserError } from './util/errors';
export { renderJobspec } from './testing';
