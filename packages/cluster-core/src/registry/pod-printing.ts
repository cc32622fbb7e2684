/**
 * Table cells of pods and pod-owning workloads, as pkg/printers/internalversion/printers.go
 * printPod (the STATUS reason logic, READY, RESTARTS with "(5m ago)") and layoutContainerCells.
 */
import type { KubeObject } from '../api/object';
import { age, since } from './printing';
import { isObj, num, type Obj, objs, str } from './spec-access';
import type { PrintContext, TableColumn } from './types';

/** layoutContainerCells: container names and images, comma separated. */
export function containerCells(containers: unknown): [string, string] {
  const list = objs(containers);
  return [list.map((c) => str(c.name)).join(','), list.map((c) => str(c.image)).join(',')];
}

export const CONTAINERS_COLUMN: TableColumn = {
  name: 'Containers',
  type: 'string',
  priority: 1,
  description: 'Names of each container in the template.',
};
export const IMAGES_COLUMN: TableColumn = {
  name: 'Images',
  type: 'string',
  priority: 1,
  description: 'Images referenced by each container in the template.',
};

/**
 * The `-o wide` columns every workload printer with a pod template appends (printers.go:
 * Containers, Images, then Selector described as the kind's selector field).
 */
export function templateWideColumns(selectorDescription: string): TableColumn[] {
  return [
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    { name: 'Selector', type: 'string', priority: 1, description: selectorDescription },
  ];
}

/** Their cells: the template's container names and images, and the selector as printed. */
export function templateWideCells(template: unknown, selector: string): [string, string, string] {
  const containers = isObj(template) && isObj(template.spec) ? template.spec.containers : undefined;
  return [...containerCells(containers), selector];
}

const isRestartableInit = (c: Obj | undefined) => c?.restartPolicy === 'Always';
const timeOf = (t: unknown) => (typeof t === 'string' ? Date.parse(t) : Number.NaN);

function conditionTrue(conditions: unknown, type: string): boolean {
  return objs(conditions).some((c) => c.type === type && c.status === 'True');
}

/** printPod: NAME READY STATUS RESTARTS AGE IP NODE NOMINATED-NODE READINESS-GATES. */
export function podRow(pod: KubeObject, ctx: PrintContext): unknown[] {
  const spec: Obj = isObj(pod.spec) ? pod.spec : {};
  const status: Obj = isObj(pod.status) ? pod.status : {};
  let restarts = 0;
  let restartableRestarts = 0;
  let totalContainers = objs(spec.containers).length;
  let readyContainers = 0;
  let lastRestart = Number.NaN;
  let lastRestartableRestart = Number.NaN;
  const later = (a: number, b: number) => (Number.isNaN(a) || b > a ? b : a);

  const phase = str(status.phase);
  let reason = status.reason ? str(status.reason) : phase;
  for (const c of objs(status.conditions)) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }
  const initContainers = new Map(objs(spec.initContainers).map((c) => [str(c.name), c]));
  for (const c of initContainers.values()) if (isRestartableInit(c)) totalContainers++;

  let initializing = false;
  const initStatuses = objs(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const state: Obj = isObj(cs.state) ? cs.state : {};
    const lastTerminated =
      isObj(cs.lastState) && isObj(cs.lastState.terminated) ? cs.lastState.terminated : undefined;
    restarts += num(cs.restartCount);
    if (lastTerminated) lastRestart = later(lastRestart, timeOf(lastTerminated.finishedAt));
    const restartable = isRestartableInit(initContainers.get(str(cs.name)));
    if (restartable) {
      restartableRestarts += num(cs.restartCount);
      if (lastTerminated)
        lastRestartableRestart = later(lastRestartableRestart, timeOf(lastTerminated.finishedAt));
    }
    const terminated = isObj(state.terminated) ? state.terminated : undefined;
    const waiting = isObj(state.waiting) ? state.waiting : undefined;
    if (terminated && num(terminated.exitCode) === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = terminated.signal
          ? `Init:Signal:${num(terminated.signal)}`
          : `Init:ExitCode:${num(terminated.exitCode)}`;
      } else {
        reason = `Init:${str(terminated.reason)}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initContainers.size}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status.conditions, 'Initialized')) {
    restarts = restartableRestarts;
    lastRestart = lastRestartableRestart;
    let hasRunning = false;
    const statuses = objs(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      const state: Obj = isObj(cs.state) ? cs.state : {};
      restarts += num(cs.restartCount);
      if (isObj(cs.lastState) && isObj(cs.lastState.terminated)) {
        lastRestart = later(lastRestart, timeOf(cs.lastState.terminated.finishedAt));
      }
      const terminated = isObj(state.terminated) ? state.terminated : undefined;
      if (isObj(state.waiting) && state.waiting.reason) {
        reason = str(state.waiting.reason);
      } else if (terminated?.reason) {
        reason = str(terminated.reason);
      } else if (terminated) {
        reason = terminated.signal
          ? `Signal:${num(terminated.signal)}`
          : `ExitCode:${num(terminated.exitCode)}`;
      } else if (cs.ready && isObj(state.running)) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(status.conditions, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed')
    reason = 'Terminating';

  let restartsCell = String(restarts);
  if (restarts !== 0 && !Number.isNaN(lastRestart)) {
    restartsCell = `${restarts} (${since(new Date(lastRestart).toISOString(), ctx)} ago)`;
  }

  const podIP = objs(status.podIPs)[0]?.ip ?? '';
  const gates = objs(spec.readinessGates);
  let readinessGates = '<none>';
  if (gates.length) {
    const trueCount = gates.filter((g) => {
      const cond = objs(status.conditions).find((c) => c.type === g.conditionType);
      return cond?.status === 'True';
    }).length;
    readinessGates = `${trueCount}/${gates.length}`;
  }
  return [
    pod.metadata.name,
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsCell,
    age(pod, ctx),
    str(podIP) || '<none>',
    str(spec.nodeName) || '<none>',
    str(status.nominatedNodeName) || '<none>',
    readinessGates,
  ];
}
