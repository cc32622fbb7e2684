/** Every message table, and the registry built from them. */
import { MessageRegistry, type MessageTable } from './descriptors';
import { admissionregistrationV1 } from './messages-admissionregistration';
import { apiextensionsV1 } from './messages-apiextensions';
import { appsV1 } from './messages-apps';
import {
  authenticationV1,
  authenticationV1beta1,
  authorizationV1,
  certificatesV1,
} from './messages-auth';
import { autoscalingV1, autoscalingV2 } from './messages-autoscaling';
import { batchV1 } from './messages-batch';
import { coreV1 } from './messages-core';
import { coreV1Node } from './messages-core-node';
import { coreV1PersistentVolume } from './messages-core-persistentvolume';
import { coreV1Pod } from './messages-core-pod';
import { coreV1PodStatus } from './messages-core-pod-status';
import { coreV1Volumes } from './messages-core-volumes';
import { eventsV1 } from './messages-events';
import { flowcontrolV1 } from './messages-flowcontrol';
import { metaV1 } from './messages-meta';
import { networkingV1 } from './messages-networking';
import { policyV1, schedulingV1 } from './messages-policy';
import { rbacV1 } from './messages-rbac';
import {
  coordinationV1,
  discoveryV1,
  nodeV1,
  storageV1,
} from './messages-storage-node-coordination';

export const messageTables: MessageTable[] = [
  metaV1,
  coreV1,
  coreV1Pod,
  coreV1PodStatus,
  coreV1Volumes,
  coreV1Node,
  coreV1PersistentVolume,
  appsV1,
  batchV1,
  rbacV1,
  networkingV1,
  policyV1,
  schedulingV1,
  authenticationV1,
  authenticationV1beta1,
  authorizationV1,
  certificatesV1,
  autoscalingV1,
  autoscalingV2,
  eventsV1,
  admissionregistrationV1,
  flowcontrolV1,
  discoveryV1,
  coordinationV1,
  storageV1,
  nodeV1,
  apiextensionsV1,
];

export const messages = new MessageRegistry(messageTables);
