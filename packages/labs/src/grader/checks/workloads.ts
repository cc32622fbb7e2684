/** Checks on running workloads: rollouts, ready pods, Service endpoints and container logs. */
import type { KubeObject } from '../../client/kube-client';
import { diagnoseObjects, diagnosePods, diagnoseService } from '../diagnose';
import {
  describeTarget,
  isPodReady,
  podsSelectedBy,
  readTarget,
  selectorString,
  serviceSelector,
} from '../targets';
import { join, text } from '../text';
import type { Evaluator } from '../types';

/** kubectl rollout status's conditions (polymorphichelpers/rollout_status.go), per kind. */
function rolloutProgress(obj: KubeObject): { done: boolean; ready: number; desired: number } {
  const spec = obj.spec ?? {};
  const status = obj.status ?? {};
  const observed = (status.observedGeneration ?? 0) >= (obj.metadata.generation ?? 0);
  if (obj.kind === 'DaemonSet') {
    const desired = status.desiredNumberScheduled ?? 0;
    const ready = Math.min(status.updatedNumberScheduled ?? 0, status.numberAvailable ?? 0);
    return { done: observed && ready >= desired, ready, desired };
  }
  const desired = spec.replicas ?? 1;
  if (obj.kind === 'StatefulSet') {
    const ready = Math.min(
      status.readyReplicas ?? 0,
      status.updatedReplicas ?? status.readyReplicas ?? 0,
    );
    const revisionDone =
      spec.updateStrategy?.type === 'OnDelete' || status.updateRevision === status.currentRevision;
    return { done: observed && ready >= desired && revisionDone, ready, desired };
  }
  const updated = status.updatedReplicas ?? 0;
  const ready = Math.min(updated, status.availableReplicas ?? 0);
  const noOld = (status.replicas ?? 0) <= updated;
  return { done: observed && updated >= desired && noOld && ready >= desired, ready, desired };
}

export const rolledOut: Evaluator<'rolledOut'> = async (check, _target, client) => {
  const found = await readTarget(client, check.target);
  const obj = found.objects[0];
  if (!obj) {
    return {
      passed: false,
      found: 'not found',
      expected: 'rolled out',
      message: text(`${found.label.en} was not found.`, `未找到 ${found.label.zh}。`),
    };
  }
  const progress = rolloutProgress(obj);
  const replicasOk = check.replicas === undefined || progress.desired === check.replicas;
  const passed = progress.done && replicasOk;
  const expected = check.replicas ?? progress.desired;
  const message = passed
    ? text(
        `${found.label.en} is rolled out: ${progress.ready}/${progress.desired} updated and ready.`,
        `${found.label.zh} 已完成发布：${progress.ready}/${progress.desired} 个副本已更新且就绪。`,
      )
    : !replicasOk
      ? text(
          `${found.label.en} wants ${progress.desired} replicas, expected ${check.replicas}.`,
          `${found.label.zh} 的期望副本数为 ${progress.desired}，应为 ${check.replicas}。`,
        )
      : text(
          `${found.label.en} is not rolled out: ${progress.ready} of ${expected} replicas are updated and ready.`,
          `${found.label.zh} 尚未完成发布：${expected} 个副本中只有 ${progress.ready} 个已更新且就绪。`,
        );
  return {
    passed,
    found: `${progress.ready}/${progress.desired} ready`,
    expected: `${expected}/${expected} ready`,
    message,
    diagnosis: passed ? undefined : await diagnoseObjects(client, found.resource, [obj]),
  };
};

export const podsReady: Evaluator<'podsReady'> = async (check, _target, client) => {
  const namespace = check.namespace ?? 'default';
  const pods = await podsSelectedBy(client, namespace, check.selector);
  const ready = pods.filter(isPodReady);
  const want = check.count ?? 1;
  const label = describeTarget({ kind: 'Pod', selector: check.selector }, namespace);
  const passed = ready.length >= want;
  return {
    passed,
    found: `${ready.length} ready`,
    expected: `at least ${want} ready`,
    message: text(
      `${ready.length} of ${pods.length} pods matching ${check.selector} are Ready, expected at least ${want}.`,
      `匹配 ${check.selector} 的 ${pods.length} 个 Pod 中有 ${ready.length} 个就绪，期望至少 ${want} 个。`,
    ),
    diagnosis: passed
      ? undefined
      : pods.length
        ? await diagnosePods(client, pods)
        : text(`No pod matches: ${label.en}.`, `没有匹配的 Pod：${label.zh}。`),
  };
};

