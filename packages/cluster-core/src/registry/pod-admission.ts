/**
 * The mutating admission plugins a real cluster runs on every new Pod, so that a created Pod
 * looks like one from kubeadm's default plugin set:
 * - ServiceAccount (plugin/pkg/admission/serviceaccount): `default` account, image pull
 *   secrets, the `kube-api-access-xxxxx` projected token volume and its mounts;
 * - DefaultTolerationSeconds: not-ready / unreachable NoExecute tolerations for 300s;
 * - Priority: `priority` and `preemptionPolicy` from the PriorityClass.
 */
import { forbidden } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { Obj } from './spec-access';
import type { StrategyContext } from './types';

const PODS = { group: '', resource: 'pods' };
const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const TOKEN_VOLUME_PREFIX = 'kube-api-access-';
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** names.SimpleNameGenerator: 5 characters from a vowel-free alphabet. */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++)
    out += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)];
  return out;
}

function tokenVolume(name: string): Obj {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [
              {
                path: 'namespace',
                fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
              },
            ],
          },
        },
      ],
    },
  };
}

/** ServiceAccount admission on create. Throws the plugin's Forbidden for a missing account. */
export function admitServiceAccount(pod: KubeObject, ctx: StrategyContext): void {
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return;
  const spec = pod.spec as Obj;
  if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const namespace = pod.metadata.namespace ?? 'default';
  const sa = ctx.get('', 'serviceaccounts', namespace, spec.serviceAccountName);
  // A namespace whose `default` account the controller has not made yet is tolerated.
  const tolerateMissing =
    spec.serviceAccountName === 'default' &&
    ctx.list('', 'serviceaccounts', namespace).length === 0;
  if (!sa && !tolerateMissing) {
    throw forbidden(
      PODS,
      pod.metadata.name ?? '',
      `error looking up service account ${namespace}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`,
    );
  }
  if (!spec.imagePullSecrets?.length && sa?.imagePullSecrets?.length) {
    spec.imagePullSecrets = (sa.imagePullSecrets as Obj[]).map((s) => ({ name: s.name }));
  }
  const automount = spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true;
  if (automount) mountServiceAccountToken(spec);
}

function mountServiceAccountToken(spec: Obj): void {
  const volumes = (spec.volumes ?? []) as Obj[];
  const existing = volumes.find(
    (v) => typeof v.name === 'string' && v.name.startsWith(TOKEN_VOLUME_PREFIX),
  );
  const volumeName = existing?.name ?? `${TOKEN_VOLUME_PREFIX}${randomSuffix()}`;
  let needsVolume = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Obj[]) {
    const mounts = (c.volumeMounts ?? []) as Obj[];
    if (mounts.some((m) => m.mountPath === TOKEN_MOUNT_PATH)) continue;
    c.volumeMounts = [...mounts, { name: volumeName, readOnly: true, mountPath: TOKEN_MOUNT_PATH }];
    needsVolume = true;
  }
  if (!existing && needsVolume) spec.volumes = [...volumes, tokenVolume(volumeName)];
}

const NODE_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/** DefaultTolerationSeconds: tolerate not-ready/unreachable for 300s unless already tolerated. */
export function admitDefaultTolerationSeconds(pod: KubeObject): void {
  const spec = pod.spec as Obj;
  const tolerations = (spec.tolerations ?? []) as Obj[];
  const added: Obj[] = [];
  for (const key of NODE_TAINTS) {
    const tolerated = tolerations.some(
      (t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect),
    );
    if (!tolerated)
      added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  if (added.length) spec.tolerations = [...tolerations, ...added];
}

/** The PriorityClasses the apiserver creates at startup. */
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

/** Priority admission: resolve spec.priority and spec.preemptionPolicy from the class. */
export function admitPriority(pod: KubeObject, ctx: StrategyContext): void {
  const spec = pod.spec as Obj;
  const name = pod.metadata.name ?? '';
  let priority = 0;
  let preemptionPolicy = 'PreemptLowerPriority';
  if (spec.priorityClassName) {
    const pc = ctx.get('scheduling.k8s.io', 'priorityclasses', undefined, spec.priorityClassName);
    if (pc) {
      priority = pc.value ?? 0;
      preemptionPolicy = pc.preemptionPolicy ?? preemptionPolicy;
    } else if (spec.priorityClassName in SYSTEM_PRIORITY_CLASSES) {
      priority = SYSTEM_PRIORITY_CLASSES[spec.priorityClassName];
    } else {
      throw forbidden(PODS, name, `no PriorityClass with name ${spec.priorityClassName} was found`);
    }
  } else {
    const globalDefault = ctx
      .list('scheduling.k8s.io', 'priorityclasses')
      .find((pc) => pc.globalDefault === true);
    if (globalDefault) {
      spec.priorityClassName = globalDefault.metadata.name;
      priority = globalDefault.value ?? 0;
      preemptionPolicy = globalDefault.preemptionPolicy ?? preemptionPolicy;
    }
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
    throw forbidden(
      PODS,
      name,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    );
  }
  if (spec.preemptionPolicy && spec.preemptionPolicy !== preemptionPolicy) {
    throw forbidden(
      PODS,
      name,
      `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`,
    );
  }
  spec.priority = priority;
  spec.preemptionPolicy = preemptionPolicy;
}
