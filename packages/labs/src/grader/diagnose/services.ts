/** Why a Service has no endpoints, and why a connection fails. */
import type { KubeClient, KubeObject } from '../../client/kube-client';
import { isPodReady, podsSelectedBy, serviceSelector } from '../targets';
import { type Text, text } from '../text';
import { diagnosePods } from './pods';

function labelsText(pod: KubeObject): string {
  return (
    Object.entries(pod.metadata.labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',') || '(no labels)'
  );
}

export async function diagnoseService(
  client: KubeClient,
  svc: KubeObject,
  intended?: KubeObject[],
): Promise<Text | undefined> {
  const name = svc.metadata.name;
  const namespace = svc.metadata.namespace ?? 'default';
  if (svc.spec?.type === 'ExternalName')
    return text(
      `Service ${name} is an ExternalName Service: it never has endpoints.`,
      `Service ${name} 是 ExternalName 类型，没有端点。`,
    );
  const selector = serviceSelector(svc);
  if (!selector)
    return text(
      `Service ${name} has no selector, so no pods are added to its endpoints automatically.`,
      `Service ${name} 没有选择器，因此不会自动把 Pod 加入其端点。`,
    );
  const selected = await podsSelectedBy(client, namespace, selector);
  if (!selected.length) {
    const candidates = intended?.length ? intended : await podsSelectedBy(client, namespace, '');
    const shown = candidates.slice(0, 3).map((p) => `${p.metadata.name}: ${labelsText(p)}`);
    return text(
      `Service ${name} selects ${selector}, but no pod in namespace ${namespace} has these labels` +
        (shown.length
          ? `; the ${intended?.length ? 'intended ' : ''}pods carry ${shown.join('; ')}.`
          : ' (there are no pods).'),
      `Service ${name} 的选择器为 ${selector}，但命名空间 ${namespace} 中没有 Pod 带有这些标签` +
        (shown.length
          ? `；${intended?.length ? '目标' : ''} Pod 的标签为 ${shown.join('；')}。`
          : '（命名空间中没有 Pod）。'),
    );
  }
  if (intended) {
    const names = new Set(selected.map((p) => p.metadata.name));
    const outside = intended.filter((p) => !names.has(p.metadata.name));
    if (outside.length)
      return text(
        `Service ${name} selects ${selector}, which does not match pod ${outside[0].metadata.name} (${labelsText(outside[0])}).`,
        `Service ${name} 的选择器 ${selector} 不匹配 Pod ${outside[0].metadata.name}（${labelsText(outside[0])}）。`,
      );
  }
  if (!selected.some(isPodReady)) return diagnosePods(client, selected);
  const wrongPort = targetPortProblem(svc, selected[0]);
  if (wrongPort) return wrongPort;
  return undefined;
}

/** A targetPort no container of the backend declares (a common reason a Service "does not work"). */
function targetPortProblem(svc: KubeObject, pod: KubeObject): Text | undefined {
  const containerPorts = (
    (pod.spec?.containers ?? []) as { ports?: { containerPort: number; name?: string }[] }[]
  ).flatMap((c) => c.ports ?? []);
  if (!containerPorts.length) return undefined;
  for (const p of (svc.spec?.ports ?? []) as { port: number; targetPort?: number | string }[]) {
    const target = p.targetPort ?? p.port;
    const ok = containerPorts.some((c) => c.containerPort === target || c.name === target);
    if (!ok)
      return text(
        `Service ${svc.metadata.name} sends port ${p.port} to targetPort ${target}, but the pods listen on ${containerPorts.map((c) => c.containerPort).join(', ')}.`,
        `Service ${svc.metadata.name} 把端口 ${p.port} 转发到 targetPort ${target}，但 Pod 监听的是 ${containerPorts.map((c) => c.containerPort).join(', ')}。`,
      );
  }
  return undefined;
}

export async function diagnoseConnection(
  client: KubeClient,
  namespace: string,
  host: string,
  port: number,
  outcome: string,
): Promise<Text | undefined> {
  const services = await client.resource('Service');
  const [svcName, svcNamespace = namespace] = host.split('.');
  const svc = services && (await client.get(services, svcNamespace, svcName));
  if (outcome === 'refused' && svc) {
    const cause = await diagnoseService(client, svc);
    if (cause) return cause;
    if (!((svc.spec?.ports ?? []) as { port: number }[]).some((p) => p.port === port))
      return text(
        `Service ${svcName} has no port ${port}.`,
        `Service ${svcName} 没有端口 ${port}。`,
      );
  }
  if (outcome === 'timeout' || outcome === 'unresolved') {
    const policies = await client.resource('NetworkPolicy');
    const names = new Set<string>();
    for (const ns of new Set([namespace, svcNamespace])) {
      for (const p of policies ? await client.list(policies, { namespace: ns }) : [])
        names.add(`${ns}/${p.metadata.name}`);
    }
    if (names.size)
      return text(
        `NetworkPolicies apply here (${[...names].join(', ')}); one of them drops this traffic${outcome === 'unresolved' ? ' (DNS lookups on port 53 included)' : ''}.`,
        `这里有 NetworkPolicy 生效（${[...names].join(', ')}），其中之一丢弃了该流量${outcome === 'unresolved' ? '（包括 53 端口的 DNS 查询）' : ''}。`,
      );
    if (outcome === 'unresolved')
      return text(
        `No Service or DNS name ${host} exists from namespace ${namespace}.`,
        `从命名空间 ${namespace} 无法解析名称 ${host}。`,
      );
  }
  return undefined;
}
