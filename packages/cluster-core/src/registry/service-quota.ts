/**
 * The service quota evaluator (pkg/quota/v1/evaluator/core/services.go): services, node ports
 * and load balancers.
 */
import type { KubeObject } from '../api/object';
import { Quantity } from '../api/quantity';
import type { Usage } from '../api/resource-usage';
import type { QuotaDefinition } from './types';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

const one = () => Quantity.fromValue(1);

/** ServiceUsageFunc: node ports counted from the intent, since they may not be allocated yet. */
function serviceUsage(svc: KubeObject): Usage {
  const ports = (svc.spec?.ports ?? []) as Json[];
  const usage: Usage = new Map([
    ['count/services', one()],
    ['services', one()],
    ['services.loadbalancers', Quantity.fromValue(0)],
    ['services.nodeports', Quantity.fromValue(0)],
  ]);
  if (svc.spec?.type === 'NodePort')
    usage.set('services.nodeports', Quantity.fromValue(ports.length));
  if (svc.spec?.type === 'LoadBalancer') {
    const explicit = svc.spec?.allocateLoadBalancerNodePorts === false;
    usage.set(
      'services.nodeports',
      Quantity.fromValue(explicit ? ports.filter((p) => p.nodePort).length : ports.length),
    );
    usage.set('services.loadbalancers', one());
  }
  return usage;
}

export const serviceQuota: QuotaDefinition = {
  counts: (name) =>
    ['services', 'count/services', 'services.nodeports', 'services.loadbalancers'].includes(name),
  usage: (svc) => serviceUsage(svc),
};
