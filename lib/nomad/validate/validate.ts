import { Job, JobFile, Service, Task, VarValue } from '../model';
import { resolveVars } from '../resolve';
import { isUserError } from '../../util/errors';
import { Diagnostic, Report } from './diagnostic';
import { GroupCtx, JobCtx, TaskCtx } from './context';
import { checkJob, VARIABLE_UNRESOLVED } from './job';
import { checkEnv, checkMeta, checkName, checkUnique } from './names';
import { checkNetwork } from './network';
import { checkScheduling } from './scheduling';
import { checkService, checkServiceDuplicates } from './services';
import { checkLeaders, checkTask } from './task';
import { checkTemplates } from './templates';
import { checkTaskBlocks } from './task-blocks';
import { checkIdentities } from './identity';
import { checkActions, checkSecrets } from './task-actions';
import { checkCanaryVolumes, checkRestart, checkUpdate, mergedUpdate } from './update';
import { checkMemoryMax, checkShutdownDelay } from './admission';
import { checkGroupMigrate, checkGroupReschedule } from './reschedule';
import { checkPodmanConfig } from './podman';
import { checkParameterizedMeta, checkPeriodicSpec, checkUi } from './periodic';
import { checkScaling } from './scaling';
import { checkAutoPromote, checkDisconnect, checkEphemeralDisk, checkMaxParallel } from './group';
import { checkGroupServices, checkServiceScope } from './service-scope';
import { arrayOf, duration, numberOf, text } from './values';
import { checkVolumeMounts, checkVolumes } from './volumes';

export interface ValidateOptions {
  /** Values for the file's HCL2 variables. @default - the variables' defaults */
  readonly vars?: Readonly<Record<string, VarValue>>;
  /**
   * Whether the cluster enables memory oversubscription (Nomad's scheduler configuration); when
   * it does not, Nomad ignores `memory_max` and warns.
   * @default false (Nomad's default)
   */
  readonly memoryOversubscription?: boolean;
}

function isJobFile(input: JobFile | Job): input is JobFile {
  return 'job' in input && typeof (input as { job?: unknown }).job === 'object';
}

/**
 * Checks a jobspec offline, the way `nomad job validate` would, plus Octant conventions.
 * A JobFile is resolved first (given vars, then defaults) so the checks see concrete values;
 * a bare Job is checked as it is and fields still holding references are skipped.
 */
export function validate(input: JobFile | Job, opts: ValidateOptions = {}): Diagnostic[] {
  const r = new Report();
  let job: Job;
  if (isJobFile(input)) {
    try {
      job = resolveVars(input, opts.vars);
    } catch (e) {
      if (!isUserError(e)) throw e;
      r.add(VARIABLE_UNRESOLVED, e.where, e.rule, e.fix);
      return r.diagnostics;
    }
  } else {
    job = input;
  }
  const at = `job[${job.name}]`;
  const c: JobCtx = { r, job, at, type: text(job.type) ?? 'service' };
  const oversubscription = opts.memoryOversubscription ?? false;
  checkName(r, 'job', job.name, at);
  checkJob(c);
  checkPeriodicSpec(c);
  checkParameterizedMeta(c);
  checkUi(c);
  checkMeta(r, job.meta, at);
  checkScheduling(r, at, job);
  const groups = arrayOf(job.group);
  checkUnique(
    r,
    'group',
    groups.map((g) => g.name),
    (n) => `${at}.group[${n}]`,
  );
  for (const group of groups) checkGroup(c, group, oversubscription);
  checkAutoPromote(c);
  return r.diagnostics;
}

/** Port labels of the group network, with those Nomad adds for Connect sidecars. */
function groupPortLabels(group: Job['group'][number]): Set<string> {
  const labels = new Set(arrayOf(group.network?.port).map((p) => p.label));
  for (const s of arrayOf(group.service)) {
    if (s.connect?.sidecarService === undefined) continue;
    const port = text(s.connect.sidecarService.port);
    labels.add(port ?? `connect-proxy-${text(s.name) ?? ''}`);
  }
  return labels;
}

