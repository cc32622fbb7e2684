#!/usr/bin/env node
/**
 * Builds src/openapi/generated/definitions.json: swagger-2.0 style `definitions` for the kinds the
 * in-process API server serves, keyed by upstream names (io.k8s.api.apps.v1.Deployment, ...).
 *
 * Descriptions and shapes are not kept in this repository: they are read at build time from the
 * `kubernetes-models` npm package (generated from upstream's swagger.json, with every description
 * in its .d.ts JSDoc) and `@kubernetes-models/apimachinery`. The upstream list/patch extensions
 * come from the hand-written table in src/openapi/list-strategies.ts (read here as data).
 *
 * Runs only when the output is older than its inputs, so `npm run build` and jest's globalSetup
 * may both call it freely.
 */

const fs = require('node:fs');
const path = require('node:path');

const pkgDir = path.resolve(__dirname, '..');
const outFile = path.join(pkgDir, 'src/openapi/generated/definitions.json');
const strategiesFile = path.join(pkgDir, 'src/openapi/list-strategies.ts');

/** Finds an installed package the way Node does (its `exports` may hide package.json). */
function resolvePackageDir(name, from) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir)
      throw new Error(`generate-definitions: ${name} is not installed`);
  }
}
const modelsDir = resolvePackageDir('kubernetes-models', pkgDir);
const machineryDir = resolvePackageDir('@kubernetes-models/apimachinery', pkgDir);
const baseDir = resolvePackageDir('@kubernetes-models/base', modelsDir);
const typesDir = resolvePackageDir('kubernetes-types', pkgDir);

