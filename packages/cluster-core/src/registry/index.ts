/** Every built-in kind the API server serves: adding a kind means adding its file here. */
import { configMaps } from './configmaps';
import { persistentVolumeClaims } from './persistentvolumeclaims';
import { persistentVolumes } from './persistentvolumes';
import { storageClasses } from './storageclasses';
import { bindings } from './bindings';
import { componentStatuses } from './componentstatuses';
import { endpointSlices } from './endpointslices';
import { endpoints } from './endpoints';
import { events } from './events';
import { eventsK8sIo } from './events-k8s-io';
import { leases } from './leases';
import { limitRanges } from './limitranges';
import { nodes } from './nodes';
import { resourceQuotas } from './resourcequotas';
import { namespaces } from './namespaces';
import { secrets } from './secrets';
import { serviceAccounts } from './serviceaccounts';
import { services } from './services';
import { priorityClasses } from './priorityclasses';
import { runtimeClasses } from './runtimeclasses';
import { selfSubjectReviews } from './selfsubjectreviews';
import { ingresses } from './ingresses';
import { ingressClasses } from './ingressclasses';
import { networkPolicies } from './networkpolicies';
import { pods } from './pods';
import { podTemplates } from './podtemplates';
import { replicationControllers } from './replicationcontrollers';
import { deployments } from './deployments';
import { replicaSets } from './replicasets';
import { statefulSets } from './statefulsets';
import { daemonSets } from './daemonsets';
import { controllerRevisions } from './controllerrevisions';
import { jobs } from './jobs';
import { cronJobs } from './cronjobs';
import { roles } from './roles';
import { clusterRoles } from './clusterroles';
import { roleBindings } from './rolebindings';
import { clusterRoleBindings } from './clusterrolebindings';
import { selfSubjectAccessReviews } from './selfsubjectaccessreviews';
import { subjectAccessReviews } from './subjectaccessreviews';
import { localSubjectAccessReviews } from './localsubjectaccessreviews';
import { selfSubjectRulesReviews } from './selfsubjectrulesreviews';
import { tokenReviews } from './tokenreviews';
import { horizontalPodAutoscalers } from './horizontalpodautoscalers';
import { podDisruptionBudgets } from './poddisruptionbudgets';
import { customResourceDefinitions } from './customresourcedefinitions';
import { certificateSigningRequests } from './certificatesigningrequests';
import type { ResourceDefinition } from './types';

export const builtinResources: ResourceDefinition[] = [
  selfSubjectReviews,
  priorityClasses,
  runtimeClasses,
  configMaps,
  namespaces,
  secrets,
  serviceAccounts,
  services,
  bindings,
  componentStatuses,
  endpointSlices,
  endpoints,
  events,
  eventsK8sIo,
  leases,
  limitRanges,
  nodes,
  resourceQuotas,
  persistentVolumeClaims,
  persistentVolumes,
  storageClasses,
  ingresses,
  ingressClasses,
  networkPolicies,
  pods,
  podTemplates,
  replicationControllers,
  deployments,
  replicaSets,
  statefulSets,
  daemonSets,
  controllerRevisions,
  jobs,
  cronJobs,
  roles,
  clusterRoles,
  roleBindings,
  clusterRoleBindings,
  selfSubjectAccessReviews,
  subjectAccessReviews,
  localSubjectAccessReviews,
  selfSubjectRulesReviews,
  tokenReviews,
  horizontalPodAutoscalers,
  podDisruptionBudgets,
  customResourceDefinitions,
  certificateSigningRequests,
];
