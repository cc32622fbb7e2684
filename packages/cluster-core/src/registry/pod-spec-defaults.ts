/**
 * Defaulting of PodSpecs and pod templates as pkg/apis/core/v1/defaults.go and the generated
 * zz_generated.defaults.go apply them to every kind that embeds a PodSpec, plus the
 * serialization artifacts a 1.33 server writes back (`resources: {}`, the template's
 * `creationTimestamp: null`, a resourceFieldRef's `divisor: "0"`).
 */

import { defaultPullPolicy } from './image-reference';
import { canonicalizeQuantity, canonicalizeResourceList } from './quantity-fields';
import type { Obj } from './spec-access';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** Decode-time context: the kind named in a quantity's BadRequest (all workload kinds are v1). */
export interface DecodeContext {
  kind: string;
}

function setIfAbsent(holder: Obj, key: string, value: unknown): void {
  if (holder[key] === undefined || holder[key] === null || holder[key] === '') holder[key] = value;
}

/** SetDefaults_ResourceList on a ResourceRequirements-shaped object (limits/requests). */
function defaultResourceRequirements(resources: unknown, ctx: DecodeContext): void {
  if (!isObj(resources)) return;
  canonicalizeResourceList(resources.limits, ctx.kind, true);
  canonicalizeResourceList(resources.requests, ctx.kind, true);
}

function defaultHTTPGet(action: unknown): void {
  if (!isObj(action)) return;
  setIfAbsent(action, 'path', '/');
  setIfAbsent(action, 'scheme', 'HTTP');
}

function defaultProbe(probe: unknown): void {
  if (!isObj(probe)) return;
  for (const [key, value] of [
    ['timeoutSeconds', 1],
    ['periodSeconds', 10],
    ['successThreshold', 1],
    ['failureThreshold', 3],
  ] as const) {
    if (!probe[key]) probe[key] = value;
  }
  defaultHTTPGet(probe.httpGet);
}

function defaultFieldRef(ref: unknown): void {
  if (isObj(ref)) setIfAbsent(ref, 'apiVersion', 'v1');
}

/** A resourceFieldRef's divisor is a non-pointer Quantity: the zero value serializes as "0". */
function defaultResourceFieldRef(ref: unknown, ctx: DecodeContext): void {
  if (!isObj(ref)) return;
  if (ref.divisor === undefined || ref.divisor === null) ref.divisor = '0';
  else canonicalizeQuantity(ref, 'divisor', ctx.kind);
}

/** SetDefaults_Container plus the defaults of everything a container holds. */
export function defaultContainer(c: Obj, ctx: DecodeContext): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(c.image);
  setIfAbsent(c, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(c, 'terminationMessagePolicy', 'File');
  if (!isObj(c.resources)) c.resources = {};
  defaultResourceRequirements(c.resources, ctx);
  for (const port of list(c.ports)) setIfAbsent(port, 'protocol', 'TCP');
  for (const env of list(c.env)) {
    if (!isObj(env.valueFrom)) continue;
    defaultFieldRef(env.valueFrom.fieldRef);
    defaultResourceFieldRef(env.valueFrom.resourceFieldRef, ctx);
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    if (isObj(c.lifecycle.postStart)) defaultHTTPGet(c.lifecycle.postStart.httpGet);
    if (isObj(c.lifecycle.preStop)) defaultHTTPGet(c.lifecycle.preStop.httpGet);
  }
}

const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];

function defaultDownwardAPIItems(items: unknown, ctx: DecodeContext): void {
  for (const item of list(items)) {
    defaultFieldRef(item.fieldRef);
    defaultResourceFieldRef(item.resourceFieldRef, ctx);
  }
}

