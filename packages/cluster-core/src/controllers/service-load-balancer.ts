/**
 * LoadBalancer Services get an external address, as a cloud provider's service controller (or
 * MetalLB / cloud-provider-kind on kind clusters) gives them: status.loadBalancer.ingress from a
 * simulated address pool, with the upstream EnsuringLoadBalancer / EnsuredLoadBalancer events.
 * Services that stop being LoadBalancers lose it (pkg/controller/service/controller.go).
 */
import { deepEqual } from '../api/equality';
import type { KubeObject } from '../api/object';
import type { ControllerContext } from './controller-context';
import { type Reconciler, splitKey } from './reconciler';

const COMPONENT = 'service-controller';
/** The simulated provider's pool: 172.30.255.10 - .254, on the nodes' network. */
const POOL_PREFIX = '172.30.255.';
const POOL_FIRST = 10;
const POOL_LAST = 254;

function ingressIPs(svc: KubeObject): string[] {
  return ((svc.status?.loadBalancer?.ingress ?? []) as { ip?: string }[]).flatMap((i) =>
    i.ip ? [i.ip] : [],
  );
}

function freeAddress(ctx: ControllerContext, requested: string | undefined): string | undefined {
  const used = new Set(ctx.list('', 'services').flatMap(ingressIPs));
  if (requested && !used.has(requested)) return requested;
  for (let i = POOL_FIRST; i <= POOL_LAST; i++) {
    const ip = `${POOL_PREFIX}${i}`;
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

export const serviceLoadBalancerController: Reconciler = {
  name: COMPONENT,
  primary: '/services',
  reconcile(key, ctx) {
    const { namespace, name } = splitKey(key);
    const svc = ctx.get('', 'services', namespace, name);
    if (!svc || svc.metadata.deletionTimestamp) return;
    const wantsBalancer = svc.spec?.type === 'LoadBalancer' && !svc.spec?.loadBalancerClass;
    const current = svc.status?.loadBalancer ?? {};
    if (!wantsBalancer) {
      if (!deepEqual(current, {}))
        ctx.mutate(
          '',
          'services',
          svc,
          (o) => (o.status = { ...o.status, loadBalancer: {} }),
          true,
        );
      return;
    }
    if (ingressIPs(svc).length) return;
    ctx.events.record(
      { component: COMPONENT },
      svc,
      'Normal',
      'EnsuringLoadBalancer',
      'Ensuring load balancer',
    );
    const ip = freeAddress(ctx, svc.spec?.loadBalancerIP);
    if (!ip) {
      ctx.events.record(
        { component: COMPONENT },
        svc,
        'Warning',
        'SyncLoadBalancerFailed',
        'Error syncing load balancer: failed to ensure load balancer: no addresses left in the pool',
      );
      return;
    }
    ctx.mutate(
      '',
      'services',
      svc,
      (o) => {
        o.status = { ...o.status, loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } };
      },
      true,
    );
    ctx.events.record(
      { component: COMPONENT },
      svc,
      'Normal',
      'EnsuredLoadBalancer',
      'Ensured load balancer',
    );
  },
};
