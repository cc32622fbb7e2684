/** Pod QoS class as pkg/apis/core/helper/qos.ComputePodQOS sets status.qosClass on create. */
import type { Quantity } from '../api/quantity';
import { quantityOf } from './quantity-fields';
import type { Obj } from './spec-access';

const QOS_RESOURCES = ['cpu', 'memory'];

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

export function computePodQOS(spec: Obj | undefined): QOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])] as Obj[];
  const accumulate = (into: Map<string, Quantity>, list: unknown, found?: Set<string>) => {
    for (const [name, value] of Object.entries((list ?? {}) as Record<string, unknown>)) {
      if (!QOS_RESOURCES.includes(name)) continue;
      const q = quantityOf(value);
      if (!q || q.sign() <= 0) continue;
      found?.add(name);
      const prev = into.get(name);
      into.set(name, prev ? q.add(prev) : q);
    }
  };
  for (const c of containers) {
    accumulate(requests, c?.resources?.requests);
    const found = new Set<string>();
    accumulate(limits, c?.resources?.limits, found);
    if (!found.has('memory') || !found.has('cpu')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (lim?.cmp(req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