/** The served kinds (plus their lists); everything they reference is emitted too. */
const ROOTS = {
  v1: [
    'Namespace',
    'Pod',
    'Service',
    'Endpoints',
    'ConfigMap',
    'Secret',
    'ServiceAccount',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'Node',
    'Event',
    'LimitRange',
    'ResourceQuota',
    'ReplicationController',
    'PodTemplate',
    'Binding',
    'ComponentStatus',
  ],
  'apps/v1': ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'],
  'batch/v1': ['Job', 'CronJob'],
  'networking.k8s.io/v1': ['Ingress', 'IngressClass', 'NetworkPolicy', 'ServiceCIDR', 'IPAddress'],
  'discovery.k8s.io/v1': ['EndpointSlice'],
  'events.k8s.io/v1': ['Event'],
  'rbac.authorization.k8s.io/v1': ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  'storage.k8s.io/v1': ['StorageClass'],
  'autoscaling/v1': ['HorizontalPodAutoscaler', 'Scale'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'policy/v1': ['PodDisruptionBudget', 'Eviction'],
  'coordination.k8s.io/v1': ['Lease'],
  'certificates.k8s.io/v1': ['CertificateSigningRequest'],
  'apiextensions.k8s.io/v1': ['CustomResourceDefinition'],
  'authorization.k8s.io/v1': [
    'SelfSubjectAccessReview',
    'SubjectAccessReview',
    'LocalSubjectAccessReview',
    'SelfSubjectRulesReview',
  ],
  'authentication.k8s.io/v1': ['TokenReview', 'TokenRequest', 'SelfSubjectReview'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
  'node.k8s.io/v1': ['RuntimeClass'],
  'admissionregistration.k8s.io/v1': [
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
  ],
  'flowcontrol.apiserver.k8s.io/v1': ['FlowSchema', 'PriorityLevelConfiguration'],
  'apiregistration.k8s.io/v1': ['APIService'],
};

/**
 * Served kinds kubernetes-models lacks. authentication.k8s.io/v1beta1 SelfSubjectReview (served
 * for kubectl 1.27) is the v1 type under the v1beta1 names, as k8s.io/api declares it (its
 * status's userInfo stays authentication/v1 UserInfo).
 */
const VERSION_COPIES = [
  {
    from: 'io.k8s.api.authentication.v1.',
    to: 'io.k8s.api.authentication.v1beta1.',
    gv: { group: 'authentication.k8s.io', version: 'v1beta1' },
    types: ['SelfSubjectReview', 'SelfSubjectReviewStatus'],
  },
];

/**
 * metrics.k8s.io/v1beta1, which metrics-server aggregates into the cluster's OpenAPI: the types of
 * k8s.io/metrics pkg/apis/metrics/v1beta1/types.go with their doc comments.
 */
const METRICS = 'io.k8s.metrics.pkg.apis.metrics.v1beta1.';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
function metricsDefinitions(typeMeta) {
  const ref = (name, description) => ({ description, $ref: `#/definitions/${name}` });
  const typeProps = {
    apiVersion: { description: typeMeta.apiVersion, type: 'string' },
    kind: { description: typeMeta.kind, type: 'string' },
  };
  const metadata = ref(
    `${META}ObjectMeta`,
    "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  );
  const listMetadata = ref(
    `${META}ListMeta`,
    'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  );
  const timestamp = ref(
    `${META}Time`,
    'The following fields define time interval from which metrics were collected from the interval [Timestamp-Window, Timestamp].',
  );
  const window = { type: 'string' };
  const usage = (description) => ({
    description,
    type: 'object',
    additionalProperties: { $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity' },
  });
  const gvk = (kind) => [{ group: 'metrics.k8s.io', kind, version: 'v1beta1' }];
  const list = (kind, description, itemsDescription) => ({
    description,
    properties: {
      ...typeProps,
      items: {
        description: itemsDescription,
        items: { $ref: `#/definitions/${METRICS}${kind}` },
        type: 'array',
      },
      metadata: listMetadata,
    },
    required: ['items'],
    type: 'object',
    'x-kubernetes-group-version-kind': gvk(`${kind}List`),
  });
  return {
    [`${METRICS}ContainerMetrics`]: {
      description: 'ContainerMetrics sets resource usage metrics of a container.',
      properties: {
        name: {
          description: 'Container name corresponding to the one from pod.spec.containers.',
          type: 'string',
        },
        usage: usage('The memory usage is the memory working set.'),
      },
      required: ['name', 'usage'],
      type: 'object',
    },
    [`${METRICS}NodeMetrics`]: {
      description: 'NodeMetrics sets resource usage metrics of a node.',
      properties: {
        ...typeProps,
        metadata,
        timestamp,
        usage: usage('The memory usage is the memory working set.'),
        window,
      },
      required: ['timestamp', 'window', 'usage'],
      type: 'object',
      'x-kubernetes-group-version-kind': gvk('NodeMetrics'),
    },
    [`${METRICS}NodeMetricsList`]: list(
      'NodeMetrics',
      'NodeMetricsList is a list of NodeMetrics.',
      'List of node metrics.',
    ),
    [`${METRICS}PodMetrics`]: {
      description: 'PodMetrics sets resource usage metrics of a pod.',
      properties: {
        ...typeProps,
        containers: {
          description: 'Metrics for all containers are collected within the same time window.',
          items: { $ref: `#/definitions/${METRICS}ContainerMetrics` },
          type: 'array',
          'x-kubernetes-list-type': 'atomic',
        },
        metadata,
        timestamp,
        window,
      },
      required: ['timestamp', 'window', 'containers'],
      type: 'object',
      'x-kubernetes-group-version-kind': gvk('PodMetrics'),
    },
    [`${METRICS}PodMetricsList`]: list(
      'PodMetrics',
      'PodMetricsList is a list of PodMetrics.',
      'List of pod metrics.',
    ),
  };
}
const META_ROOTS = [
  'apis/meta/v1/Status',
  'apis/meta/v1/DeleteOptions',
  'apis/meta/v1/WatchEvent',
  'apis/meta/v1/APIResourceList',
  'apis/meta/v1/APIGroupList',
  'apis/meta/v1/APIGroup',
  'apis/meta/v1/APIVersions',
  'apis/meta/v1/Patch',
  'version/Info',
];

/**
 * Types upstream declares by hand (k8s.io/apimachinery OpenAPISchemaType/Format): their .d.ts is
 * a TypeScript alias or an empty interface, so the swagger shape is restated here.
 */
const SPECIAL = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': { type: 'object' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': { type: 'object' },
  // Free-form JSON values: upstream gives them no type at all.
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': {},
};

/** The only float64 fields of the served API (everything else numeric is an integer). */
const NUMBER_FIELDS = new Set([
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.maximum',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.minimum',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.multipleOf',
]);

/** Go package of each API group directory of kubernetes-models, as upstream names definitions. */
function definitionPrefix(groupDir, version) {
  if (groupDir === '') return `io.k8s.api.core.${version}`;
  if (groupDir === 'apiextensions.k8s.io')
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}`;
  if (groupDir === 'apiregistration.k8s.io')
    return `io.k8s.kube-aggregator.pkg.apis.apiregistration.${version}`;
  return `io.k8s.api.${groupDir.split('.')[0]}.${version}`;
}

/** Maps a .d.ts file of either package to its upstream definition name. */
function definitionName(file) {
  const rel = (root) =>
    path
      .relative(root, file)
      .replace(/\\/g, '/')
      .replace(/\.d\.ts$/, '');
  if (file.startsWith(machineryDir + path.sep))
    return `io.k8s.apimachinery.pkg.${rel(machineryDir).split('/').join('.')}`;
  const parts = rel(modelsDir).split('/');
  if (parts.length === 2) return `${definitionPrefix('', parts[0])}.${parts[1]}`;
  return `${definitionPrefix(parts[0], parts[1])}.${parts[2]}`;
}

function fileOfGroupVersionKind(gv, kind) {
  return path.join(modelsDir, ...gv.split('/'), `${kind}.d.ts`);
}

function resolveImport(fromFile, spec) {
  let base;
  if (spec.startsWith('.')) base = path.resolve(path.dirname(fromFile), spec);
  else if (spec.startsWith('@kubernetes-models/apimachinery/')) {
    base = path.join(machineryDir, spec.slice('@kubernetes-models/apimachinery/'.length));
  } else return undefined;
  base = base.replace(/\.js$/, '');
  if (fs.existsSync(`${base}.d.ts`)) return `${base}.d.ts`;
  if (fs.existsSync(path.join(base, 'index.d.ts'))) return undefined;
  return undefined;
}

/**
 * Reverses kubernetes-models' formatComment(): ` * ` before each line, `*` escaped as `\*` and
 * `*​/` as `\*\/`. `dropDeprecatedTag` removes the `@deprecated` line it appends to type comments.
 */
function commentText(ts, text, node, dropDeprecatedTag) {
  const ranges = ts.getLeadingCommentRanges(text, node.pos) || [];
  const jsdoc = ranges.filter((r) => text.slice(r.pos, r.pos + 3) === '/**').pop();
  if (!jsdoc) return undefined;
  const body = text.slice(jsdoc.pos + 3, jsdoc.end - 2);
  const lines = body.split('\n');
  if (lines.length && lines[0].trim() === '') lines.shift();
  if (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  let out = lines.map((l) => l.replace(/^\s*\*( ?)/, ''));
  if (dropDeprecatedTag && out.length && out[out.length - 1] === '@deprecated')
    out = out.slice(0, -1);
  return out
    .join('\n')
    .replace(/\*\\\//g, '*/')
    .replace(/\\\*/g, '*');
}

function loadTypeMetaDescriptions(ts) {
  const file = path.join(baseDir, 'dist/meta.d.ts');
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const out = {};
  ts.forEachChild(sf, (n) => {
    if (ts.isInterfaceDeclaration(n) && n.name.text === 'TypeMeta') {
      for (const m of n.members) out[m.name.text] = commentText(ts, text, m, false);
    }
  });
  return out;
}

/**
 * Descriptions kubernetes-models leaves out (it replaces Quantity's schema with its own): taken
 * from kubernetes-types, which is generated from the same upstream swagger.json.
 */
function fallbackDescription(ts, name) {
  if (name !== 'io.k8s.apimachinery.pkg.api.resource.Quantity') return undefined;
  const file = path.join(typesDir, 'api/resource.d.ts');
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  let desc;
  ts.forEachChild(sf, (n) => {
    if (ts.isTypeAliasDeclaration(n) && n.name.text === 'Quantity') {
      const ranges = ts.getLeadingCommentRanges(text, n.pos) || [];
      const r = ranges.pop();
      if (r) {
        desc = text
          .slice(r.pos + 3, r.end - 2)
          .split('\n')
          .map((l) => l.replace(/^\s*\*( ?)/, ''))
          .join('\n')
          .trim();
      }
    }
  });
  return desc;
}

function loadStrategies(ts) {
  const text = fs.readFileSync(strategiesFile, 'utf8');
  const js = ts.transpileModule(text, {
    compilerOptions: { module: ts.ModuleKind.CommonJS },
  }).outputText;
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', js)(mod, mod.exports, require);
  return mod.exports.LIST_STRATEGIES;
}

function generate() {
  const ts = require(require.resolve('typescript', { paths: [pkgDir] }));
  const typeMeta = loadTypeMetaDescriptions(ts);
  const strategies = loadStrategies(ts);
  const definitions = {};
  const queue = [];
  const enqueue = (file) => {
    const name = definitionName(file);
    if (!(name in definitions)) {
      definitions[name] = null;
      queue.push(file);
    }
    return name;
  };
  for (const [gv, kinds] of Object.entries(ROOTS)) {
    for (const kind of kinds) {
      enqueue(fileOfGroupVersionKind(gv, kind));
      const list = fileOfGroupVersionKind(gv, `${kind}List`);
      if (fs.existsSync(list)) enqueue(list);
    }
  }
  for (const m of META_ROOTS) enqueue(path.join(machineryDir, `${m}.d.ts`));

  while (queue.length) {
    const file = queue.shift();
    const name = definitionName(file);
    definitions[name] = parseDefinition(ts, file, name, enqueue, typeMeta);
  }
  for (const { from, to, gv, types } of VERSION_COPIES) {
    for (const type of types) {
      const copy = JSON.parse(
        JSON.stringify(definitions[`${from}${type}`])
          .replaceAll(`#/definitions/${from}`, `#/definitions/${to}`)
          .replaceAll(`#/definitions/${to}UserInfo`, `#/definitions/${from}UserInfo`),
      );
      if (copy['x-kubernetes-group-version-kind'])
        copy['x-kubernetes-group-version-kind'] = [{ ...gv, kind: type }];
      definitions[`${to}${type}`] = copy;
    }
  }
  Object.assign(definitions, metricsDefinitions(typeMeta));

  for (const [name, props] of Object.entries(strategies)) {
    const def = definitions[name];
    if (!def) continue;
    for (const [prop, ext] of Object.entries(props)) {
      if (prop === '.') Object.assign(def, ext);
      else if (def.properties?.[prop]) Object.assign(def.properties[prop], ext);
      else throw new Error(`list-strategies.ts: ${name} has no property ${prop}`);
    }
  }
  for (const name of Object.keys(definitions)) {
    if (definitions[name].description === undefined) {
      const d = fallbackDescription(ts, name);
      if (d) definitions[name] = { description: d, ...definitions[name] };
    }
  }
  addMetaGroupVersionKinds(definitions);
  const sorted = {};
  for (const k of Object.keys(definitions).sort()) sorted[k] = definitions[k];
  return { definitions: sorted };
}

