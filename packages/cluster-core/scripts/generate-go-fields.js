#!/usr/bin/env node
/**
 * Writes src/patch/typed/go-omitempty-fields.ts and go-zero-fields.ts: for every definition of the
 * served OpenAPI schema (src/openapi/generated/definitions.json), which fields its Go struct drops
 * when empty (`omitempty`) and which it always carries (value structs, fields without
 * `omitempty`).
 *
 * The OpenAPI schema names the types and their fields but not their Go shapes (pointer, slice,
 * value; omitempty or not). Those are in the protobuf message tables (src/protobuf/messages-*.ts,
 * written from upstream's generated.proto and types.go), read here as data; definitions are
 * matched to messages by name (`io.k8s.api.apps.v1.DeploymentSpec` ↔ `apps.v1.DeploymentSpec`).
 * Types that marshal as one of their fields (decode.ts JSON_FORMS) are left out. Two API
 * conventions complete them: a kind's TypeMeta is `apiVersion,omitempty` and
 * `kind,omitempty`; a list kind is TypeMeta, `metadata,omitempty` ListMeta and `items` without
 * omitempty.
 *
 * `node scripts/generate-go-fields.js` rewrites both files; src/patch/typed/go-fields.test.ts
 * checks that the checked-in files equal what this computes.
 */

const fs = require('node:fs');
const path = require('node:path');

const pkgDir = path.resolve(__dirname, '..');
const definitionsFile = path.join(pkgDir, 'src/openapi/generated/definitions.json');
const typedDir = path.join(pkgDir, 'src/patch/typed');

/** Loads a TypeScript module of this package (and what it imports relatively) as CommonJS. */
function requireTs(file, ts, cache = new Map()) {
  if (cache.has(file)) return cache.get(file).exports;
  const mod = { exports: {} };
  cache.set(file, mod);
  const js = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const localRequire = (spec) =>
    spec.startsWith('.')
      ? requireTs(`${path.resolve(path.dirname(file), spec)}.ts`, ts, cache)
      : require(spec);
  new Function('module', 'exports', 'require', js)(mod, mod.exports, localRequire);
  return mod.exports;
}

function loadDefinitions() {
  if (!fs.existsSync(definitionsFile)) require('./generate-definitions').main();
  return JSON.parse(fs.readFileSync(definitionsFile, 'utf8')).definitions;
}

/** The zero value Go's encoding/json writes for a value (non-pointer) field of this type. */
function zeroValue(value) {
  if (value.kind === 'message') return {};
  if (value.kind === 'special') {
    // metav1.Time's zero marshals as null, a zero intstr as 0, a zero Quantity as "0"
    return {
      Time: null,
      MicroTime: null,
      Duration: '0s',
      IntOrString: 0,
      Quantity: '0',
      RawExtension: null,
      FieldsV1: null,
    }[value.special];
  }
  if (value.kind === 'stringList') return null;
  return { string: '', bool: false, bytes: null }[value.scalar] ?? 0;
}

/** Go shape of each JSON field of a message, embedded structs flattened. */
function goFields(registry, name) {
  const out = [];
  for (const f of registry.message(name).fields) {
    if (f.jsonName === undefined) out.push(...goFields(registry, f.value.message));
    else out.push(f);
  }
  return out;
}

function compute() {
  const ts = require(require.resolve('typescript', { paths: [pkgDir] }));
  const { messages, messageTables } = requireTs(path.join(pkgDir, 'src/protobuf/messages.ts'), ts);
  const { JSON_FORMS } = requireTs(path.join(pkgDir, 'src/protobuf/decode.ts'), ts);
  const definitions = loadDefinitions();

  // proto package → definition prefix, from the messages of a table that are kinds of its group version
  const prefixes = new Map([['meta.v1', 'io.k8s.apimachinery.pkg.apis.meta.v1.']]);
  const byGVK = new Map();
  for (const [name, def] of Object.entries(definitions))
    for (const g of def['x-kubernetes-group-version-kind'] ?? [])
      byGVK.set(`${g.group ? `${g.group}/` : ''}${g.version}/${g.kind}`, name);
  for (const table of messageTables) {
    if (!table.apiVersion) continue;
    for (const kind of Object.keys(table.messages)) {
      const def = byGVK.get(`${table.apiVersion}/${kind}`);
      if (def) prefixes.set(table.package, def.slice(0, def.length - kind.length));
    }
  }

  const omitempty = {};
  const zero = {};
  const isKind = (def) => (def['x-kubernetes-group-version-kind'] ?? []).length > 0;
  for (const name of messages.names()) {
    const pkg = name.slice(0, name.lastIndexOf('.'));
    const prefix = prefixes.get(pkg);
    const definition = prefix && `${prefix}${name.slice(pkg.length + 1)}`;
    // a type that marshals as one of its fields (a schema or a bool) has no struct shape in JSON
    if (!definition || !definitions[definition] || JSON_FORMS[name]) continue;
    const codes = { e: [], p: [], z: [] };
    const zeros = {};
    if (isKind(definitions[definition])) codes.z.push('apiVersion', 'kind');
    for (const f of goFields(messages, name)) {
      const nilable =
        f.repeated ||
        f.mapKey !== undefined ||
        (f.value.kind === 'scalar' && f.value.scalar === 'bytes');
      if (f.pointer) {
        if (f.omitEmpty) codes.p.push(f.jsonName);
        else zeros[f.jsonName] = null;
      } else if (nilable) {
        if (f.omitEmpty) codes.e.push(f.jsonName);
        else zeros[f.jsonName] = null;
      } else if (f.value.kind === 'scalar') {
        if (f.omitEmpty) codes.z.push(f.jsonName);
        else zeros[f.jsonName] = zeroValue(f.value);
      } else {
        // a value struct is written even when zero: omitempty does not apply to structs
        zeros[f.jsonName] = zeroValue(f.value);
      }
    }
    setEntries(omitempty, zero, definition, codes, zeros);
  }
  // list kinds: TypeMeta, `metadata,omitempty` ListMeta, `items` without omitempty
  for (const [definition, def] of Object.entries(definitions)) {
    const props = def.properties ?? {};
    const listMeta = props.metadata?.$ref?.endsWith('.meta.v1.ListMeta');
    if (!isKind(def) || !listMeta || props.items?.type !== 'array' || omitempty[definition])
      continue;
    setEntries(
      omitempty,
      zero,
      definition,
      { z: ['apiVersion', 'kind'] },
      { items: null, metadata: {} },
    );
  }
  return { omitempty: sortKeys(omitempty), zero: sortKeys(zero) };
}

