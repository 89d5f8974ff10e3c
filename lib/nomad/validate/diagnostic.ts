/** One finding of the offline validator. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  /** Kebab-case rule id, e.g. `port-label-undefined`. */
  readonly rule: string;
  /** Where, with HCL block names: `job[x].group[y].task[z].volume_mount[0].volume`. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
}

/** A named check and the Nomad documentation page it enforces. */
export interface Rule {
  readonly id: string;
  readonly severity: 'error' | 'warning';
  /** developer.hashicorp.com page the rule comes from. */
  readonly doc: string;
  /** One line: what the rule requires. */
  readonly summary: string;
}

const DOCS = 'https://developer.hashicorp.com/nomad/docs/job-specification/';
const REGISTRY = new Map<string, Rule>();

/**
 * Registers a rule once, at module load. `block` is the job-specification page name
 * (`template`, `network`...).
 */
export function defineRule(
  id: string,
  severity: Rule['severity'],
  block: string,
  summary: string,
): Rule {
  if (REGISTRY.has(id)) throw new Error(`validator rule '${id}' is registered twice`);
  const rule: Rule = { id, severity, doc: DOCS + block, summary };
  REGISTRY.set(id, rule);
  return rule;
}

/** Every registered rule, in registration order. */
export function allRules(): readonly Rule[] {
  return [...REGISTRY.values()];
}

/** Collects diagnostics while the checks walk the job. */
export class Report {
  public readonly diagnostics: Diagnostic[] = [];

  /** Records a finding once: a problem several groups inherit from the job is one finding. */
  public add(rule: Rule, path: string, message: string, hint: string): void {
    const seen = this.diagnostics.some(
      (d) => d.rule === rule.id && d.path === path && d.message === message,
    );
    if (seen) return;
    this.diagnostics.push({ severity: rule.severity, rule: rule.id, path, message, hint });
  }
}
