import { z } from 'zod';
import {
  MODULE_PATH_FIX,
  MODULE_PATH_PATTERN,
  modulePathClashes,
  modulePathProblem,
} from '../../util/boundary';
import { TERRAFORM_NAME } from '../terraform-name';

/**
 * A service of the site that is not an OpenClaw gateway: any Octant service module, written by
 * hand or read by `openclaw-octant import`. The job is a jobspec file (HCL2, its `variable`
 * blocks fed from module variables); the module's wiring (variables, 1Password reads into
 * `nomad/jobs/<job>`, files beside it) is typed here.
 */

const serviceName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, {
  message: 'must be lowercase letters, digits, "-" and "_", starting with a letter or digit',
});

/** Keys of `nomad/jobs/<job>`: what a template reads as `{{ .key }}`. */
export const VARIABLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Nomad variable path under nomad/jobs/: plain segments, no `.` or `..`, no empty one. */
const variablePathSchema = z
  .string()
  .regex(/^nomad\/jobs\/[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/, {
    message:
      'must be nomad/jobs/<name>[/<name>...]: segments of letters, digits, "_", "-" and ".", none of them "." or ".."',
  });

/** A file's path inside the module folder (the rule: modulePathProblem in lib/util/boundary.ts). */
export const modulePath = z
  .string()
  .superRefine((p, ctx) => {
    const problem = modulePathProblem(p);
    if (problem === undefined) return;
    ctx.addIssue({ code: 'custom', message: problem, params: { fix: MODULE_PATH_FIX } });
  })
  .meta({ pattern: MODULE_PATH_PATTERN });

/** Files copied into the module folder: its path there -> the path relative to the site file. */
export const moduleFiles = z.record(modulePath, z.string().min(1)).superRefine((files, ctx) => {
  for (const [name, why] of modulePathClashes(Object.keys(files), new Set())) {
    ctx.addIssue({
      code: 'custom',
      path: [name],
      message: why,
      params: { fix: 'give the file or the folder another name' },
    });
  }
});

const variableName = z.string().regex(TERRAFORM_NAME, {
  message: 'must be a Terraform variable name',
});

/** A JSON value (variable defaults, override values). */
export type Json = string | number | boolean | Json[] | { [k: string]: Json };
export const jsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

export const moduleVariableSchema = z
  .strictObject({
    name: variableName.describe('Terraform variable name.'),
    type: z
      .enum(['string', 'number', 'bool', 'list(string)', 'map(string)'])
      .default('string')
      .describe('Terraform type. @default "string"'),
    default: jsonValue
      .optional()
      .describe('Default value. @default - required: the operator sets it'),
    description: z.string().optional().describe('@default - a generic description'),
    sensitive: z.boolean().optional().describe('@default false'),
  })
  .describe(
    "A module variable. Octant's standard variables (nomad, consul, region, datacenter, image, " +
      'domain, certresolver, servicename, dns, op_vault_name) may be listed to change their default.',
  );

export const serviceSecretSchema = z
  .strictObject({
    op: z
      .string()
      .describe(
        '1Password reference of the field: op://<vault>/<item>/<field> (built-in fields such as ' +
          'username, password, credential, or any custom field by label) or ' +
          'op://<vault>/<item>/<section>/<field>.',
      ),
    description: z.string().optional().describe('Shown in the module README.'),
  })
  .describe('One key of nomad/jobs/<job>, read from 1Password by Terraform. Never holds a value.');

export const serviceSchema = z
  .strictObject({
    name: serviceName.describe('Module folder name (`terraform/<name>/`).'),
    jobspec: z
      .string()
      .min(1)
      .describe(
        'Jobspec file (HCL2), relative to the site file. Its `variable` blocks are fed from ' +
          'module variables (see jobVars); everything Nomad accepts may be written in it.',
      ),
    jobVars: z
      .record(variableName, variableName)
      .default({})
      .describe(
        'Jobspec variable -> module variable feeding it (`nomad_job.hcl2.vars`). A jobspec ' +
          'variable not listed is fed from the module variable of the same name. @default {}',
      ),
    extraJobs: z
      .array(
        z.strictObject({
          jobspec: z
            .string()
            .min(1)
            .describe('Jobspec file (HCL2) of the further job, relative to the site file.'),
          jobVars: z
            .record(variableName, variableName)
            .default({})
            .describe(
              'Jobspec variable -> module variable feeding it, as for the first job. @default {}',
            ),
        }),
      )
      .default([])
      .describe(
        'Further jobs the module registers (e.g. a load balancer beside its proxy), each written ' +
          'as `<job name>.nomad.hcl` with its own `nomad_job`. @default []',
      ),
    variables: z
      .array(moduleVariableSchema)
      .default([])
      .describe(
        "Module variables. Octant's standard set is always declared (with today's Octant " +
          'defaults unless listed here). @default []',
      ),
    secrets: z
      .record(
        z.string().regex(VARIABLE_KEY, { message: 'must be [A-Za-z_][A-Za-z0-9_]*' }),
        serviceSecretSchema,
      )
      .default({})
      .describe(
        'Keys of the `nomad_variable` at nomad/jobs/<job> read from 1Password. @default {}',
      ),
    variablePath: variablePathSchema
      .optional()
      .describe(
        'Path of the nomad_variable holding `secrets` and `variableFiles`. @default - nomad/jobs/<job name>',
      ),
    extraVariables: z
      .array(
        z.strictObject({
          path: variablePathSchema.describe('Path of the nomad_variable.'),
          secrets: z
            .record(
              z.string().regex(VARIABLE_KEY, { message: 'must be [A-Za-z_][A-Za-z0-9_]*' }),
              serviceSecretSchema,
            )
            .describe('Its keys, read from 1Password.'),
        }),
      )
      .default([])
      .describe(
        'Further nomad_variables the module writes from 1Password at other paths (e.g. the ' +
          'credentials of another job that reads them). @default []',
      ),
    variableFiles: z
      .record(
        z.string().regex(VARIABLE_KEY, { message: 'must be [A-Za-z_][A-Za-z0-9_]*' }),
        modulePath,
      )
      .default({})
      .describe(
        'Keys of nomad/jobs/<job> holding the content of a module file (a config file listed ' +
          'under `files`, by its path in the module), as `data "local_file"` does in ' +
          'hand-written modules. @default {}',
      ),
    variableInputs: z
      .record(
        z.string().regex(VARIABLE_KEY, { message: 'must be [A-Za-z_][A-Za-z0-9_]*' }),
        variableName,
      )
      .default({})
      .describe(
        'Keys of nomad/jobs/<job> set from a module variable (e.g. an API key the operator ' +
          'passes as a sensitive variable): key -> module variable. @default {}',
      ),
    files: moduleFiles
      .default({})
      .describe(
        'Files copied into the module folder: path in the module (a plain name or folders ' +
          'below it, e.g. config/teams/family/openclaw.json) -> path relative to the site ' +
          'file. @default {}',
      ),
    description: z
      .string()
      .optional()
      .describe('What the service is (module README). @default - a generic sentence'),
  })
  .describe('A service that is not an OpenClaw gateway (any Octant module).');

export type ServiceConfig = z.infer<typeof serviceSchema>;
export type ServiceConfigInput = z.input<typeof serviceSchema>;