function setEntries(omitempty, zero, definition, codes, zeros) {
  const entry = {};
  for (const code of ['e', 'p', 'z'])
    if (codes[code]?.length) entry[code] = [...codes[code]].sort().join(' ');
  if (Object.keys(entry).length) omitempty[definition] = entry;
  if (Object.keys(zeros).length) zero[definition] = sortKeys(zeros);
}

function sortKeys(obj) {
  const out = {};
  for (const k of Object.keys(obj).sort()) out[k] = obj[k];
  return out;
}

const OMITEMPTY_HEADER = `/**
 * Which fields of the Go API structs carry \`omitempty\`, by what their Go type makes "empty":
 * \`z\` a value scalar (dropped when "", 0 or false), \`e\` a slice or map (dropped when empty),
 * \`p\` a pointer (dropped when null). Every object the apiserver returns went through these
 * structs, so a label map emptied by a patch disappears instead of reading \`labels: {}\`.
 * Keyed by definition name. Generated by scripts/generate-go-fields.js from the OpenAPI
 * definitions and the protobuf message tables (Go shapes of upstream's types.go): do not edit.
 */
export const GO_OMITEMPTY: Record<string, { z?: string; e?: string; p?: string }> = `;

const ZERO_HEADER = `/**
 * Fields a Go API struct always carries even when unset: value (non-pointer) structs such as
 * \`spec\`, \`metadata\` or a container's \`resources\`, and fields without \`omitempty\`. The
 * apiserver compares typed objects, so these exist in the live and new objects it diffs for
 * managedFields (a created Deployment's \`f:spec\` has no \`.\` because \`spec\` existed, empty,
 * before). Keyed by definition name. Generated by scripts/generate-go-fields.js from the OpenAPI
 * definitions and the protobuf message tables (Go shapes of upstream's types.go): do not edit.
 */
export const GO_ZERO_FIELDS: Record<string, Record<string, unknown>> = `;

/** A JS literal on one line (the formatter wraps what is too long), as a person would write it. */
function literal(value) {
  if (value === null || typeof value !== 'object')
    return typeof value === 'string' ? `'${value}'` : String(value);
  const entries = Object.entries(value);
  if (!entries.length) return '{}';
  const key = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`);
  return `{ ${entries.map(([k, v]) => `${key(k)}: ${literal(v)}`).join(', ')} }`;
}

function table(entries) {
  const lines = Object.entries(entries).map(([k, v]) => `  '${k}': ${literal(v)},`);
  return `{\n${lines.join('\n')}\n}`;
}

function main() {
  const { omitempty, zero } = compute();
  const files = [
    [path.join(typedDir, 'go-omitempty-fields.ts'), `${OMITEMPTY_HEADER}${table(omitempty)};\n`],
    [path.join(typedDir, 'go-zero-fields.ts'), `${ZERO_HEADER}${table(zero)};\n`],
  ];
  for (const [file, text] of files) fs.writeFileSync(file, text);
  // the repository's formatter gives them the checked-in form (quotes, line width)
  require('node:child_process').execFileSync(
    'npx',
    ['biome', 'format', '--write', ...files.map(([f]) => f)],
    { cwd: pkgDir, stdio: 'ignore' },
  );
}

module.exports = { compute };
if (require.main === module) main();
