/** The objects a check reads, and how the messages name them. */
import type { KubeClient, KubeObject, ResourceInfo } from '../client/kube-client';
import type { ObjectTarget } from '../schema';
import { type Text, text } from './text';

export interface Targeted {
  resource?: ResourceInfo;
  objects: KubeObject[];
  /** "Deployment web" / "Pods matching app=web in namespace dev", for messages. */
  label: Text;
  namespace?: string;
}

export async function readTarget(client: KubeClient, target: ObjectTarget): Promise<Targeted> {
  const resource = await client.resource(target.kind, target.apiVersion);
  const namespace = resource?.namespaced === false ? undefined : (target.namespace ?? 'default');
  const label = describeTarget(target, namespace);
  if (!resource) return { objects: [], label, namespace };
  if (target.name) {
    const obj = await client.get(resource, namespace, target.name);
    return { resource, objects: obj ? [obj] : [], label, namespace };
  }
  const objects = await client.list(resource, {
    namespace,
    labelSelector: target.selector,
    fieldSelector: target.fieldSelector,
  });
  return { resource, objects, label, namespace };
}

export function describeTarget(target: ObjectTarget, namespace: string | undefined): Text {
  const where =
    namespace && namespace !== 'default'
      ? { en: ` in namespace ${namespace}`, zh: `（命名空间 ${namespace}）` }
      : { en: '', zh: '' };
  if (target.name)
    return text(
      `${target.kind} ${target.name}${where.en}`,
      `${target.kind} ${target.name}${where.zh}`,
    );
  const selectors = [target.selector, target.fieldSelector].filter(Boolean).join(', ');
  if (!selectors)
    return text(`${target.kind} objects${where.en}`, `${target.kind} 对象${where.zh}`);
  return text(
    `${target.kind} objects matching ${selectors}${where.en}`,
    `匹配 ${selectors} 的 ${target.kind} 对象${where.zh}`,
  );
}

/** A label selector string (kubectl -l syntax) from a workload's spec.selector. */
export function selectorString(selector: KubeObject['spec'] | undefined): string | undefined {
  if (!selector) return undefined;
  const parts: string[] = [];
  for (const [k, v] of Object.entries((selector.matchLabels ?? {}) as Record<string, string>))
    parts.push(`${k}=${v}`);
  for (const e of (selector.matchExpressions ?? []) as {
    key: string;
    operator: string;
    values?: string[];
  }[]) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** A Service's plain selector as a label selector string; undefined when it selects nothing. */
export function serviceSelector(svc: KubeObject): string | undefined {
  const selector = svc.spec?.selector as Record<string, string> | undefined;
  if (!selector || !Object.keys(selector).length) return undefined;
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The pods a workload (or a Service, by its plain selector) selects. */
export async function podsSelectedBy(
  client: KubeClient,
  namespace: string,
  selector: string | undefined,
): Promise<KubeObject[]> {
  if (selector === undefined) return [];
  const pods = await client.resource('Pod');
  if (!pods) return [];
  return client.list(pods, { namespace, labelSelector: selector });
}

export function isPodReady(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  return ((pod.status?.conditions ?? []) as { type: string; status: string }[]).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );
}
