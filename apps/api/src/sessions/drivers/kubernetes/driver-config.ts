/**
 * The kubernetes driver's settings, from the environment (docs/deployment.md lists them). Read
 * as app-config.ts reads the platform's: unset and empty mean the default, and a bad value stops
 * start-up with one line naming it.
 */
import { z } from 'zod';
import { StartUpError } from '../../../start-up-error';
import type { HostClusterOptions } from './host-cluster';
import { DEFAULT_LIMITS, type NamespaceLimits } from './session-namespace';

export interface KubernetesDriverConfig extends Partial<HostClusterOptions> {
  /** Prepended to every session namespace's name. */
  namespacePrefix: string;
  /** A namespace not renewed for this long is deleted by the sweep (a process that died). */
  ttlMinutes: number;
  limits: NamespaceLimits;
}

const QUANTITY = '[+-]?[0-9.]+(?:[eE][+-]?[0-9]+|[KMGTPE]i?|[numkMGTPE])?';
const QUOTA_ITEM = `[a-z0-9A-Z./_-]+=${QUANTITY}`;

const environment = z.object({
  KUBEBELT_KUBERNETES_KUBECONFIG: z.string().optional(),
  KUBEBELT_KUBERNETES_CONTEXT: z.string().optional(),
  KUBEBELT_KUBERNETES_NAMESPACE_PREFIX: z
    .string()
    .regex(
      /^[a-z0-9][-a-z0-9]{0,19}$/,
      'must be at most 20 lower-case letters, digits and dashes, starting with a letter or digit',
    )
    .default('kubebelt-'),
  KUBEBELT_KUBERNETES_TTL_MINUTES: z
    .string()
    .refine(
      (v) => /^\d+$/.test(v) && Number(v) >= 5 && Number(v) <= 30 * 24 * 60,
      'must be an integer between 5 and 43200',
    )
    .transform(Number)
    .default(24 * 60),
  KUBEBELT_KUBERNETES_QUOTA: z
    .string()
    .regex(
      new RegExp(`^${QUOTA_ITEM}(,${QUOTA_ITEM})*$`),
      'must be name=quantity pairs separated by commas (requests.cpu=2,pods=20)',
    )
    .optional(),
  KUBEBELT_KUBERNETES_POD_SECURITY: z
    .enum(['privileged', 'baseline', 'restricted'], {
      error: 'must be one of privileged, baseline, restricted',
    })
    .default(DEFAULT_LIMITS.podSecurity),
});

/** The environment variables kubernetesDriverConfig reads. */
export const kubernetesDriverVariables = Object.keys(environment.shape) as Array<
  keyof typeof environment.shape
>;

export function kubernetesDriverConfig(
  env: NodeJS.ProcessEnv = process.env,
): KubernetesDriverConfig {
  const given = Object.fromEntries(
    kubernetesDriverVariables.map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const result = environment.safeParse(given);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name} ${issue.message} (got ${JSON.stringify(given[name] ?? '')})`;
    });
    throw new StartUpError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const values = result.data;
  const quota = { ...DEFAULT_LIMITS.quota };
  for (const pair of values.KUBEBELT_KUBERNETES_QUOTA?.split(',') ?? []) {
    const [name, value] = pair.split('=');
    quota[name] = value;
  }
  return {
    kubeconfig: values.KUBEBELT_KUBERNETES_KUBECONFIG,
    context: values.KUBEBELT_KUBERNETES_CONTEXT,
    namespacePrefix: values.KUBEBELT_KUBERNETES_NAMESPACE_PREFIX,
    ttlMinutes: values.KUBEBELT_KUBERNETES_TTL_MINUTES,
    limits: { ...DEFAULT_LIMITS, quota, podSecurity: values.KUBEBELT_KUBERNETES_POD_SECURITY },
  };
}
