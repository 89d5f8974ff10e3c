import { renderHcl } from './nomad/hcl/render';
import { validate, type Diagnostic } from './nomad/validate';
import type { OctantService } from './terraform/octant-service';

/**
 * Testing helpers for operators' cdktf apps, beside cdktf's own `Testing` matchers:
 *
 *     expect(renderJobspec(gateway)).toMatchSnapshot();
 *     expect(Testing.synth(stack)).toHaveResourceWithProperties(Job, { ... });
 */

/** The canonical HCL jobspec of a service (overrides applied), as synth writes it. */
export function renderJobspec(service: OctantService): string {
  return renderHcl(service.jobFile);
}

/** The Nomad layer's findings on a service's jobspec (errors and warnings). */
export function jobspecDiagnostics(service: OctantService): Diagnostic[] {
  return validate(service.jobFile);
}
