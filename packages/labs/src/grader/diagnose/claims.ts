/** Why a PersistentVolumeClaim stays Pending: the PV controller's matching rules, spelled out. */

import { Quantity } from '@kubebelt/cluster-core';
import type { KubeClient, KubeObject } from '../../client/kube-client';
import { type Text, text } from '../text';

function quantity(v: unknown): Quantity | undefined {
  try {
    return Quantity.parse(String(v));
  } catch {
    return undefined;
  }
}

/** The reason only (the caller says which claim), or undefined for a Bound claim. */
export async function diagnoseClaim(
  client: KubeClient,
  claim: KubeObject,
): Promise<Text | undefined> {
  if (claim.status?.phase === 'Bound') return undefined;
  const spec = claim.spec ?? {};
  const classes = await client.resource('StorageClass');
  const allClasses = classes ? await client.list(classes) : [];
  const defaultClass = allClasses.find(
    (c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true',
  );
  const className: string | undefined = spec.storageClassName;
  if (className) {
    const sc = allClasses.find((c) => c.metadata.name === className);
    if (!sc && !(await hasVolumeOfClass(client, className)))
      return text(
        `no StorageClass named "${className}" exists and no PersistentVolume has that storageClassName`,
        `不存在名为 "${className}" 的 StorageClass，也没有 storageClassName 为该值的 PersistentVolume`,
      );
    if (sc?.volumeBindingMode === 'WaitForFirstConsumer')
      return text(
        `StorageClass ${className} binds a volume only once a pod using the claim is scheduled (volumeBindingMode WaitForFirstConsumer)`,
        `StorageClass ${className} 只在使用该声明的 Pod 被调度后才绑定卷（volumeBindingMode 为 WaitForFirstConsumer）`,
      );
  }
  if (className === undefined && defaultClass)
    return text(
      `it uses the default StorageClass ${defaultClass.metadata.name}, which provisions a volume when a pod uses the claim`,
      `它使用默认 StorageClass ${defaultClass.metadata.name}，在有 Pod 使用该声明时才会供应卷`,
    );
  const volumes = await client.resource('PersistentVolume');
  const pvs = volumes ? await client.list(volumes) : [];
  if (!pvs.length)
    return text(
      'there is no PersistentVolume, and no StorageClass provisions one for this claim',
      '集群中没有 PersistentVolume，也没有 StorageClass 为该声明动态供应卷',
    );
  const reasons = pvs.map((pv) => mismatch(pv, claim)).filter((r): r is Text => !!r);
  if (reasons.length < pvs.length) return undefined;
  return text(
    `no PersistentVolume matches it: ${reasons.map((r) => r.en).join('; ')}`,
    `没有匹配的 PersistentVolume：${reasons.map((r) => r.zh).join('；')}`,
  );
}

async function hasVolumeOfClass(client: KubeClient, className: string): Promise<boolean> {
  const volumes = await client.resource('PersistentVolume');
  const pvs = volumes ? await client.list(volumes) : [];
  return pvs.some((pv) => pv.spec?.storageClassName === className);
}

/** Why one volume cannot bind this claim (pkg/controller/volume/persistentvolume's findMatchingVolume). */
function mismatch(pv: KubeObject, claim: KubeObject): Text | undefined {
  const name = pv.metadata.name;
  const spec = claim.spec ?? {};
  const ref = pv.spec?.claimRef;
  if (ref && !(ref.name === claim.metadata.name && ref.namespace === claim.metadata.namespace)) {
    return text(
      `${name} is ${pv.status?.phase ?? 'Bound'} to claim ${ref.namespace}/${ref.name}`,
      `${name} 已${pv.status?.phase === 'Released' ? '释放（Released）' : '绑定'}到声明 ${ref.namespace}/${ref.name}`,
    );
  }
  const pvClass = pv.spec?.storageClassName ?? '';
  const wanted = spec.storageClassName ?? '';
  if (pvClass !== wanted)
    return text(
      `${name} has storageClassName "${pvClass}", the claim asks for "${wanted}"`,
      `${name} 的 storageClassName 为 "${pvClass}"，而声明要求 "${wanted}"`,
    );
  const modes: string[] = pv.spec?.accessModes ?? [];
  const missing = ((spec.accessModes ?? []) as string[]).filter((m) => !modes.includes(m));
  if (missing.length)
    return text(
      `${name} offers ${modes.join(', ') || 'no access mode'}, the claim asks for ${missing.join(', ')}`,
      `${name} 支持的访问模式为 ${modes.join(', ') || '无'}，而声明要求 ${missing.join(', ')}`,
    );
  const capacity = quantity(pv.spec?.capacity?.storage);
  const request = quantity(spec.resources?.requests?.storage);
  if (capacity && request && capacity.cmp(request) < 0)
    return text(
      `${name} is too small (${pv.spec.capacity.storage} < ${spec.resources.requests.storage})`,
      `${name} 容量不足（${pv.spec.capacity.storage} < ${spec.resources.requests.storage}）`,
    );
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (spec.volumeMode ?? 'Filesystem'))
    return text(
      `${name} has volumeMode ${pv.spec.volumeMode}`,
      `${name} 的 volumeMode 为 ${pv.spec.volumeMode}`,
    );
  const labels = spec.selector?.matchLabels as Record<string, string> | undefined;
  if (labels) {
    const pvLabels = pv.metadata.labels ?? {};
    const off = Object.entries(labels).filter(([k, v]) => pvLabels[k] !== v);
    if (off.length)
      return text(
        `${name} lacks the labels the claim selects (${off.map(([k, v]) => `${k}=${v}`).join(', ')})`,
        `${name} 缺少声明选择的标签（${off.map(([k, v]) => `${k}=${v}`).join(', ')}）`,
      );
  }
  return undefined;
}
