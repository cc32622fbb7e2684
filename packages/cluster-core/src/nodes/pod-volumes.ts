/**
 * What the kubelet needs from the API before it can start containers: ConfigMaps and Secrets
 * named by env/envFrom (else CreateContainerConfigError, kubelet_pods.go makeEnvironmentVariables)
 * and by volumes (else FailedMount, pkg/volume/configmap and secret SetUpAt), and bound claims.
 */
import type { KubeObject } from '../api/object';
import type { ControllerContext } from '../controllers/controller-context';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Spec = Record<string, any>;

function hasKey(obj: KubeObject, key: string): boolean {
  return (
    Object.hasOwn(obj.data ?? {}, key) ||
    Object.hasOwn(obj.binaryData ?? {}, key) ||
    Object.hasOwn(obj.stringData ?? {}, key)
  );
}

/** The text of a container's first unresolvable env reference, or undefined. */
export function configError(
  ctx: ControllerContext,
  pod: KubeObject,
  container: Spec,
): string | undefined {
  const ns = pod.metadata.namespace;
  for (const source of (container.envFrom ?? []) as Spec[]) {
    if (
      source.configMapRef &&
      !source.configMapRef.optional &&
      !ctx.get('', 'configmaps', ns, source.configMapRef.name)
    ) {
      return `configmap "${source.configMapRef.name}" not found`;
    }
    if (
      source.secretRef &&
      !source.secretRef.optional &&
      !ctx.get('', 'secrets', ns, source.secretRef.name)
    ) {
      return `secret "${source.secretRef.name}" not found`;
    }
  }
  for (const e of (container.env ?? []) as Spec[]) {
    const cm = e.valueFrom?.configMapKeyRef;
    if (cm && !cm.optional) {
      const obj = ctx.get('', 'configmaps', ns, cm.name);
      if (!obj) return `configmap "${cm.name}" not found`;
      if (!hasKey(obj, cm.key)) return `couldn't find key ${cm.key} in ConfigMap ${ns}/${cm.name}`;
    }
    const secret = e.valueFrom?.secretKeyRef;
    if (secret && !secret.optional) {
      const obj = ctx.get('', 'secrets', ns, secret.name);
      if (!obj) return `secret "${secret.name}" not found`;
      if (!hasKey(obj, secret.key))
        return `couldn't find key ${secret.key} in Secret ${ns}/${secret.name}`;
    }
  }
  return undefined;
}

/**
 * The FailedMount text of the pod's first volume whose source is missing, '' while a claim
 * is not bound yet (the kubelet just waits), or undefined when every volume can be set up.
 */
export function mountError(ctx: ControllerContext, pod: KubeObject): string | undefined {
  const ns = pod.metadata.namespace;
  for (const v of (pod.spec?.volumes ?? []) as Spec[]) {
    const claim = v.persistentVolumeClaim?.claimName;
    if (claim && ctx.resource('', 'persistentvolumeclaims')) {
      const pvc = ctx.get('', 'persistentvolumeclaims', ns, claim);
      if (!pvc)
        return `MountVolume.SetUp failed for volume "${v.name}" : persistentvolumeclaim "${claim}" not found`;
      if (pvc.status?.phase !== 'Bound') return '';
    }
    const prefix = `MountVolume.SetUp failed for volume "${v.name}" :`;
    if (v.configMap && !v.configMap.optional) {
      const cm = ctx.get('', 'configmaps', ns, v.configMap.name);
      if (!cm) return `${prefix} configmap "${v.configMap.name}" not found`;
      const missing = ((v.configMap.items ?? []) as Spec[]).find((i) => !hasKey(cm, i.key));
      if (missing) return `${prefix} configmap references non-existent config key: ${missing.key}`;
    }
    if (v.secret && !v.secret.optional) {
      const secret = ctx.get('', 'secrets', ns, v.secret.secretName);
      if (!secret) return `${prefix} secret "${v.secret.secretName}" not found`;
      const missing = ((v.secret.items ?? []) as Spec[]).find((i) => !hasKey(secret, i.key));
      if (missing) return `${prefix} references non-existent secret key: ${missing.key}`;
    }
  }
  return undefined;
}