/** Upstream registers these meta types in every group version; the served ones are enough. */
function addMetaGroupVersionKinds(definitions) {
  const gvs = [
    ['', 'v1'],
    ...Object.keys(ROOTS)
      .filter((g) => g.includes('/'))
      .map((g) => g.split('/')),
  ];
  const all = (kind) => gvs.map(([group, version]) => ({ group, kind, version }));
  const set = (name, gvk) => {
    if (definitions[name]) definitions[name]['x-kubernetes-group-version-kind'] = gvk;
  };
  const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1.';
  set(`${meta}DeleteOptions`, all('DeleteOptions'));
  set(`${meta}WatchEvent`, all('WatchEvent'));
  set(`${meta}Status`, [{ group: '', kind: 'Status', version: 'v1' }]);
  for (const k of ['APIGroup', 'APIGroupList', 'APIResourceList', 'APIVersions']) {
    set(`${meta}${k}`, [{ group: '', kind: k, version: 'v1' }]);
  }
}

function parseDefinition(ts, file, name, enqueue, typeMeta) {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const imports = new Map();
  let iface;
  let alias;
  ts.forEachChild(sf, (n) => {
    if (
      ts.isImportDeclaration(n) &&
      n.importClause?.namedBindings &&
      ts.isNamedImports(n.importClause.namedBindings)
    ) {
      const target = resolveImport(file, n.moduleSpecifier.text);
      for (const el of n.importClause.namedBindings.elements)
        if (target) imports.set(el.name.text, target);
    } else if (ts.isInterfaceDeclaration(n) && !iface) iface = n;
    else if (ts.isTypeAliasDeclaration(n) && !alias) alias = n;
  });
  const decl = iface || alias;
  const description = decl ? commentText(ts, text, decl, true) : undefined;
  const def = {};
  if (description !== undefined) def.description = description;
  if (name in SPECIAL) return { ...def, ...SPECIAL[name] };
  if (!iface) throw new Error(`${file}: no interface`);
  const selfName = iface.name.text;

  const typeOf = (node, key) => {
    if (node.kind === ts.SyntaxKind.StringKeyword) return { type: 'string' };
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return { type: 'boolean' };
    if (node.kind === ts.SyntaxKind.NumberKeyword) {
      return { type: NUMBER_FIELDS.has(`${name}.${key}`) ? 'number' : 'integer' };
    }
    if (node.kind === ts.SyntaxKind.AnyKeyword) return {};
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal))
      return { type: 'string', enum: [node.literal.text] };
    if (
      ts.isUnionTypeNode(node) &&
      node.types.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))
    ) {
      return { type: 'string', enum: node.types.map((t) => t.literal.text) };
    }
    if (ts.isTypeReferenceNode(node)) {
      const ref = node.typeName.getText(sf);
      if (ref === 'Array' && node.typeArguments?.length === 1) {
        return { type: 'array', items: typeOf(node.typeArguments[0], key) };
      }
      if (ref === selfName) return { $ref: `#/definitions/${name}` };
      const target = imports.get(ref);
      if (!target) throw new Error(`${file}: unresolved type ${ref}`);
      return { $ref: `#/definitions/${enqueue(target)}` };
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find((m) => ts.isIndexSignatureDeclaration(m));
      if (index && node.members.length === 1)
        return { type: 'object', additionalProperties: typeOf(index.type, key) };
      // kubernetes-models inlines a kind referenced from a field (StatefulSet volumeClaimTemplates
      // is []PersistentVolumeClaim upstream): find the kind through its `spec` type.
      const spec = node.members.find(
        (m) => ts.isPropertySignature(m) && m.name.getText(sf).replace(/"/g, '') === 'spec',
      );
      const specFile =
        spec && ts.isTypeReferenceNode(spec.type) && imports.get(spec.type.typeName.getText(sf));
      if (specFile?.endsWith('Spec.d.ts'))
        return { $ref: `#/definitions/${enqueue(specFile.replace(/Spec\.d\.ts$/, '.d.ts'))}` };
    }
    throw new Error(`${file}: unsupported type ${node.getText(sf)} for ${key}`);
  };

  const properties = {};
  const required = [];
  const isKind = iface.heritageClauses?.some((h) =>
    h.types.some((t) => t.expression.getText(sf) === 'TypeMeta'),
  );
  let apiVersion;
  let kind;
  for (const m of iface.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const key = ts.isStringLiteral(m.name) ? m.name.text : m.name.getText(sf);
    if (isKind && (key === 'apiVersion' || key === 'kind')) {
      const lit = ts.isLiteralTypeNode(m.type) ? m.type.literal.text : undefined;
      if (key === 'apiVersion') apiVersion = lit;
      else kind = lit;
      properties[key] = { description: typeMeta[key], type: 'string' };
      continue;
    }
    const prop = {};
    const d = commentText(ts, text, m, false);
    if (d !== undefined) prop.description = d;
    Object.assign(prop, typeOf(m.type, key));
    properties[key] = prop;
    if (!m.questionToken) required.push(key);
  }
  if (Object.keys(properties).length) def.properties = properties;
  if (required.length) def.required = required;
  def.type = 'object';
  if (isKind && apiVersion && kind) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    def['x-kubernetes-group-version-kind'] = [{ group, kind, version }];
  }
  return def;
}

function newestInput() {
  const files = [
    __filename,
    strategiesFile,
    path.join(modelsDir, 'package.json'),
    path.join(machineryDir, 'package.json'),
  ];
  return Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
}

function isStale() {
  try {
    return fs.statSync(outFile).mtimeMs < newestInput();
  } catch {
    return true;
  }
}

function main() {
  if (!process.argv.includes('--force') && !isStale()) return;
  const started = Date.now();
  const doc = generate();
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(doc));
  fs.renameSync(tmp, outFile);
  if (!process.argv.includes('--quiet')) {
    const n = Object.keys(doc.definitions).length;
    console.log(`generate-definitions: ${n} definitions in ${Date.now() - started} ms`);
  }
}

module.exports = { generate, isStale, outFile, main };
if (require.main === module) main();