/** SetDefaults_Volume and the per-source defaults (modes 0644, hostPath type, ...). */
export function defaultVolume(v: Obj, ctx: DecodeContext): void {
  if (!VOLUME_SOURCES.some((s) => v[s] !== undefined && v[s] !== null)) v.emptyDir = {};
  if (isObj(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
  if (isObj(v.emptyDir)) canonicalizeQuantity(v.emptyDir, 'sizeLimit', ctx.kind);
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    if (
      isObj(v[source]) &&
      (v[source].defaultMode === undefined || v[source].defaultMode === null)
    ) {
      v[source].defaultMode = 420;
    }
  }
  if (isObj(v.downwardAPI)) defaultDownwardAPIItems(v.downwardAPI.items, ctx);
  if (isObj(v.projected)) {
    for (const source of list(v.projected.sources)) {
      if (isObj(source.serviceAccountToken))
        setIfAbsent(source.serviceAccountToken, 'expirationSeconds', 3600);
      if (isObj(source.downwardAPI)) defaultDownwardAPIItems(source.downwardAPI.items, ctx);
    }
  }
  if (isObj(v.iscsi)) setIfAbsent(v.iscsi, 'iscsiInterface', 'default');
  if (isObj(v.rbd)) {
    setIfAbsent(v.rbd, 'pool', 'rbd');
    setIfAbsent(v.rbd, 'user', 'admin');
    setIfAbsent(v.rbd, 'keyring', '/etc/ceph/keyring');
  }
  if (isObj(v.azureDisk)) {
    setIfAbsent(v.azureDisk, 'cachingMode', 'ReadWrite');
    setIfAbsent(v.azureDisk, 'fsType', 'ext4');
    if (v.azureDisk.readOnly === undefined) v.azureDisk.readOnly = false;
    setIfAbsent(v.azureDisk, 'kind', 'Shared');
  }
  if (isObj(v.scaleIO)) {
    setIfAbsent(v.scaleIO, 'storageMode', 'ThinProvisioned');
    setIfAbsent(v.scaleIO, 'fsType', 'xfs');
  }
  if (isObj(v.image) && !v.image.pullPolicy)
    v.image.pullPolicy = defaultPullPolicy(v.image.reference);
  if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate)) {
    defaultPersistentVolumeClaimTemplate(v.ephemeral.volumeClaimTemplate, ctx);
  }
}

/** A PersistentVolumeClaimTemplate (ephemeral volumes, StatefulSet volumeClaimTemplates). */
export function defaultPersistentVolumeClaimTemplate(t: Obj, ctx: DecodeContext): void {
  if (!isObj(t.metadata)) t.metadata = {};
  if (t.metadata.creationTimestamp === undefined) t.metadata.creationTimestamp = null;
  if (!isObj(t.spec)) t.spec = {};
  setIfAbsent(t.spec, 'volumeMode', 'Filesystem');
  if (!isObj(t.spec.resources)) t.spec.resources = {};
  defaultResourceRequirements(t.spec.resources, ctx);
}

/** SetDefaults_PodSpec and the generated defaults of everything inside a PodSpec. */
export function defaultPodSpec(spec: Obj, ctx: DecodeContext): void {
  setIfAbsent(spec, 'dnsPolicy', 'ClusterFirst');
  setIfAbsent(spec, 'restartPolicy', 'Always');
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (
    spec.terminationGracePeriodSeconds === undefined ||
    spec.terminationGracePeriodSeconds === null
  ) {
    spec.terminationGracePeriodSeconds = 30;
  }
  setIfAbsent(spec, 'schedulerName', 'default-scheduler');
  for (const v of list(spec.volumes)) defaultVolume(v, ctx);
  for (const c of list(spec.initContainers)) defaultContainer(c, ctx);
  for (const c of list(spec.containers)) defaultContainer(c, ctx);
  for (const c of list(spec.ephemeralContainers)) defaultContainer(c, ctx);
  canonicalizeResourceList(spec.overhead, ctx.kind, true);
  // Pod-level resources are alpha (PodLevelResources) in 1.33: decoded, then dropped.
  if (spec.resources !== undefined) {
    defaultResourceRequirements(spec.resources, ctx);
    delete spec.resources;
  }
}

/** A PodTemplateSpec inside a workload: Go writes the zero creationTimestamp as null in 1.33. */
export function defaultPodTemplate(template: unknown, ctx: DecodeContext): void {
  if (!isObj(template)) return;
  if (!isObj(template.metadata)) template.metadata = {};
  if (template.metadata.creationTimestamp === undefined) template.metadata.creationTimestamp = null;
  if (!isObj(template.spec)) template.spec = {};
  defaultPodSpec(template.spec, ctx);
}

/** SetDefaults_Pod: what only a Pod (not a template) gets on top of the PodSpec defaults. */
export function defaultPodOnly(spec: Obj): void {
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
    if (!isObj(c.resources) || !isObj(c.resources.limits)) continue;
    if (!isObj(c.resources.requests)) c.resources.requests = {};
    for (const [name, value] of Object.entries(c.resources.limits)) {
      if (c.resources.requests[name] === undefined) c.resources.requests[name] = value;
    }
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null)
    spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
      for (const port of list(c.ports)) if (!port.hostPort) port.hostPort = port.containerPort;
    }
  }
}
