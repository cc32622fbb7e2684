export { inProcessClient } from './client/in-process';
export type { KubeClient } from './client/kube-client';
export { kubeconfigClient } from './client/kubeconfig';
export * from './content/exams';
export * from './content/folder-files';
export type { Instructions } from './content/instructions';
export * from './content/loader';
export { formatProblem, type Problem } from './content/problems';
export * from './content/templates';
export * from './environment/embedded';
export { mergeKubeconfigs } from './environment/kubeconfig';
export { runScript, type ScriptResult } from './environment/scripts';
export * from './grader';
export * from './schema';
export {
  type VerifyCheckLine,
  type VerifyEvent,
  type VerifyResult,
  verifyLab,
} from './verify/verify-lab';
