/**
 * How fast the simulated cluster moves. Defaults follow what a small kubeadm cluster shows:
 * a pod with a cached image is Running about a second after it is scheduled, an image pull
 * takes a few seconds, back-offs start at 10 s and double to 5 min (kubelet's
 * flowcontrol.NewBackOff(10s, 300s) for both crash loops and image pulls).
 */

export interface KubeletTimings {
  /** Pod sandbox and network set-up after the pod is bound (PodReadyToStartContainers). */
  sandboxMs: number;
  /** Pulling an image that is not on the node yet. */
  pullMs: number;
  /** Creating and starting a container once its image is there. */
  startMs: number;
  /** How long a deleted pod on a node stays Terminating before the kubelet confirms it gone. */
  terminateMs: number;
  /** First back-off after a crash or a failed pull; doubles up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
}

export interface SimulationOptions {
  /** Simulated nodes: one control plane plus `nodes - 1` workers. */
  nodes: number;
  kubelet: KubeletTimings;
  /** Create the kube-system workloads a kubeadm cluster has (static pods, CoreDNS, kube-proxy). */
  systemWorkloads: boolean;
}

export const DEFAULT_KUBELET_TIMINGS: KubeletTimings = {
  sandboxMs: 400,
  pullMs: 2_500,
  startMs: 300,
  terminateMs: 1_000,
  backoffMs: 10_000,
  maxBackoffMs: 300_000,
};

export interface SimulationOverrides {
  nodes?: number;
  kubelet?: Partial<KubeletTimings>;
  systemWorkloads?: boolean;
}

export function simulationOptions(overrides: SimulationOverrides = {}): SimulationOptions {
  return {
    nodes: Math.max(1, overrides.nodes ?? 3),
    kubelet: { ...DEFAULT_KUBELET_TIMINGS, ...overrides.kubelet },
    systemWorkloads: overrides.systemWorkloads ?? true,
  };
}

/** Kubelet timings scaled for fast tests (e.g. 0.01 makes 10 s back-offs last 100 ms). */
export function scaledKubeletTimings(factor: number): KubeletTimings {
  const out = { ...DEFAULT_KUBELET_TIMINGS };
  for (const k of Object.keys(out) as (keyof KubeletTimings)[])
    out[k] = Math.round(out[k] * factor);
  return out;
}
