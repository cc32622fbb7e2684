/**
 * The swagger-2.0 definitions of the built-in kinds, generated at build time by
 * scripts/generate-definitions.js from the kubernetes-models package. Loaded once per process and
 * shared by every cluster in it (never copied per cluster: treat the objects as read-only).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A swagger-2.0 schema as upstream publishes it (only the keywords the API server uses). */
export interface Schema {
  description?: string;
  type?: string;
  format?: string;
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  enum?: unknown[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  [extension: string]: unknown;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export const DEFINITION_REF_PREFIX = '#/definitions/';

/** src/openapi and dist/openapi are both two levels below the package root. */
const packageRoot = path.resolve(__dirname, '..', '..');
const generatedFile = path.join(packageRoot, 'src', 'openapi', 'generated', 'definitions.json');

let loaded: Record<string, Schema> | undefined;
let byGVK: Map<string, string> | undefined;

function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** All built-in definitions, keyed by upstream name (io.k8s.api.apps.v1.Deployment). */
export function builtinDefinitions(): Readonly<Record<string, Schema>> {
  if (!loaded) {
    // A build that ran plain `tsc -b` (the root build script) skipped the generator: run it now.
    if (!fs.existsSync(generatedFile)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(packageRoot, 'scripts', 'generate-definitions.js')).main();
    }
    loaded = (
      JSON.parse(fs.readFileSync(generatedFile, 'utf8')) as { definitions: Record<string, Schema> }
    ).definitions;
  }
  return loaded;
}

export function builtinDefinition(name: string): Schema | undefined {
  return builtinDefinitions()[name];
}

/** The definition carrying `x-kubernetes-group-version-kind` for this kind, as kubectl finds it. */
export function builtinDefinitionNameForGVK(
  group: string,
  version: string,
  kind: string,
): string | undefined {
  if (!byGVK) {
    byGVK = new Map();
    for (const [name, def] of Object.entries(builtinDefinitions())) {
      for (const g of def['x-kubernetes-group-version-kind'] ?? []) {
        const key = gvkKey(g.group, g.version, g.kind);
        // meta types (DeleteOptions, WatchEvent) are registered in every group: keep kinds first
        if (!byGVK.has(key)) byGVK.set(key, name);
      }
    }
  }
  return byGVK.get(gvkKey(group, version, kind));
}

/** The definition name that a `$ref` points at, whichever document style it uses. */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/**
 * Upstream's name for a CRD-defined kind: the group reversed, then version and kind
 * (apiextensions-apiserver util.ToRESTFriendlyName: stable.example.com/v1/CronTab becomes
 * com.example.stable.v1.CronTab).
 */
export function customResourceDefinitionName(group: string, version: string, kind: string): string {
  return [...group.split('.').reverse(), version, kind].join('.');
}
