import { Group, Job, Service, Task } from '../model';
import { Report } from './diagnostic';

/** What a check sees: the report and the blocks it sits in, with the HCL path of each. */
export interface JobCtx {
  readonly r: Report;
  readonly job: Job;
  /** `job[<name>]` */
  readonly at: string;
  /** Effective job type (`service` when unset). */
  readonly type: string;
}

export interface GroupCtx extends JobCtx {
  readonly group: Group;
  /** `job[..].group[<name>]` */
  readonly groupAt: string;
  /** Port labels declared in the group network. */
  readonly portLabels: ReadonlySet<string>;
}

export interface TaskCtx extends GroupCtx {
  readonly task: Task;
  readonly taskAt: string;
}

export interface ServiceCtx extends GroupCtx {
  readonly service: Service;
  readonly serviceAt: string;
  /** The task owning the service, when it is a task-level service. */
  readonly task?: Task;
}
