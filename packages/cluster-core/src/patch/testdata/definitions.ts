/**
 * Small swagger definitions for the patch tests: the fields of the built-in kinds the tests
 * touch, with upstream's list and patch extensions, plus the `mergeItem` type upstream's
 * strategicpatch tests use. Not the generated definitions: tests stay independent of them.
 */
import type { SchemaLookup, SchemaObject } from '../schema';

const ref = (name: string): SchemaObject => ({ $ref: `#/definitions/${name}` });
const str: SchemaObject = { type: 'string' };
const int: SchemaObject = { type: 'integer', format: 'int32' };
const bool: SchemaObject = { type: 'boolean' };
const stringMap: SchemaObject = { type: 'object', additionalProperties: str };
const atomicList = (items: SchemaObject): SchemaObject => ({
  type: 'array',
  items,
  'x-kubernetes-list-type': 'atomic',
});
const mapList = (
  items: SchemaObject,
  mergeKey: string,
  keys = [mergeKey],
  strategy = 'merge',
): SchemaObject => ({
  type: 'array',
  items,
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': keys,
  'x-kubernetes-patch-merge-key': mergeKey,
  'x-kubernetes-patch-strategy': strategy,
});
const object = (
  properties: Record<string, SchemaObject>,
  extra: Partial<SchemaObject> = {},
): SchemaObject => ({
  type: 'object',
  properties,
  ...extra,
});
const gvk = (group: string, version: string, kind: string) => ({
  'x-kubernetes-group-version-kind': [{ group, version, kind }],
});

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const CORE = 'io.k8s.api.core.v1';
const APPS = 'io.k8s.api.apps.v1';

