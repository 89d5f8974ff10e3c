import type { Diagnostic } from './nomad/validate';
import { jobDiagnostics, jobspecHcl, type OctantService } from './terraform/octant-service';

/**
 * Testing helpers for operators' cdktf apps, beside cdktf's own `Testing` matchers:
 *
 *     expect(renderJobspec(gateway)).toMatchSnapshot();
 *     expect(Testing.synth(stack)).toHaveResourceWithProperties(Job, { ... });
 */

/** The canonical HCL jobspec of a service (overrides applied), as synth writes it. */
export function renderJobspec(service: OctantService): string {
  return jobspecHcl(service.jobFile);
}

/** The Nomad layer's findings on a service's jobspec (errors and warnings). */
export function jobspecDiagnostics(service: OctantService): readonly Diagnostic[] {
  return jobDiagnostics(service.jobFile);
}
