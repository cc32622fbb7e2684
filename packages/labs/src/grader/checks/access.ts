/** Checks on who may do what (SubjectAccessReview) and what can reach what (in-cluster connections). */
import { diagnoseAccess, diagnoseConnection } from '../diagnose';
import { isPodReady, podsSelectedBy } from '../targets';
import { text } from '../text';
import type { Evaluator } from '../types';

/** `deployments.apps/scale` → resource, group and subresource, as kubectl auth can-i reads them. */
export function parseResource(spec: string): {
  resource: string;
  group: string;
  subresource: string;
} {
  const [resourceAndGroup, subresource = ''] = spec.split('/');
  const dot = resourceAndGroup.indexOf('.');
  return dot < 0
    ? { resource: resourceAndGroup, group: '', subresource }
    : {
        resource: resourceAndGroup.slice(0, dot),
        group: resourceAndGroup.slice(dot + 1),
        subresource,
      };
}

/** The user and groups an `--as` subject authenticates as. */
export function subjectIdentity(as: {
  user?: string;
  groups?: string[];
  serviceAccount?: string;
}): {
  user: string;
  groups: string[];
  label: string;
} {
  if (as.serviceAccount) {
    const [namespace, name] = as.serviceAccount.split('/');
    return {
      user: `system:serviceaccount:${namespace}:${name}`,
      groups: [
        'system:serviceaccounts',
        `system:serviceaccounts:${namespace}`,
        'system:authenticated',
      ],
      label: `ServiceAccount ${namespace}/${name}`,
    };
  }
  const groups = [...(as.groups ?? []), 'system:authenticated'];
  return { user: as.user ?? '', groups, label: as.user ? `user ${as.user}` : `group ${groups[0]}` };
}

export const canI: Evaluator<'canI'> = async (check, _target, client) => {
  const who = subjectIdentity(check.as);
  const attributes = {
    verb: check.verb,
    ...parseResource(check.resource),
    namespace: check.namespace ?? '',
    name: check.name ?? '',
  };
  const review = await client.create({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    metadata: {},
    spec: { user: who.user || undefined, groups: who.groups, resourceAttributes: attributes },
  });
  const allowed = review.status?.allowed === true;
  const expect = check.expect ?? true;
  const where = check.namespace ? ` in namespace ${check.namespace}` : ' cluster-wide';
  const whereZh = check.namespace ? `（命名空间 ${check.namespace}）` : '（集群范围）';
  const action = `${check.verb} ${check.resource}${check.name ? ` ${check.name}` : ''}`;
  const passed = allowed === expect;
  return {
    passed,
    found: allowed ? 'yes' : 'no',
    expected: expect ? 'yes' : 'no',
    message: allowed
      ? text(
          `${who.label} can ${action}${where}${expect ? '.' : ', expected it not to.'}`,
          `${who.label} 可以 ${action}${whereZh}${expect ? '。' : '，但期望不允许。'}`,
        )
      : text(
          `${who.label} cannot ${action}${where}${expect ? ', expected it to.' : '.'}`,
          `${who.label} 不能 ${action}${whereZh}${expect ? '，但期望允许。' : '。'}`,
        ),
    diagnosis: passed ? undefined : await diagnoseAccess(client, who, attributes, allowed),
  };
};

export const connectivity: Evaluator<'connectivity'> = async (check, _target, client) => {
  const namespace = check.from.namespace ?? 'default';
  const expect = check.expect ?? 'allowed';
  const destination = `${check.host}:${check.port}`;
  let podName = check.from.pod;
  if (!podName && check.from.selector) {
    const pods = await podsSelectedBy(client, namespace, check.from.selector);
    podName = (pods.find(isPodReady) ?? pods[0])?.metadata.name;
  }
  const fromLabel = podName ? `pod ${podName}` : `a pod matching ${check.from.selector}`;
  if (!podName) {
    return {
      passed: false,
      found: 'no pod',
      expected: expect === 'allowed' ? 'connects' : 'blocked',
      message: text(
        `There is no ${fromLabel} in namespace ${namespace} to connect from.`,
        `命名空间 ${namespace} 中没有用于发起连接的 Pod（${check.from.selector}）。`,
      ),
    };
  }
  const result = await client.connect(namespace, podName, check.host, check.port);
  const outcome = result.ok ? 'connected' : result.error;
  // Only a dropped connection (or a lookup cut off by an egress policy) shows a policy blocks it;
  // "refused" means nothing listens there, which says nothing about policies.
  const blocked = !result.ok && (result.error === 'timeout' || result.error === 'unresolved');
  const passed = expect === 'allowed' ? result.ok : blocked;
  const foundText = {
    connected: text('connects', '连接成功'),
    timeout: text('times out (dropped)', '超时（被丢弃）'),
    refused: text('is refused (nothing serves that port)', '被拒绝（该端口没有服务）'),
    unresolved: text(`cannot resolve ${check.host}`, `无法解析 ${check.host}`),
    'no-pod': text(`cannot start: ${fromLabel} is not running`, `无法发起：${fromLabel} 未运行`),
  }[outcome];
  return {
    passed,
    found: foundText.en,
    expected: expect === 'allowed' ? 'connects' : 'blocked',
    message: text(
      `From ${fromLabel} in ${namespace}, a connection to ${destination} ${foundText.en}; expected it to ${expect === 'allowed' ? 'connect' : 'be blocked'}.`,
      `从命名空间 ${namespace} 的 ${fromLabel} 连接 ${destination}：${foundText.zh}；期望${expect === 'allowed' ? '连接成功' : '被阻止'}。`,
    ),
    diagnosis: passed
      ? undefined
      : await diagnoseConnection(client, namespace, check.host, check.port, outcome),
  };
};