export const serviceEndpoints: Evaluator<'serviceEndpoints'> = async (check, _target, client) => {
  const namespace = check.namespace ?? 'default';
  const services = await client.resource('Service');
  const svc = services && (await client.get(services, namespace, check.service));
  const label = describeTarget({ kind: 'Service', name: check.service }, namespace);
  if (!svc) {
    return {
      passed: false,
      found: 'not found',
      expected: 'ready endpoints',
      message: text(`${label.en} was not found.`, `未找到 ${label.zh}。`),
    };
  }
  const selected = await podsSelectedBy(client, namespace, serviceSelector(svc));
  const readyPods = selected.filter(isPodReady);
  const want = check.count ?? 1;
  let intended: KubeObject[] | undefined;
  let workloadLabel = text('', '');
  if (check.workload) {
    const workload = await readTarget(client, { namespace, ...check.workload });
    workloadLabel = workload.label;
    const obj = workload.objects[0];
    intended = obj
      ? await podsSelectedBy(client, namespace, selectorString(obj.spec?.selector))
      : [];
  }
  const intendedNames = intended && new Set(intended.map((p) => p.metadata.name));
  const counted = intendedNames
    ? readyPods.filter((p) => intendedNames.has(p.metadata.name))
    : readyPods;
  const passed = counted.length >= want;
  const message = intendedNames
    ? text(
        `${label.en} has ${counted.length} ready endpoints among the pods of ${workloadLabel.en}, expected at least ${want}.`,
        `${label.zh} 在 ${workloadLabel.zh} 的 Pod 中有 ${counted.length} 个就绪端点，期望至少 ${want} 个。`,
      )
    : text(
        `${label.en} has ${counted.length} ready endpoints, expected at least ${want}.`,
        `${label.zh} 有 ${counted.length} 个就绪端点，期望至少 ${want} 个。`,
      );
  return {
    passed,
    found: `${counted.length} endpoints`,
    expected: `at least ${want}`,
    message,
    diagnosis: passed ? undefined : await diagnoseService(client, svc, intended),
  };
};

export const logs: Evaluator<'logs'> = async (check, _target, client) => {
  const found = await readTarget(client, { ...check.target, kind: check.target.kind || 'Pod' });
  const expected = check.contains
    ? `containing "${check.contains}"`
    : `matching /${check.matches}/`;
  if (!found.objects.length) {
    return {
      passed: false,
      found: 'no pod',
      expected,
      message: text(`${found.label.en} was not found.`, `未找到 ${found.label.zh}。`),
    };
  }
  const problems: string[] = [];
  for (const pod of found.objects) {
    let log: string;
    try {
      log = await client.logs(
        pod.metadata.namespace ?? 'default',
        pod.metadata.name ?? '',
        check.container,
      );
    } catch (err) {
      problems.push(`${pod.metadata.name}: ${(err as Error).message}`);
      continue;
    }
    const ok = check.contains
      ? log.includes(check.contains)
      : new RegExp(check.matches ?? '').test(log);
    if (ok) {
      return {
        passed: true,
        found: expected,
        expected,
        message: text(
          `The log of pod ${pod.metadata.name} has a line ${expected}.`,
          `Pod ${pod.metadata.name} 的日志中有${check.contains ? `包含 "${check.contains}"` : `匹配 /${check.matches}/`} 的内容。`,
        ),
      };
    }
    const last = log.trimEnd().split('\n').pop();
    problems.push(`${pod.metadata.name}: ${last ? `last line "${last}"` : 'empty log'}`);
  }
  return {
    passed: false,
    found: problems.join('; '),
    expected,
    message: join([
      text(
        `No log of ${found.label.en} is ${expected}`,
        `${found.label.zh} 的日志中没有${check.contains ? `包含 "${check.contains}"` : `匹配 /${check.matches}/`} 的内容`,
      ),
      text(`(${problems.join('; ')}).`, `（${problems.join('；')}）。`),
    ]),
    diagnosis: await diagnosePods(client, found.objects),
  };
};
