/**
 * A resourceFieldRef's value, as the kubelet gives it to an env var (kubelet_pods.go:
 * defaultPodLimitsForDownwardAPI, then containerResourceRuntimeValue) or to a downward API
 * volume file (volume/downwardapi: ExtractResourceValueByContainerNameAndNodeAllocatable): a
 * container without a CPU, memory or ephemeral-storage limit has the node's allocatable as its
 * limit (MergeContainerResourceLimits), and the value is the quantity over the divisor ("0"
 * means 1), rounded up (pkg/api/v1/resource ExtractContainerResourceValue).
 */
import type { KubeObject } from '../api/object';
import { quantityOf } from '../api/resource-usage';
import type { ClusterCore } from '../apiserver/cluster-core';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

/** Limits that default to the node's allocatable; hugepages are never overcommitted. */
const DEFAULTED = ['cpu', 'memory', 'ephemeral-storage'];

function nodeAllocatable(core: ClusterCore, pod: KubeObject): Json {
  const r = core.resources.preferred('', 'nodes');
  const name = pod.spec?.nodeName;
  return (r && name ? core.rest.find(r, undefined, name)?.status?.allocatable : undefined) ?? {};
}

/** The value of `ref` for `container` (the one whose env asks, unless the ref names another). */
export function resourceFieldValue(
  core: ClusterCore,
  pod: KubeObject,
  container: Json,
  ref: Json,
): string {
  const named = ref.containerName
    ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find(
        (c: Json) => c.name === ref.containerName,
      )
    : container;
  if (!named) return '';
  const [kind, ...rest] = String(ref.resource ?? '').split('.');
  const name = rest.join('.');
  let q = quantityOf(named.resources?.[kind]?.[name]);
  if (kind === 'limits' && DEFAULTED.includes(name) && (!q || q.isZero()))
    q = quantityOf(nodeAllocatable(core, pod)[name]) ?? q;
  if (!q || q.sign() <= 0) return '0';
  const given = quantityOf(ref.divisor);
  const divisor = given && !given.isZero() ? given : quantityOf('1');
  if (!divisor || divisor.sign() <= 0) return '0';
  // convertResourceCPUToString works in milli-units, the others in whole units.
  const [value, by] =
    name === 'cpu'
      ? [q.milliValue(), divisor.milliValue()]
      : [q.value(), Math.max(1, divisor.value())];
  return String(Math.ceil(value / by));
}
