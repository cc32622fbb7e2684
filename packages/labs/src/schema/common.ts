/**
 * Pieces every kubebelt content file shares: the apiVersion, ids, bilingual text and the
 * curriculum domains. TypeBox builds the JSON Schema and the TypeScript type from one
 * declaration, so the linter, the API and the web editor read the same rules.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';

export const API_VERSION = 'kubebelt.dev/v1';

export const ApiVersion = Type.Literal(API_VERSION, {
  description: 'Version of the kubebelt content format.',
});

/** Lowercase kebab-case, as Kubernetes names a DNS-1123 label. */
export const Id = Type.String({
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  maxLength: 63,
  description: 'Lowercase letters, digits and dashes (a DNS-1123 label).',
});

/** Every user-visible text is written in English and Chinese side by side. */
export const Text = Type.Object(
  {
    en: Type.String({ minLength: 1, description: 'English' }),
    zh: Type.String({ minLength: 1, description: 'Simplified Chinese' }),
  },
  { additionalProperties: false, description: 'The same text in English and Chinese.' },
);
export type Text = Static<typeof Text>;

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Curriculum domains of the certifications the platform prepares for: the CKA and CKAD
 * curricula (CNCF, 2025) and the Huawei HCCDA cloud-native entry exam.
 */
export const DOMAINS = {
  'cka.cluster-architecture': 'CKA: Cluster Architecture, Installation and Configuration',
  'cka.workloads-scheduling': 'CKA: Workloads and Scheduling',
  'cka.services-networking': 'CKA: Services and Networking',
  'cka.storage': 'CKA: Storage',
  'cka.troubleshooting': 'CKA: Troubleshooting',
  'ckad.design-build': 'CKAD: Application Design and Build',
  'ckad.deployment': 'CKAD: Application Deployment',
  'ckad.observability-maintenance': 'CKAD: Application Observability and Maintenance',
  'ckad.environment-config-security': 'CKAD: Application Environment, Configuration and Security',
  'ckad.services-networking': 'CKAD: Services and Networking',
  'hccda.cloud-native': 'HCCDA: Cloud-native concepts',
  'hccda.containers': 'HCCDA: Containers and images',
  'hccda.architecture': 'HCCDA: Kubernetes architecture',
  'hccda.workloads': 'HCCDA: Workloads',
  'hccda.networking': 'HCCDA: Services and networking',
  'hccda.storage': 'HCCDA: Storage',
  'hccda.config-security': 'HCCDA: Configuration and security',
  'hccda.scheduling-scaling': 'HCCDA: Scheduling and scaling',
  'hccda.operations': 'HCCDA: Operations and troubleshooting',
} as const;
export type Domain = keyof typeof DOMAINS;

/** A string from a fixed list: `enum` in the JSON Schema, a union of literals in TypeScript. */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { default?: T[number]; description?: string } = {},
) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export const Domains = Type.Array(StringEnum(Object.keys(DOMAINS) as Domain[]), {
  minItems: 1,
  uniqueItems: true,
  description: 'Curriculum domains this item trains.',
});

/** An object with no other properties than those listed (typos in content are errors). */
export function Strict<T extends Record<string, TSchema>>(
  properties: T,
  options: { description?: string; title?: string } = {},
) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}
