/**
 * The list and patch extensions upstream's openapi-gen derives from Go struct tags and markers in
 * k8s.io/api (`patchStrategy:"merge" patchMergeKey:"name"`, `+listType=map`, `+listMapKey=name`,
 * `+mapType=atomic`, `+structType=atomic`): definition name -> property -> extensions, where the
 * key '.' holds the definition's own extensions. kubectl reads them from /openapi/v3 (and v2) to
 * build strategic merge patches, so they must match upstream's types.go of the served version.
 *
 * Kept free of imports: scripts/generate-definitions.js loads it as data.
 */

export interface ListStrategy {
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

/** `patchStrategy:"merge" patchMergeKey:key` with `+listType=map` and `+listMapKey=` keys. */
function mergeList(key: string, listMapKeys: string[] = [key], strategy = 'merge'): ListStrategy {
  return {
    'x-kubernetes-list-map-keys': listMapKeys,
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-patch-merge-key': key,
    'x-kubernetes-patch-strategy': strategy,
  };
}

/** `patchStrategy:"merge" patchMergeKey:key` without a list-type marker. */
function mergeOnly(key: string): ListStrategy {
  return { 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-patch-strategy': 'merge' };
}

/** `+listType=map` without patch tags (server-side apply only). */
function mapList(listMapKeys: string[]): ListStrategy {
  return { 'x-kubernetes-list-map-keys': listMapKeys, 'x-kubernetes-list-type': 'map' };
}

const ATOMIC_LIST: ListStrategy = { 'x-kubernetes-list-type': 'atomic' };
const SET_LIST: ListStrategy = { 'x-kubernetes-list-type': 'set' };
/** `patchStrategy:"merge"` on a `+listType=set` of scalars (metadata.finalizers). */
const MERGE_SET: ListStrategy = {
  'x-kubernetes-list-type': 'set',
  'x-kubernetes-patch-strategy': 'merge',
};
const ATOMIC_MAP: ListStrategy = { 'x-kubernetes-map-type': 'atomic' };
const GRANULAR_MAP: ListStrategy = { 'x-kubernetes-map-type': 'granular' };
/** `patchStrategy:"retainKeys"` on a union struct (Deployment spec.strategy). */
const RETAIN_KEYS: ListStrategy = { 'x-kubernetes-patch-strategy': 'retainKeys' };
const REPLACE: ListStrategy = { 'x-kubernetes-patch-strategy': 'replace' };

export const LIST_STRATEGIES: Record<string, Record<string, ListStrategy>> = {
  'io.k8s.api.admissionregistration.v1.MatchResources': {
    '.': ATOMIC_MAP,
    excludeResourceRules: ATOMIC_LIST,
    resourceRules: ATOMIC_LIST,
  },
  'io.k8s.api.admissionregistration.v1.NamedRuleWithOperations': {
    '.': ATOMIC_MAP,
    apiGroups: ATOMIC_LIST,
    apiVersions: ATOMIC_LIST,
    operations: ATOMIC_LIST,
    resourceNames: ATOMIC_LIST,
    resources: ATOMIC_LIST,
  },
  'io.k8s.api.admissionregistration.v1.ParamKind': { '.': ATOMIC_MAP },
  'io.k8s.api.admissionregistration.v1.ParamRef': { '.': ATOMIC_MAP },
  'io.k8s.api.admissionregistration.v1.TypeChecking': { expressionWarnings: ATOMIC_LIST },
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec': {
    validationActions: SET_LIST,
  },
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec': {
    auditAnnotations: ATOMIC_LIST,
    matchConditions: mergeList('name'),
    validations: ATOMIC_LIST,
    variables: mergeList('name'),
  },
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyStatus': {
    conditions: mapList(['type']),
  },
  'io.k8s.api.admissionregistration.v1.Variable': { '.': ATOMIC_MAP },
  'io.k8s.api.apps.v1.DaemonSetStatus': { conditions: mergeList('type') },
  'io.k8s.api.apps.v1.DeploymentSpec': { strategy: RETAIN_KEYS },
  'io.k8s.api.apps.v1.DeploymentStatus': { conditions: mergeList('type') },
  'io.k8s.api.apps.v1.ReplicaSetStatus': { conditions: mergeList('type') },
  'io.k8s.api.apps.v1.StatefulSetSpec': { volumeClaimTemplates: ATOMIC_LIST },
  'io.k8s.api.apps.v1.StatefulSetStatus': { conditions: mergeList('type') },
  'io.k8s.api.authentication.v1.TokenRequestSpec': { audiences: ATOMIC_LIST },
  'io.k8s.api.authentication.v1.TokenReviewSpec': { audiences: ATOMIC_LIST },
  'io.k8s.api.authentication.v1.TokenReviewStatus': { audiences: ATOMIC_LIST },
  'io.k8s.api.authentication.v1.UserInfo': { groups: ATOMIC_LIST },
  'io.k8s.api.authorization.v1.FieldSelectorAttributes': { requirements: ATOMIC_LIST },
  'io.k8s.api.authorization.v1.LabelSelectorAttributes': { requirements: ATOMIC_LIST },
  'io.k8s.api.authorization.v1.NonResourceRule': {
    nonResourceURLs: ATOMIC_LIST,
    verbs: ATOMIC_LIST,
  },
  'io.k8s.api.authorization.v1.ResourceRule': {
    apiGroups: ATOMIC_LIST,
    resourceNames: ATOMIC_LIST,
    resources: ATOMIC_LIST,
    verbs: ATOMIC_LIST,
  },
  'io.k8s.api.authorization.v1.SubjectAccessReviewSpec': { groups: ATOMIC_LIST },
  'io.k8s.api.authorization.v1.SubjectRulesReviewStatus': {
    nonResourceRules: ATOMIC_LIST,
    resourceRules: ATOMIC_LIST,
  },
  'io.k8s.api.autoscaling.v1.CrossVersionObjectReference': { '.': ATOMIC_MAP },
  'io.k8s.api.autoscaling.v2.HPAScalingRules': { policies: ATOMIC_LIST },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec': { metrics: ATOMIC_LIST },
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus': {
    conditions: mergeList('type'),
    currentMetrics: ATOMIC_LIST,
  },
  'io.k8s.api.batch.v1.CronJobStatus': { active: ATOMIC_LIST },
  'io.k8s.api.batch.v1.JobStatus': {
    conditions: { ...mergeOnly('type'), ...ATOMIC_LIST },
  },
  'io.k8s.api.batch.v1.PodFailurePolicy': { rules: ATOMIC_LIST },
  'io.k8s.api.batch.v1.PodFailurePolicyOnExitCodesRequirement': { values: SET_LIST },
  'io.k8s.api.batch.v1.PodFailurePolicyRule': { onPodConditions: ATOMIC_LIST },
  'io.k8s.api.batch.v1.SuccessPolicy': { rules: ATOMIC_LIST },
  'io.k8s.api.batch.v1.UncountedTerminatedPods': { failed: SET_LIST, succeeded: SET_LIST },
  'io.k8s.api.certificates.v1.CertificateSigningRequestSpec': {
    groups: ATOMIC_LIST,
    usages: ATOMIC_LIST,
  },
  'io.k8s.api.certificates.v1.CertificateSigningRequestStatus': { conditions: mapList(['type']) },
  'io.k8s.api.core.v1.AvoidPods': { preferAvoidPods: ATOMIC_LIST },
  'io.k8s.api.core.v1.Capabilities': { add: ATOMIC_LIST, drop: ATOMIC_LIST },
  'io.k8s.api.core.v1.CephFSPersistentVolumeSource': { monitors: ATOMIC_LIST },
  'io.k8s.api.core.v1.CephFSVolumeSource': { monitors: ATOMIC_LIST },
  'io.k8s.api.core.v1.ComponentStatus': { conditions: mergeList('type') },
  'io.k8s.api.core.v1.ConfigMapKeySelector': { '.': ATOMIC_MAP },
  'io.k8s.api.core.v1.ConfigMapProjection': { items: ATOMIC_LIST },
  'io.k8s.api.core.v1.ConfigMapVolumeSource': { items: ATOMIC_LIST },
  'io.k8s.api.core.v1.Container': {
    args: ATOMIC_LIST,
    command: ATOMIC_LIST,
    env: mergeList('name'),
    envFrom: ATOMIC_LIST,
    ports: mergeList('containerPort', ['containerPort', 'protocol']),
    resizePolicy: ATOMIC_LIST,
    volumeDevices: mergeList('devicePath'),
    volumeMounts: mergeList('mountPath'),
  },
  'io.k8s.api.core.v1.ContainerImage': { names: ATOMIC_LIST },
  'io.k8s.api.core.v1.ContainerStatus': {
    allocatedResourcesStatus: mergeList('name'),
    volumeMounts: mergeList('mountPath'),
  },
  'io.k8s.api.core.v1.DownwardAPIProjection': { items: ATOMIC_LIST },
  'io.k8s.api.core.v1.DownwardAPIVolumeSource': { items: ATOMIC_LIST },
  'io.k8s.api.core.v1.EndpointAddress': { '.': ATOMIC_MAP },
  'io.k8s.api.core.v1.EndpointPort': { '.': ATOMIC_MAP },
  'io.k8s.api.core.v1.EndpointSubset': {
    addresses: ATOMIC_LIST,
    notReadyAddresses: ATOMIC_LIST,
    ports: ATOMIC_LIST,
  },
  'io.k8s.api.core.v1.Endpoints': { subsets: ATOMIC_LIST },
  'io.k8s.api.core.v1.EphemeralContainerCommon': {
    args: ATOMIC_LIST,
    command: ATOMIC_LIST,
    env: mergeList('name'),
    envFrom: ATOMIC_LIST,
    ports: mergeList('containerPort', ['containerPort', 'protocol']),
    resizePolicy: ATOMIC_LIST,
    volumeDevices: mergeList('devicePath'),
    volumeMounts: mergeList('mountPath'),
  },
  'io.k8s.api.core.v1.ExecAction': { command: ATOMIC_LIST },
  'io.k8s.api.core.v1.FCVolumeSource': { targetWWNs: ATOMIC_LIST, wwids: ATOMIC_LIST },
  'io.k8s.api.core.v1.HTTPGetAction': { httpHeaders: ATOMIC_LIST },
  'io.k8s.api.core.v1.HostAlias': { hostnames: ATOMIC_LIST },
  'io.k8s.api.core.v1.ISCSIPersistentVolumeSource': { portals: ATOMIC_LIST },
  'io.k8s.api.core.v1.ISCSIVolumeSource': { portals: ATOMIC_LIST },
  'io.k8s.api.core.v1.LimitRangeSpec': { limits: ATOMIC_LIST },
  'io.k8s.api.core.v1.LinuxContainerUser': { supplementalGroups: ATOMIC_LIST },
  'io.k8s.api.core.v1.LoadBalancerIngress': { ports: ATOMIC_LIST },
  'io.k8s.api.core.v1.LoadBalancerStatus': { ingress: ATOMIC_LIST },
  'io.k8s.api.core.v1.LocalObjectReference': { '.': ATOMIC_MAP },
  'io.k8s.api.core.v1.NamespaceSpec': { finalizers: ATOMIC_LIST },
  'io.k8s.api.core.v1.NamespaceStatus': { conditions: mergeList('type') },
  'io.k8s.api.core.v1.NodeAffinity': {
    preferredDuringSchedulingIgnoredDuringExecution: ATOMIC_LIST,
  },
  'io.k8s.api.core.v1.NodeSelector': { '.': ATOMIC_MAP, nodeSelectorTerms: ATOMIC_LIST },
  'io.k8s.api.core.v1.NodeSelectorRequirement': { values: ATOMIC_LIST },
  'io.k8s.api.core.v1.NodeSelectorTerm': {
    '.': ATOMIC_MAP,
    matchExpressions: ATOMIC_LIST,
    matchFields: ATOMIC_LIST,
  },
  'io.k8s.api.core.v1.NodeSpec': { podCIDRs: MERGE_SET, taints: ATOMIC_LIST },
  'io.k8s.api.core.v1.NodeStatus': {
    addresses: mergeList('type'),
    conditions: mergeList('type'),
    images: ATOMIC_LIST,
    runtimeHandlers: ATOMIC_LIST,
    volumesAttached: ATOMIC_LIST,
    volumesInUse: ATOMIC_LIST,
  },
  'io.k8s.api.core.v1.ObjectFieldSelector': { '.': ATOMIC_MAP },
  'io.k8s.api.core.v1.ObjectReference': { '.': ATOMIC_MAP },
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': { accessModes: ATOMIC_LIST },
  'io.k8s.api.core.v1.PersistentVolumeClaimStatus': {
    accessModes: ATOMIC_LIST,
    allocatedResourceStatuses: GRANULAR_MAP,
    conditions: mergeList('type'),
  },
  'io.k8s.api.core.v1.PersistentVolumeSpec': {
    accessModes: ATOMIC_LIST,
    mountOptions: ATOMIC_LIST,
  },
  'io.k8s.api.core.v1.PodAffinity': {
    preferredDuringSchedulingIgnoredDuringExecution: ATOMIC_LIST,
    requiredDuringSchedulingIgnoredDuringExecution: ATOMIC_LIST,
  },
  'io.k8s.api.core.v1.PodAffinityTerm': {
    matchLabelKeys: ATOMIC_LIST,
    mismatchLabelKeys: ATOMIC_LIST,
    namespaces: ATOMIC_LIST,
  },
  'io.k8s.api.core.v1.PodAntiAffinity': {
    preferredDuringSchedulingIgnoredDuringExecution: ATOMIC_LIST,
    requiredDuringSchedulingIgnoredDuringExecution: ATOMIC_LIST,
  },
  'io.k8s.api.core.v1.PodDNSConfig': {
    nameservers: ATOMIC_LIST,
    options: ATOMIC_LIST,
    searches: ATOMIC_LIST,
  },
  'io.k8s.api.core.v1.PodExecOptions': { command: ATOMIC_LIST },
  'io.k8s.api.core.v1.PodPortForwardOptions': { ports: ATOMIC_LIST },
  'io.k8s.api.core.v1.PodSecurityContext': {
    supplementalGroups: ATOMIC_LIST,
    sysctls: ATOMIC_LIST,
  },
  'io.k8s.api.core.v1.PodSpec': {
    containers: mergeList('name'),
    ephemeralContainers: mergeList('name'),
    hostAliases: mergeList('ip'),
    imagePullSecrets: mergeList('name'),
    initContainers: mergeList('name'),
    nodeSelector: ATOMIC_MAP,
    readinessGates: ATOMIC_LIST,
    resourceClaims: mergeList('name', ['name'], 'merge,retainKeys'),
    schedulingGates: mergeList('name'),
    tolerations: ATOMIC_LIST,
    topologySpreadConstraints: mergeList('topologyKey', ['topologyKey', 'whenUnsatisfiable']),
    volumes: mergeList('name', ['name'], 'merge,retainKeys'),
  },
  'io.k8s.api.core.v1.PodStatus': {
    conditions: mergeList('type'),
    containerStatuses: ATOMIC_LIST,
    ephemeralContainerStatuses: ATOMIC_LIST,
    hostIPs: { ...mergeOnly('ip'), ...ATOMIC_LIST },
    initContainerStatuses: ATOMIC_LIST,
    podIPs: mergeList('ip'),
    resourceClaimStatuses: mergeList('name', ['name'], 'merge,retainKeys'),
  },
  'io.k8s.api.core.v1.ProjectedVolumeSource': { sources: ATOMIC_LIST },
  'io.k8s.api.core.v1.RBDPersistentVolumeSource': { monitors: ATOMIC_LIST },
  'io.k8s.api.core.v1.RBDVolumeSource': { monitors: ATOMIC_LIST },
  'io.k8s.api.core.v1.ReplicationControllerSpec': { selector: ATOMIC_MAP },
  'io.k8s.api.core.v1.ReplicationControllerStatus': { conditions: mergeList('type') },
  'io.k8s.api.core.v1.ResourceFieldSelector': { '.': ATOMIC_MAP },
  'io.k8s.api.core.v1.ResourceQuotaSpec': { scopes: ATOMIC_LIST },
  'io.k8s.api.core.v1.ResourceRequirements': { claims: mapList(['name']) },
  'io.k8s.api.core.v1.ResourceStatus': { resources: mapList(['resourceID']) },
  'io.k8s.api.core.v1.ScopeSelector': { '.': ATOMIC_MAP, matchExpressions: ATOMIC_LIST },
  'io.k8s.api.core.v1.ScopedResourceSelectorRequirement': { values: ATOMIC_LIST },
  'io.k8s.api.core.v1.SecretKeySelector': { '.': ATOMIC_MAP },
  'io.k8s.api.core.v1.SecretProjection': { items: ATOMIC_LIST },
  'io.k8s.api.core.v1.SecretReference': { '.': ATOMIC_MAP },
  'io.k8s.api.core.v1.SecretVolumeSource': { items: ATOMIC_LIST },
  'io.k8s.api.core.v1.ServiceAccount': {
    imagePullSecrets: ATOMIC_LIST,
    secrets: mergeList('name'),
  },
  'io.k8s.api.core.v1.ServiceSpec': {
    clusterIPs: ATOMIC_LIST,
    externalIPs: ATOMIC_LIST,
    ipFamilies: ATOMIC_LIST,
    loadBalancerSourceRanges: ATOMIC_LIST,
    ports: mergeList('port', ['port', 'protocol']),
    selector: ATOMIC_MAP,
  },
  'io.k8s.api.core.v1.ServiceStatus': { conditions: mergeList('type') },
  'io.k8s.api.core.v1.TopologySelectorLabelRequirement': { values: ATOMIC_LIST },
  'io.k8s.api.core.v1.TopologySelectorTerm': {
    '.': ATOMIC_MAP,
    matchLabelExpressions: ATOMIC_LIST,
  },
  'io.k8s.api.core.v1.TopologySpreadConstraint': { matchLabelKeys: ATOMIC_LIST },
  'io.k8s.api.core.v1.TypedLocalObjectReference': { '.': ATOMIC_MAP },
  'io.k8s.api.discovery.v1.Endpoint': { addresses: SET_LIST },
  'io.k8s.api.discovery.v1.EndpointHints': { forNodes: ATOMIC_LIST, forZones: ATOMIC_LIST },
  'io.k8s.api.discovery.v1.EndpointPort': { '.': ATOMIC_MAP },
  'io.k8s.api.discovery.v1.EndpointSlice': { endpoints: ATOMIC_LIST, ports: ATOMIC_LIST },
  'io.k8s.api.flowcontrol.v1.FlowSchemaSpec': { rules: ATOMIC_LIST },
  'io.k8s.api.flowcontrol.v1.FlowSchemaStatus': { conditions: mergeList('type') },
  'io.k8s.api.flowcontrol.v1.NonResourcePolicyRule': {
    nonResourceURLs: SET_LIST,
    verbs: SET_LIST,
  },
  'io.k8s.api.flowcontrol.v1.PolicyRulesWithSubjects': {
    nonResourceRules: ATOMIC_LIST,
    resourceRules: ATOMIC_LIST,
    subjects: ATOMIC_LIST,
  },
  'io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationStatus': {
    conditions: mergeList('type'),
  },
  'io.k8s.api.flowcontrol.v1.ResourcePolicyRule': {
    apiGroups: SET_LIST,
    namespaces: SET_LIST,
    resources: SET_LIST,
    verbs: SET_LIST,
  },
  'io.k8s.api.networking.v1.HTTPIngressRuleValue': { paths: ATOMIC_LIST },
  'io.k8s.api.networking.v1.IPBlock': { except: ATOMIC_LIST },
  'io.k8s.api.networking.v1.IngressLoadBalancerIngress': { ports: ATOMIC_LIST },
  'io.k8s.api.networking.v1.IngressLoadBalancerStatus': { ingress: ATOMIC_LIST },
  'io.k8s.api.networking.v1.IngressSpec': { rules: ATOMIC_LIST, tls: ATOMIC_LIST },
  'io.k8s.api.networking.v1.IngressTLS': { hosts: ATOMIC_LIST },
  'io.k8s.api.networking.v1.NetworkPolicyEgressRule': { ports: ATOMIC_LIST, to: ATOMIC_LIST },
  'io.k8s.api.networking.v1.NetworkPolicyIngressRule': { from: ATOMIC_LIST, ports: ATOMIC_LIST },
  'io.k8s.api.networking.v1.NetworkPolicySpec': {
    egress: ATOMIC_LIST,
    ingress: ATOMIC_LIST,
    policyTypes: ATOMIC_LIST,
  },
  'io.k8s.api.networking.v1.ServiceBackendPort': { '.': ATOMIC_MAP },
  'io.k8s.api.networking.v1.ServiceCIDRSpec': { cidrs: ATOMIC_LIST },
  'io.k8s.api.networking.v1.ServiceCIDRStatus': { conditions: mergeList('type') },
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec': { selector: REPLACE },
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus': { conditions: mergeList('type') },
  'io.k8s.api.rbac.v1.AggregationRule': { clusterRoleSelectors: ATOMIC_LIST },
  'io.k8s.api.rbac.v1.ClusterRole': { rules: ATOMIC_LIST },
  'io.k8s.api.rbac.v1.ClusterRoleBinding': { subjects: ATOMIC_LIST },
  'io.k8s.api.rbac.v1.PolicyRule': {
    apiGroups: ATOMIC_LIST,
    nonResourceURLs: ATOMIC_LIST,
    resourceNames: ATOMIC_LIST,
    resources: ATOMIC_LIST,
    verbs: ATOMIC_LIST,
  },
  'io.k8s.api.rbac.v1.Role': { rules: ATOMIC_LIST },
  'io.k8s.api.rbac.v1.RoleBinding': { subjects: ATOMIC_LIST },
  'io.k8s.api.rbac.v1.RoleRef': { '.': ATOMIC_MAP },
  'io.k8s.api.rbac.v1.Subject': { '.': ATOMIC_MAP },
  'io.k8s.api.storage.v1.CSIDriverSpec': {
    tokenRequests: ATOMIC_LIST,
    volumeLifecycleModes: SET_LIST,
  },
  'io.k8s.api.storage.v1.CSINodeDriver': { topologyKeys: ATOMIC_LIST },
  'io.k8s.api.storage.v1.CSINodeSpec': { drivers: mergeList('name') },
  'io.k8s.api.storage.v1.StorageClass': {
    allowedTopologies: ATOMIC_LIST,
    mountOptions: ATOMIC_LIST,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ConversionRequest': {
    objects: ATOMIC_LIST,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ConversionResponse': {
    convertedObjects: ATOMIC_LIST,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionNames': {
    categories: ATOMIC_LIST,
    shortNames: ATOMIC_LIST,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec': {
    versions: ATOMIC_LIST,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionStatus': {
    conditions: mapList(['type']),
    storedVersions: ATOMIC_LIST,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionVersion': {
    additionalPrinterColumns: ATOMIC_LIST,
    selectableFields: ATOMIC_LIST,
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps': {
    allOf: ATOMIC_LIST,
    anyOf: ATOMIC_LIST,
    enum: ATOMIC_LIST,
    oneOf: ATOMIC_LIST,
    required: ATOMIC_LIST,
    'x-kubernetes-list-map-keys': ATOMIC_LIST,
    'x-kubernetes-validations': mergeList('rule'),
  },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.WebhookConversion': {
    conversionReviewVersions: ATOMIC_LIST,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIGroup': {
    serverAddressByClientCIDRs: ATOMIC_LIST,
    versions: ATOMIC_LIST,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIGroupList': { groups: ATOMIC_LIST },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIResource': {
    categories: ATOMIC_LIST,
    shortNames: ATOMIC_LIST,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList': { resources: ATOMIC_LIST },
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions': {
    serverAddressByClientCIDRs: ATOMIC_LIST,
    versions: ATOMIC_LIST,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ApplyOptions': { dryRun: ATOMIC_LIST },
  'io.k8s.apimachinery.pkg.apis.meta.v1.CreateOptions': { dryRun: ATOMIC_LIST },
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions': { dryRun: ATOMIC_LIST },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement': { values: ATOMIC_LIST },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector': {
    '.': ATOMIC_MAP,
    matchExpressions: ATOMIC_LIST,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement': { values: ATOMIC_LIST },
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': {
    finalizers: MERGE_SET,
    managedFields: ATOMIC_LIST,
    ownerReferences: mergeList('uid'),
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference': { '.': ATOMIC_MAP },
  'io.k8s.apimachinery.pkg.apis.meta.v1.PatchOptions': { dryRun: ATOMIC_LIST },
  'io.k8s.apimachinery.pkg.apis.meta.v1.RootPaths': { paths: ATOMIC_LIST },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status': { details: ATOMIC_LIST },
  'io.k8s.apimachinery.pkg.apis.meta.v1.StatusDetails': { causes: ATOMIC_LIST },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Table': {
    columnDefinitions: ATOMIC_LIST,
    rows: ATOMIC_LIST,
  },
  'io.k8s.apimachinery.pkg.apis.meta.v1.TableRow': { cells: ATOMIC_LIST, conditions: ATOMIC_LIST },
  'io.k8s.apimachinery.pkg.apis.meta.v1.UpdateOptions': { dryRun: ATOMIC_LIST },
};
