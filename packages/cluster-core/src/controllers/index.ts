/**
 * Everything that makes a cluster live: the controllers of kube-controller-manager, the
 * scheduler and the kubelets of the simulated nodes, as one list of reconcilers on one shared
 * informer (STYLE.md §2). `startControllers` registers the nodes and starts them all.
 */
import type { ClusterCore } from '../apiserver/cluster-core';
import { kubelet, requestProcessExit } from '../nodes/kubelet';
import { startKubelet, stopKubelet } from '../nodes/node-health';
import { nodeLifecycleController } from '../nodes/node-lifecycle';
import { registerNodes } from '../nodes/node-registration';
import { scheduler } from '../nodes/scheduler';
import { simulatedRuntime } from '../nodes/simulated-runtime';
import { installSystemWorkloads } from '../nodes/system-workloads';
import { taintEvictionController } from '../nodes/taint-eviction';
import { ControllerContext } from './controller-context';
import { ControllerManager, type ErrorReporter } from './controller-manager';
import { cronJobController } from './cronjob';
import { csrCleanerController } from './csr-cleaner';
import { csrSigningController } from './csr-signer';
import { customResourceDefinitionController } from './custom-resource-definitions';
import { daemonSetController } from './daemonset';
import { deploymentController } from './deployment';
import { disruptionController } from './disruption';
import { endpointsController } from './endpoints';
import { EventRecorder } from './events';
import { flowSchemaStatusController, priorityLevelEnsurer } from './flowcontrol-configuration';
import { garbageCollector } from './garbage-collector';
import { horizontalPodAutoscalerController } from './horizontal-pod-autoscaler';
import { jobController, ttlAfterFinishedController } from './job';
import { rootCACertPublisher, serviceAccountController } from './namespace-defaults';
import { namespaceController } from './namespace-deletion';
import { persistentVolumeController } from './persistentvolumes';
import { podGarbageCollector } from './pod-gc';
import type { Reconciler } from './reconciler';
import { replicaSetController, replicationController } from './replicaset';
import { resourceQuotaController } from './resourcequota';
import { ipAddressAllocator, serviceCIDRController } from './service-ip-addresses';
import { serviceLoadBalancerController } from './service-load-balancer';
import { type SimulationOverrides, simulationOptions } from './simulation-options';
import { statefulSetController } from './statefulset';
import { pvcProtectionController, pvProtectionController } from './volume-protection';

/** The reconcilers every cluster runs, in no particular order (each has its own queue). */
export const RECONCILERS: Reconciler[] = [
  nodeLifecycleController,
  taintEvictionController,
  scheduler,
  kubelet,
  replicaSetController,
  replicationController,
  deploymentController,
  endpointsController,
  serviceAccountController,
  rootCACertPublisher,
  jobController,
  ttlAfterFinishedController,
  cronJobController,
  daemonSetController,
  statefulSetController,
  persistentVolumeController,
  pvcProtectionController,
  pvProtectionController,
  podGarbageCollector,
  resourceQuotaController,
  csrSigningController,
  csrCleanerController,
  horizontalPodAutoscalerController,
  disruptionController,
  serviceLoadBalancerController,
  ipAddressAllocator,
  serviceCIDRController,
  flowSchemaStatusController,
  priorityLevelEnsurer,
  garbageCollector,
  namespaceController,
  customResourceDefinitionController,
];

export interface ControllerOptions extends SimulationOverrides {
  /** Called for reconcile failures; by default unexpected (non-API) errors are logged. */
  onError?: ErrorReporter;
}

export interface RunningControllers {
  stop(): void;
  /** Enqueues every object again (after a snapshot restore). */
  resync(): void;
  /** Whether some controller has work queued or running (delayed requeues excluded). */
  busy(): boolean;
  /** Stops a node's simulated kubelet: the node goes NotReady after `gracePeriodMs` (node-health.ts). */
  stopKubelet(nodeName: string, gracePeriodMs?: number): void;
  /** Starts a stopped kubelet again: the node is Ready and its pods are looked after again. */
  startKubelet(nodeName: string): void;
}

export function startControllers(
  cluster: { core: ClusterCore; name: string },
  options: ControllerOptions = {},
): RunningControllers {
  const core = cluster.core;
  const sim = simulationOptions(options);
  const events = new EventRecorder(core);
  const manager = new ControllerManager(core, options.onError);
  const wake = (reconciler: string, key: string) => manager.enqueue(reconciler, key);
  for (const r of RECONCILERS)
    manager.add(r, new ControllerContext(core, r.name, events, sim, wake));
  const bootstrap = new ControllerContext(core, 'kubelet', events, sim, wake);
  const nodes = registerNodes(bootstrap, cluster.name);
  if (sim.systemWorkloads) {
    // The cluster is handed over with its system pods already running (creation is second-precise).
    core.simulation.warmUntil = core.clock.now() + 2_000;
    installSystemWorkloads(bootstrap, nodes);
  }
  core.runtime ??= simulatedRuntime(core, {
    processExited(pod, container, containerID, code) {
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (requestProcessExit(core.simulation, key, container, containerID, code))
        manager.enqueue(kubelet.name, key);
    },
  });
  manager.start();
  return {
    stop: () => manager.stop(),
    resync: () => manager.resync(),
    busy: () => manager.busy(),
    stopKubelet(nodeName, gracePeriodMs) {
      stopKubelet(bootstrap, nodeName, gracePeriodMs);
      manager.resync();
    },
    startKubelet(nodeName) {
      startKubelet(bootstrap, nodeName);
      manager.resync();
    },
  };
}

export type { KubeletTimings, SimulationOptions } from './simulation-options';
export { scaledKubeletTimings, simulationOptions } from './simulation-options';
