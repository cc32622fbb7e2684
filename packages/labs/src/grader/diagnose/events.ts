/** The Events recorded about an object, newest last, as kubectl describe lists them. */
import type { KubeClient, KubeObject } from '../../client/kube-client';

export async function eventsFor(client: KubeClient, obj: KubeObject): Promise<KubeObject[]> {
  const events = await client.resource('Event', 'v1');
  if (!events) return [];
  const list = await client.list(events, {
    namespace: obj.metadata.namespace,
    fieldSelector: `involvedObject.name=${obj.metadata.name}`,
  });
  const time = (e: KubeObject) =>
    String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '');
  return list
    .filter((e) => !e.involvedObject?.kind || e.involvedObject.kind === obj.kind)
    .sort((a, b) => time(a).localeCompare(time(b)));
}

export async function lastEvent(
  client: KubeClient,
  obj: KubeObject,
  reason: string,
): Promise<KubeObject | undefined> {
  return (await eventsFor(client, obj)).filter((e) => e.reason === reason).pop();
}
