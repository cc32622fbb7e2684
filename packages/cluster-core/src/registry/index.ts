/** Every built-in kind the API server serves: adding a kind means adding its file here. */

import { bindings } from './bindings';
import { certificateSigningRequests } from './certificatesigningrequests';
import { clusterRoleBindings } from './clusterrolebindings';
import { clusterRoles } from './clusterroles';
import { componentStatuses } from './componentstatuses';
import { configMaps } from './configmaps';
import { controllerRevisions } from './controllerrevisions';
import { cronJobs } from './cronjobs';
import { customResourceDefinitions } from './customresourcedefinitions';
import { daemonSets } from './daemonsets';
import { deployments } from './deployments';
import { endpoints } from './endpoints';
import { endpointSlices } from './endpointslices';
import { events } from './events';
import { eventsK8sIo } from './events-k8s-io';
import { flowSchemas } from './flowschemas';
import { horizontalPodAutoscalers } from './horizontalpodautoscalers';
import { ingressClasses } from './ingressclasses';
import { ingresses } from './ingresses';
import { ipAddresses } from './ipaddresses';
import { jobs } from './jobs';
import { leases } from './leases';
import { limitRanges } from './limitranges';
import { localSubjectAccessReviews } from './localsubjectaccessreviews';
import { namespaces } from './namespaces';
import { networkPolicies } from './networkpolicies';
import { nodes } from './nodes';
import { persistentVolumeClaims } from './persistentvolumeclaims';
import { persistentVolumes } from './persistentvolumes';
import { withPodSecurityAdmission } from './pod-security-admission';
import { podDisruptionBudgets } from './poddisruptionbudgets';
import { pods } from './pods';
import { podTemplates } from './podtemplates';
import { priorityClasses } from './priorityclasses';
import { priorityLevelConfigurations } from './prioritylevelconfigurations';
import { replicaSets } from './replicasets';
import { replicationControllers } from './replicationcontrollers';
import { resourceQuotas } from './resourcequotas';
import { roleBindings } from './rolebindings';
import { roles } from './roles';
import { runtimeClasses } from './runtimeclasses';
import { secrets } from './secrets';
import { selfSubjectAccessReviews } from './selfsubjectaccessreviews';
import { selfSubjectReviews } from './selfsubjectreviews';
import { selfSubjectRulesReviews } from './selfsubjectrulesreviews';
import { serviceAccounts } from './serviceaccounts';
import { serviceCIDRs } from './servicecidrs';
import { services } from './services';
import { statefulSets } from './statefulsets';
import { storageClasses } from './storageclasses';
import { subjectAccessReviews } from './subjectaccessreviews';
import { tokenReviews } from './tokenreviews';
import type { ResourceDefinition } from './types';
import { validatingAdmissionPolicies } from './validatingadmissionpolicies';
import { validatingAdmissionPolicyBindings } from './validatingadmissionpolicybindings';

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
  serviceCIDRs,
  ipAddresses,
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
  validatingAdmissionPolicies,
  validatingAdmissionPolicyBindings,
  flowSchemas,
  priorityLevelConfigurations,
].map(withPodSecurityAdmission);
