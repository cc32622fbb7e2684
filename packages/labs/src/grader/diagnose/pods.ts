/** Why pods are not Ready: what `kubectl describe pod` and `kubectl logs --previous` would show. */
import type { KubeClient, KubeObject } from '../../client/kube-client';
import { isPodReady } from '../targets';
import { type Text, text } from '../text';
import { diagnoseClaim } from './claims';
import { lastEvent } from './events';

interface ContainerStatus {
  name: string;
  image?: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    terminated?: { reason?: string; exitCode?: number; message?: string };
    running?: unknown;
  };
  lastState?: { terminated?: { reason?: string; exitCode?: number } };
}

/** Causes that only say a pod is not there yet: any specific cause of another pod says more. */
const GENERIC = new WeakSet<Text>();

function generic(t: Text): Text {
  GENERIC.add(t);
  return t;
}

/**
 * The cause for the pods that are not Ready, or undefined when all are: the newest pods first
 * (a rollout's new pods say why it is stuck), and a specific cause (an image, a crash, the
 * scheduler's reason) before one that only says a pod is not ready yet.
 */
export async function diagnosePods(
  client: KubeClient,
  pods: KubeObject[],
): Promise<Text | undefined> {
  const created = (p: KubeObject) => String(p.metadata.creationTimestamp ?? '');
  const notReady = pods
    .filter((p) => !isPodReady(p))
    .sort((a, b) => created(b).localeCompare(created(a)))
    .slice(0, 10);
  let fallback: Text | undefined;
  for (const pod of notReady) {
    const cause = await diagnosePod(client, pod);
    if (cause && !GENERIC.has(cause)) return cause;
    fallback ??= cause;
  }
  return fallback;
}

export async function diagnosePod(client: KubeClient, pod: KubeObject): Promise<Text | undefined> {
  const name = pod.metadata.name;
  const P = { en: `Pod ${name}`, zh: `Pod ${name}` };
  if (pod.metadata.deletionTimestamp)
    return text(`${P.en} is being deleted (Terminating).`, `${P.zh} 正在删除（Terminating）。`);
  if (!pod.spec?.nodeName) {
    const condition = (
      (pod.status?.conditions ?? []) as { type: string; status: string; message?: string }[]
    ).find((c) => c.type === 'PodScheduled' && c.status === 'False');
    const message =
      condition?.message ?? (await lastEvent(client, pod, 'FailedScheduling'))?.message;
    return message
      ? text(
          `${P.en} is Pending and cannot be scheduled: ${message}`,
          `${P.zh} 处于 Pending 状态，无法调度：${message}`,
        )
      : generic(
          text(
            `${P.en} is Pending: no node has been assigned yet.`,
            `${P.zh} 处于 Pending 状态：尚未分配节点。`,
          ),
        );
  }
  const statuses = [
    ...((pod.status?.initContainerStatuses ?? []) as ContainerStatus[]).map((s) => ({
      ...s,
      init: true,
    })),
    ...((pod.status?.containerStatuses ?? []) as ContainerStatus[]).map((s) => ({
      ...s,
      init: false,
    })),
  ];
  for (const s of statuses) {
    const C = s.init ? `init container ${s.name}` : `container ${s.name}`;
    const Czh = s.init ? `Init 容器 ${s.name}` : `容器 ${s.name}`;
    const waiting = s.state?.waiting;
    const reason = waiting?.reason;
    if (
      reason === 'ErrImagePull' ||
      reason === 'ImagePullBackOff' ||
      reason === 'InvalidImageName'
    ) {
      return text(
        `${P.en}: ${C} cannot pull image "${s.image}" (${reason})${waiting?.message ? `: ${waiting.message}` : ''}`,
        `${P.zh}：${Czh} 无法拉取镜像 "${s.image}"（${reason}）${waiting?.message ? `：${waiting.message}` : ''}`,
      );
    }
    if (
      reason === 'CreateContainerConfigError' ||
      reason === 'CreateContainerError' ||
      reason === 'RunContainerError'
    ) {
      return text(
        `${P.en}: ${C} cannot be created (${reason}): ${waiting?.message ?? 'see kubectl describe'}`,
        `${P.zh}：${Czh} 无法创建（${reason}）：${waiting?.message ?? '见 kubectl describe'}`,
      );
    }
    const last = s.lastState?.terminated ?? s.state?.terminated;
    if (
      reason === 'CrashLoopBackOff' ||
      (s.init && s.state?.terminated && s.state.terminated.exitCode !== 0)
    ) {
      const line = await lastLogLine(client, pod, s.name);
      const exit = last
        ? `exit code ${last.exitCode}${last.reason ? `, ${last.reason}` : ''}`
        : 'it exits';
      const exitZh = last
        ? `退出码 ${last.exitCode}${last.reason ? `，${last.reason}` : ''}`
        : '退出';
      if (last?.reason === 'OOMKilled') {
        const limit = containerSpec(pod, s.name)?.resources?.limits?.memory;
        return text(
          `${P.en}: ${C} is killed for using more memory than its limit${limit ? ` (${limit})` : ''} (OOMKilled, restarted ${s.restartCount ?? 0} times).`,
          `${P.zh}：${Czh} 使用的内存超过了限制${limit ? `（${limit}）` : ''}而被杀死（OOMKilled，已重启 ${s.restartCount ?? 0} 次）。`,
        );
      }
      return text(
        `${P.en}: ${C} keeps crashing (${exit}, restarted ${s.restartCount ?? 0} times)${line ? `; its last log line: "${line}"` : '; it logged nothing'}.`,
        `${P.zh}：${Czh} 反复崩溃（${exitZh}，已重启 ${s.restartCount ?? 0} 次）${line ? `；最后一行日志："${line}"` : '；没有输出日志'}。`,
      );
    }
    if (s.state?.terminated && !s.init && pod.status?.phase === 'Failed') {
      return text(
        `${P.en}: ${C} ended with exit code ${s.state.terminated.exitCode} (${s.state.terminated.reason ?? 'Error'}).`,
        `${P.zh}：${Czh} 以退出码 ${s.state.terminated.exitCode} 结束（${s.state.terminated.reason ?? 'Error'}）。`,
      );
    }
    if (reason === 'ContainerCreating' || reason === 'PodInitializing') {
      const volumeCause = await diagnoseVolumes(client, pod);
      if (volumeCause) return volumeCause;
    }
    if (s.state?.running && !s.ready && !s.init) {
      const unhealthy = await lastEvent(client, pod, 'Unhealthy');
      if (unhealthy?.message)
        return text(
          `${P.en}: ${C} is running but not Ready: ${unhealthy.message}`,
          `${P.zh}：${Czh} 正在运行但未就绪：${unhealthy.message}`,
        );
      return generic(
        text(`${P.en}: ${C} is running but not Ready yet.`, `${P.zh}：${Czh} 正在运行但尚未就绪。`),
      );
    }
  }
  if (!statuses.length) {
    const volumeCause = await diagnoseVolumes(client, pod);
    if (volumeCause) return volumeCause;
  }
  const phase = pod.status?.phase ?? 'Pending';
  if (phase === 'Succeeded')
    return text(
      `${P.en} has completed (Succeeded): it is not running any more.`,
      `${P.zh} 已运行完成（Succeeded），不再运行。`,
    );
  return generic(
    text(`${P.en} is ${phase} and not Ready yet.`, `${P.zh} 处于 ${phase} 状态，尚未就绪。`),
  );
}

