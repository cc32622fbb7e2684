/**
 * The IPAddress objects of Services' ClusterIPs and the ServiceCIDRs they come from:
 * kube-apiserver's IP allocator (pkg/registry/core/service/ipallocator, which since 1.33 keeps
 * one IPAddress per allocated address, parentRef the Service) and the service-cidr controller
 * (pkg/controller/servicecidrs: the protection finalizer, the Ready condition, and a ServiceCIDR
 * deleted only once no IPAddress of its ranges is left).
 */
import type { KubeObject } from '../api/object';
import { rfc3339 } from '../clock';
import { ipv4Range, ipv4ToNumber } from '../registry/ip';
import { IP_ALLOCATOR, MANAGED_BY_LABEL, serviceIPAddress } from '../registry/ipaddresses';
import { SERVICE_CIDR_FINALIZER } from '../registry/servicecidrs';
import type { ControllerContext } from './controller-context';
import { keyOf, type Reconciler, splitKey } from './reconciler';

const NETWORKING = 'networking.k8s.io';

function clusterIPs(spec: { clusterIPs?: string[]; clusterIP?: string } | undefined): string[] {
  const ips = spec?.clusterIPs ?? (spec?.clusterIP ? [spec.clusterIP] : []);
  return ips.filter((ip) => ip && ip !== 'None');
}

function parentKey(ip: KubeObject): string | undefined {
  const ref = ip.spec?.parentRef;
  return ref?.resource === 'services' && ref.name
    ? `${ref.namespace ?? ''}/${ref.name}`
    : undefined;
}

export const ipAddressAllocator: Reconciler = {
  name: IP_ALLOCATOR,
  primary: '/services',
  watches: [
    {
      resource: `${NETWORKING}/ipaddresses`,
      keys: (change) => {
        const key = parentKey(change.object);
        return key ? [key] : [];
      },
    },
  ],
  reconcile(key, ctx) {
    if (!ctx.resource(NETWORKING, 'ipaddresses')) return;
    const { namespace, name } = splitKey(key);
    const svc = ctx.get('', 'services', namespace, name);
    const wanted = svc && !svc.metadata.deletionTimestamp ? clusterIPs(svc.spec) : [];
    for (const ip of ctx.list(NETWORKING, 'ipaddresses')) {
      if (parentKey(ip) !== key || wanted.includes(ip.metadata.name ?? '')) continue;
      if (ip.metadata.labels?.[MANAGED_BY_LABEL] !== IP_ALLOCATOR) continue;
      ctx.delete(NETWORKING, 'ipaddresses', undefined, ip.metadata.name ?? '');
    }
    for (const ip of wanted) {
      if (svc && !ctx.get(NETWORKING, 'ipaddresses', undefined, ip))
        ctx.create(NETWORKING, 'ipaddresses', serviceIPAddress(ip, svc));
    }
  },
};

function inRange(ip: string, cidr: string): boolean {
  const n = ipv4ToNumber(ip);
  if (n === undefined || ipv4ToNumber(cidr.split('/')[0]) === undefined) return false;
  const { base, size } = ipv4Range(cidr);
  return n >= base && n < base + size;
}

/** canDeleteCIDR: no IPAddress is left in its ranges that another ServiceCIDR does not cover. */
function orphansLeft(ctx: ControllerContext, cidrName: string, cidrs: string[]): boolean {
  const others = ctx
    .list(NETWORKING, 'servicecidrs')
    .filter((c) => c.metadata.name !== cidrName && !c.metadata.deletionTimestamp)
    .flatMap((c) => (c.spec?.cidrs ?? []) as string[]);
  return ctx.list(NETWORKING, 'ipaddresses').some((ip) => {
    const address = ip.metadata.name ?? '';
    return cidrs.some((c) => inRange(address, c)) && !others.some((c) => inRange(address, c));
  });
}

export const serviceCIDRController: Reconciler = {
  name: 'service-cidr-controller',
  primary: `${NETWORKING}/servicecidrs`,
  watches: [
    {
      resource: `${NETWORKING}/ipaddresses`,
      keys: (change, ctx) =>
        change.type === 'DELETED'
          ? ctx
              .list(NETWORKING, 'servicecidrs')
              .filter((c) => c.metadata.deletionTimestamp)
              .map(keyOf)
          : [],
    },
  ],
  reconcile(key, ctx) {
    let cidr = ctx.get(NETWORKING, 'servicecidrs', undefined, key);
    if (!cidr) return;
    const finalizers: string[] = cidr.metadata.finalizers ?? [];
    if (cidr.metadata.deletionTimestamp) {
      if (!finalizers.includes(SERVICE_CIDR_FINALIZER)) return;
      if (orphansLeft(ctx, key, cidr.spec?.cidrs ?? [])) {
        setReady(
          ctx,
          cidr,
          'False',
          'Terminating',
          'There are still IPAddresses referencing the ServiceCIDR, please remove them or create a new ServiceCIDR',
        );
        return;
      }
      ctx.mutate(NETWORKING, 'servicecidrs', cidr, (o) => {
        o.metadata.finalizers = finalizers.filter((f) => f !== SERVICE_CIDR_FINALIZER);
      });
      return;
    }
    if (!finalizers.includes(SERVICE_CIDR_FINALIZER))
      cidr = ctx.mutate(NETWORKING, 'servicecidrs', cidr, (o) => {
        o.metadata.finalizers = [...finalizers, SERVICE_CIDR_FINALIZER];
      });
    setReady(ctx, cidr, 'True', '', 'Kubernetes Service CIDR is ready');
  },
};

function setReady(
  ctx: ControllerContext,
  cidr: KubeObject,
  status: string,
  reason: string,
  message: string,
): void {
  const conditions: Array<Record<string, unknown>> = cidr.status?.conditions ?? [];
  const current = conditions.find((c) => c.type === 'Ready');
  if (
    current &&
    current.status === status &&
    current.reason === reason &&
    current.message === message
  )
    return;
  const condition = {
    type: 'Ready',
    status,
    lastTransitionTime:
      current?.status === status ? current.lastTransitionTime : rfc3339(ctx.now()),
    reason,
    message,
  };
  ctx.mutate(
    NETWORKING,
    'servicecidrs',
    cidr,
    (o) => {
      o.status = {
        ...o.status,
        conditions: [...conditions.filter((c) => c.type !== 'Ready'), condition],
      };
    },
    true,
  );
}
