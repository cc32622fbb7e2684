/**
 * The grader explains why: when a check fails, it looks at the state behind the objects it read
 * (their pods, claims, selectors, bindings) and says the cause.
 */
import type { KubeClient, KubeObject, ResourceInfo } from '../../client/kube-client';
import { podsSelectedBy, selectorString } from '../targets';
import { type Text, text } from '../text';
import { diagnoseClaim } from './claims';
import { diagnosePods } from './pods';
import { diagnoseService } from './services';

export { diagnoseAccess } from './access';
export { diagnoseClaim } from './claims';
export { diagnosePod, diagnosePods } from './pods';
export { diagnoseConnection, diagnoseService } from './services';

const WORKLOADS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'ReplicationController',
]);

export async function diagnoseObjects(
  client: KubeClient,
  resource: ResourceInfo | undefined,
  objects: KubeObject[],
): Promise<Text | undefined> {
  const kind = resource?.kind;
  const obj = objects[0];
  if (!kind || !obj) return undefined;
  try {
    if (kind === 'Pod') return await diagnosePods(client, objects);
    if (kind === 'Service') return await diagnoseService(client, obj);
    if (kind === 'PersistentVolumeClaim') {
      const why = await diagnoseClaim(client, obj);
      return (
        why &&
        text(
          `PersistentVolumeClaim ${obj.metadata.name} is ${obj.status?.phase ?? 'Pending'}: ${why.en}.`,
          `PersistentVolumeClaim ${obj.metadata.name} 处于 ${obj.status?.phase ?? 'Pending'} 状态：${why.zh}。`,
        )
      );
    }
    if (WORKLOADS.has(kind)) return await diagnoseWorkload(client, obj);
  } catch {
    // A diagnosis is a bonus: a failure to find one never fails the grading.
  }
  return undefined;
}

async function diagnoseWorkload(client: KubeClient, obj: KubeObject): Promise<Text | undefined> {
  const name = `${obj.kind} ${obj.metadata.name}`;
  if (obj.spec?.paused)
    return text(
      `${name} is paused: run kubectl rollout resume to continue the rollout.`,
      `${name} 已暂停：执行 kubectl rollout resume 以继续发布。`,
    );
  const failure = (
    (obj.status?.conditions ?? []) as {
      type: string;
      status: string;
      reason?: string;
      message?: string;
    }[]
  ).find(
    (c) =>
      (c.type === 'ReplicaFailure' && c.status === 'True') ||
      (c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded') ||
      (c.type === 'Failed' && c.status === 'True'),
  );
  const pods = await podsSelectedBy(
    client,
    obj.metadata.namespace ?? 'default',
    selectorString(obj.spec?.selector),
  );
  const current = pods.filter((p) => !p.metadata.deletionTimestamp);
  const podCause = await diagnosePods(client, current);
  if (podCause) return podCause;
  if (failure?.message) return text(`${name}: ${failure.message}`, `${name}：${failure.message}`);
  if (obj.kind === 'Deployment') {
    const sets = await client.resource('ReplicaSet', 'apps/v1');
    const owned = sets
      ? (await client.list(sets, { namespace: obj.metadata.namespace })).filter((rs) =>
          (rs.metadata.ownerReferences ?? []).some(
            (o: { uid: string }) => o.uid === obj.metadata.uid,
          ),
        )
      : [];
    for (const rs of owned) {
      const c = ((rs.status?.conditions ?? []) as { type: string; message?: string }[]).find(
        (x) => x.type === 'ReplicaFailure',
      );
      if (c?.message)
        return text(
          `ReplicaSet ${rs.metadata.name} cannot create pods: ${c.message}`,
          `ReplicaSet ${rs.metadata.name} 无法创建 Pod：${c.message}`,
        );
    }
  }
  if (!current.length && (obj.spec?.replicas ?? 1) > 0)
    return text(`${name} has no pods yet.`, `${name} 还没有 Pod。`);
  return undefined;
}