export const DEFINITIONS: Record<string, SchemaObject> = {
  [`${META}.Time`]: { type: 'string', format: 'date-time' },
  [`${META}.ObjectMeta`]: object({
    name: str,
    generateName: str,
    namespace: str,
    uid: str,
    resourceVersion: str,
    generation: { type: 'integer', format: 'int64' },
    creationTimestamp: ref(`${META}.Time`),
    labels: stringMap,
    annotations: stringMap,
    finalizers: {
      type: 'array',
      items: str,
      'x-kubernetes-list-type': 'set',
      'x-kubernetes-patch-strategy': 'merge',
    },
    ownerReferences: mapList(ref(`${META}.OwnerReference`), 'uid'),
    managedFields: atomicList(ref(`${META}.ManagedFieldsEntry`)),
  }),
  [`${META}.OwnerReference`]: object(
    { apiVersion: str, kind: str, name: str, uid: str, controller: bool },
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${META}.ManagedFieldsEntry`]: object({
    manager: str,
    operation: str,
    apiVersion: str,
    time: ref(`${META}.Time`),
    fieldsType: str,
    fieldsV1: { type: 'object' },
    subresource: str,
  }),
  [`${META}.LabelSelector`]: object(
    {
      matchLabels: stringMap,
      matchExpressions: atomicList(ref(`${META}.LabelSelectorRequirement`)),
    },
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${META}.LabelSelectorRequirement`]: object({
    key: str,
    operator: str,
    values: atomicList(str),
  }),
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },

  [`${APPS}.Deployment`]: object(
    {
      apiVersion: str,
      kind: str,
      metadata: ref(`${META}.ObjectMeta`),
      spec: ref(`${APPS}.DeploymentSpec`),
      status: ref(`${APPS}.DeploymentStatus`),
    },
    gvk('apps', 'v1', 'Deployment'),
  ),
  [`${APPS}.DeploymentSpec`]: object({
    replicas: int,
    selector: ref(`${META}.LabelSelector`),
    template: ref(`${CORE}.PodTemplateSpec`),
    strategy: { ...ref(`${APPS}.DeploymentStrategy`), 'x-kubernetes-patch-strategy': 'retainKeys' },
    minReadySeconds: int,
    revisionHistoryLimit: int,
    progressDeadlineSeconds: int,
    paused: bool,
  }),
  [`${APPS}.DeploymentStrategy`]: object({
    type: str,
    rollingUpdate: ref(`${APPS}.RollingUpdateDeployment`),
  }),
  [`${APPS}.RollingUpdateDeployment`]: object({
    maxSurge: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString'),
    maxUnavailable: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString'),
  }),
  [`${APPS}.DeploymentStatus`]: object({
    replicas: int,
    readyReplicas: int,
    conditions: mapList(ref(`${APPS}.DeploymentCondition`), 'type'),
  }),
  [`${APPS}.DeploymentCondition`]: object({ type: str, status: str, reason: str, message: str }),

  [`${CORE}.PodTemplateSpec`]: object({
    metadata: ref(`${META}.ObjectMeta`),
    spec: ref(`${CORE}.PodSpec`),
  }),
  [`${CORE}.Pod`]: object(
    {
      apiVersion: str,
      kind: str,
      metadata: ref(`${META}.ObjectMeta`),
      spec: ref(`${CORE}.PodSpec`),
    },
    gvk('', 'v1', 'Pod'),
  ),
  [`${CORE}.PodSpec`]: object({
    containers: mapList(ref(`${CORE}.Container`), 'name'),
    initContainers: mapList(ref(`${CORE}.Container`), 'name'),
    volumes: mapList(ref(`${CORE}.Volume`), 'name', ['name'], 'merge,retainKeys'),
    nodeSelector: { ...stringMap, 'x-kubernetes-map-type': 'atomic' },
    tolerations: atomicList(ref(`${CORE}.Toleration`)),
    imagePullSecrets: {
      type: 'array',
      items: ref(`${CORE}.LocalObjectReference`),
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    },
    restartPolicy: str,
    serviceAccountName: str,
    terminationGracePeriodSeconds: { type: 'integer', format: 'int64' },
  }),
  [`${CORE}.LocalObjectReference`]: object({ name: str }, { 'x-kubernetes-map-type': 'atomic' }),
  [`${CORE}.Toleration`]: object({ key: str, operator: str, value: str, effect: str }),
  [`${CORE}.Container`]: object({
    name: str,
    image: str,
    imagePullPolicy: str,
    command: atomicList(str),
    args: atomicList(str),
    ports: mapList(ref(`${CORE}.ContainerPort`), 'containerPort', ['containerPort', 'protocol']),
    env: mapList(ref(`${CORE}.EnvVar`), 'name'),
    volumeMounts: mapList(ref(`${CORE}.VolumeMount`), 'mountPath'),
    resources: ref(`${CORE}.ResourceRequirements`),
  }),
  [`${CORE}.ContainerPort`]: object({
    containerPort: int,
    protocol: { ...str, default: 'TCP' },
    name: str,
    hostPort: int,
  }),
  [`${CORE}.EnvVar`]: object({ name: str, value: str, valueFrom: ref(`${CORE}.EnvVarSource`) }),
  [`${CORE}.EnvVarSource`]: object({ fieldRef: ref(`${CORE}.ObjectFieldSelector`) }),
  [`${CORE}.ObjectFieldSelector`]: object(
    { apiVersion: str, fieldPath: str },
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${CORE}.VolumeMount`]: object({ name: str, mountPath: str, readOnly: bool }),
  [`${CORE}.ResourceRequirements`]: object({
    limits: {
      type: 'object',
      additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity'),
    },
    requests: {
      type: 'object',
      additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity'),
    },
  }),
  [`${CORE}.Volume`]: object({
    name: str,
    configMap: ref(`${CORE}.ConfigMapVolumeSource`),
    emptyDir: ref(`${CORE}.EmptyDirVolumeSource`),
  }),
  [`${CORE}.ConfigMapVolumeSource`]: object({
    name: str,
    items: atomicList(ref(`${CORE}.KeyToPath`)),
    defaultMode: int,
  }),
  [`${CORE}.KeyToPath`]: object({ key: str, path: str }),
  [`${CORE}.EmptyDirVolumeSource`]: object({
    medium: str,
    sizeLimit: ref('io.k8s.apimachinery.pkg.api.resource.Quantity'),
  }),

  [`${CORE}.Service`]: object(
    {
      apiVersion: str,
      kind: str,
      metadata: ref(`${META}.ObjectMeta`),
      spec: ref(`${CORE}.ServiceSpec`),
    },
    gvk('', 'v1', 'Service'),
  ),
  [`${CORE}.ServiceSpec`]: object({
    ports: mapList(ref(`${CORE}.ServicePort`), 'port', ['port', 'protocol']),
    selector: { ...stringMap, 'x-kubernetes-map-type': 'atomic' },
    type: str,
    clusterIP: str,
  }),
  [`${CORE}.ServicePort`]: object({
    name: str,
    port: int,
    protocol: str,
    targetPort: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString'),
    nodePort: int,
  }),
  [`${CORE}.ConfigMap`]: object(
    {
      apiVersion: str,
      kind: str,
      metadata: ref(`${META}.ObjectMeta`),
      data: stringMap,
      immutable: bool,
    },
    gvk('', 'v1', 'ConfigMap'),
  ),
};

export const fixtureSchema: SchemaLookup = (name) => DEFINITIONS[name];

export const DEPLOYMENT = `${APPS}.Deployment`;
export const POD = `${CORE}.Pod`;
export const SERVICE = `${CORE}.Service`;
export const CONFIGMAP = `${CORE}.ConfigMap`;
