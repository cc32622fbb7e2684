/**
 * Container lifecycle hooks (pkg/kubelet/lifecycle/handlers.go): an `exec` postStart runs in
 * the container's shell as it starts, an `exec` preStop as the kubelet stops it (the grace
 * period runs meanwhile: the kill does not wait for the hook). A hook that fails is a Warning
 * event with the handler runner's message; what a hook writes stays in the container's files.
 */
import type { KubeObject } from '../api/object';
import type { ClusterCore } from '../apiserver/cluster-core';
import { containerShell, runScript } from './container-bash';
import { shellQuote } from './container-exec';

// biome-ignore lint/suspicious/noExplicitAny: specs are free-form JSON
type Json = Record<string, any>;

export type HookName = 'postStart' | 'preStop';

const REASONS: Record<HookName, string> = {
  postStart: 'FailedPostStartHook',
  preStop: 'FailedPreStopHook',
};

/** format.Pod: `name_namespace(uid)`. */
const podName = (pod: KubeObject) =>
  `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;

/** Runs `spec`'s `hook` handler, if it has an exec one; resolves when it is done. */
export async function runLifecycleHook(
  core: ClusterCore,
  pod: KubeObject,
  spec: Json,
  hook: HookName,
  warn: (reason: string, message: string) => void,
): Promise<void> {
  const command: string[] | undefined = spec.lifecycle?.[hook]?.exec?.command;
  if (!command?.length) return;
  const shell = await containerShell(core, pod, spec, new AbortController().signal);
  const name = String(command[0]).replace(/^.*\//, '');
  const fail = (error: string, output: string) =>
    warn(
      REASONS[hook],
      `Exec lifecycle hook ([${command.join(' ')}]) for Container ${JSON.stringify(spec.name)} in Pod ${JSON.stringify(podName(pod))} failed - error: ${error}, message: ${JSON.stringify(output)}`,
    );
  if (!shell.tools.has(name)) {
    fail(
      `rpc error: code = Unknown desc = failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: "${command[0]}": executable file not found in $PATH: unknown`,
      '',
    );
    return;
  }
  const r = await runScript(shell, command.map(shellQuote).join(' '), name);
  if (r.code !== 0)
    fail(`command '${command.join(' ')}' exited with ${r.code}: ${r.err}`, `${r.out}${r.err}`);
}