/** The update block a group ends up with, and the volume rules that read its canaries. */
function checkGroupUpdate(g: GroupCtx): void {
  const { group, groupAt } = g;
  // Nomad checks the merged block per group (a job-level problem several groups inherit is
  // reported once).
  const update = mergedUpdate(g.job, group);
  checkVolumes(g, numberOf(update?.canary) ?? 0);
  if (!update) return;
  const own = group.update ? { at: `${groupAt}.update`, own: group.update } : undefined;
  const src = { job: `${g.at}.update`, ...(own ? { group: own } : {}) };
  checkUpdate(g, update, src);
  checkCanaryVolumes(g, update, src);
  const maxAt = group.update?.maxParallel !== undefined ? groupAt : g.at;
  checkMaxParallel(g, update.maxParallel, `${maxAt}.update.max_parallel`);
}

function checkGroup(c: JobCtx, group: Job['group'][number], oversubscription: boolean): void {
  const { r } = c;
  const groupAt = `${c.at}.group[${group.name}]`;
  const g: GroupCtx = { ...c, group, groupAt, portLabels: groupPortLabels(group) };
  checkName(r, 'group', group.name, groupAt);
  checkMeta(r, group.meta, groupAt);
  checkScheduling(r, groupAt, group);
  checkNetwork(g);
  checkGroupUpdate(g);
  checkDisconnect(g);
  checkEphemeralDisk(g);
  if (group.restart) checkRestart(r, c.type, group.restart, `${groupAt}.restart`);
  checkGroupReschedule(g);
  checkGroupMigrate(g);
  checkScaling(g);
  duration(r, group.shutdownDelay, `${groupAt}.shutdown_delay`);
  checkShutdownDelay(g);
  checkMemoryMax(g, oversubscription);
  const tasks = arrayOf(group.task);
  checkUnique(
    r,
    'task',
    tasks.map((t) => t.name),
    (n) => `${groupAt}.task[${n}]`,
  );
  checkLeaders(g);
  const services: GroupService[] = [];
  arrayOf(group.service).forEach((svc, i) => {
    const serviceAt = `${groupAt}.service[${i}]`;
    services.push({ svc, at: serviceAt, owner: '' });
    checkService({ ...g, service: svc, serviceAt });
    checkServiceScope({ ...g, service: svc, serviceAt });
  });
  for (const task of tasks) checkGroupTask(g, task, services);
  checkServiceDuplicates(g, services);
  checkGroupServices(g, services);
}

type GroupService = { svc: Service; at: string; owner: string };

/** One task of a group; its services join the group's list (checked across the group). */
function checkGroupTask(g: GroupCtx, task: Task, services: GroupService[]): void {
  const { r, group } = g;
  const taskAt = `${g.groupAt}.task[${task.name}]`;
  const t: TaskCtx = { ...g, task, taskAt };
  checkName(r, 'task', task.name, taskAt);
  checkTask(t);
  checkPodmanConfig(t);
  checkEnv(r, task.env, taskAt);
  checkMeta(r, task.meta, taskAt);
  checkScheduling(r, taskAt, task, true);
  checkVolumeMounts(t);
  checkTemplates(t);
  checkTaskBlocks(t);
  checkIdentities(t);
  checkActions(t);
  checkSecrets(t);
  if (task.restart) checkRestart(r, g.type, task.restart, `${taskAt}.restart`, group.restart ?? {});
  arrayOf(task.service).forEach((svc, i) => {
    const serviceAt = `${taskAt}.service[${i}]`;
    services.push({ svc, at: serviceAt, owner: task.name });
    checkService({ ...g, service: svc, serviceAt, task });
    checkServiceScope({ ...g, service: svc, serviceAt, task });
  });
}