function containerSpec(
  pod: KubeObject,
  name: string,
): { resources?: { limits?: { memory?: string } } } | undefined {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
    (c: { name: string }) => c.name === name,
  );
}

async function lastLogLine(
  client: KubeClient,
  pod: KubeObject,
  container: string,
): Promise<string | undefined> {
  for (const previous of [true, false]) {
    try {
      const log = await client.logs(
        pod.metadata.namespace ?? 'default',
        pod.metadata.name ?? '',
        container,
        { previous, tailLines: 5 },
      );
      const line = log.trimEnd().split('\n').pop()?.trim();
      if (line) return line;
    } catch {
      // no previous container yet: try the current one
    }
  }
  return undefined;
}

/** Volumes a pod waits for: an unbound claim, a missing ConfigMap or Secret, a failed mount. */
async function diagnoseVolumes(client: KubeClient, pod: KubeObject): Promise<Text | undefined> {
  const namespace = pod.metadata.namespace ?? 'default';
  for (const v of (pod.spec?.volumes ?? []) as {
    persistentVolumeClaim?: { claimName: string };
  }[]) {
    const claimName = v.persistentVolumeClaim?.claimName;
    if (!claimName) continue;
    const claims = await client.resource('PersistentVolumeClaim');
    const claim = claims && (await client.get(claims, namespace, claimName));
    if (!claim)
      return text(
        `Pod ${pod.metadata.name} uses PersistentVolumeClaim ${claimName}, which does not exist.`,
        `Pod ${pod.metadata.name} 使用的 PersistentVolumeClaim ${claimName} 不存在。`,
      );
    if (claim.status?.phase !== 'Bound') {
      const why = await diagnoseClaim(client, claim);
      return text(
        `Pod ${pod.metadata.name} waits for PersistentVolumeClaim ${claimName}, which is ${claim.status?.phase ?? 'Pending'}${why ? `: ${why.en}` : '.'}`,
        `Pod ${pod.metadata.name} 在等待 PersistentVolumeClaim ${claimName}，其状态为 ${claim.status?.phase ?? 'Pending'}${why ? `：${why.zh}` : '。'}`,
      );
    }
  }
  const failed = await lastEvent(client, pod, 'FailedMount');
  if (failed?.message)
    return text(
      `Pod ${pod.metadata.name} cannot mount its volumes: ${failed.message}`,
      `Pod ${pod.metadata.name} 无法挂载卷：${failed.message}`,
    );
  return undefined;
}
