/**
 * Unknown and duplicate fields of a request body, reported as the apiserver's strict decoding
 * does (sigs.k8s.io/json, kubernetes_patch.go: `unknown field "spec.template.spec.containers[0].imagee"`,
 * `duplicate field "spec.replicas"`: keys joined by ".", list indexes as "[i]", in document order,
 * each reported once). For CRD-defined kinds the unknown fields are those structural pruning drops.
 *
 * The HTTP layer turns them into a 400 for fieldValidation=Strict
 * (`Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: <texts joined by ", ">`)
 * or one `Warning` header each for Warn. With `drop`, unknown fields of built-in kinds are also
 * deleted from `obj`, as decoding into the Go types drops them whatever fieldValidation says.
 */
import { DEFINITION_REF_PREFIX, type Schema } from './definitions';
import { type ServedResource, servedDefinitions } from './served-definitions';

/** A JSON value that keeps duplicate object keys (in order), for duplicate-field detection. */
type Node =
  | { t: 'object'; entries: Array<[string, Node]> }
  | { t: 'array'; items: Node[] }
  | { t: 'scalar' };

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
/** Go types that unmarshal themselves without strictness (runtime.RawExtension, FieldsV1, JSON...). */
const OPAQUE = new Set([
  'io.k8s.apimachinery.pkg.runtime.RawExtension',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
]);

export function unknownFields(
  resources: ServedResource[],
  group: string,
  version: string,
  kind: string,
  obj: unknown,
  raw?: string,
  drop = false,
): string[] {
  const served = servedDefinitions(resources);
  const name = served.definitionName(group, version, kind);
  if (!name) return [];
  const resource = resources.find(
    (r) => r.group === group && r.version === version && r.kind === kind,
  );
  const custom = resource?.schema !== undefined;
  const root = fromRaw(raw) ?? fromValue(obj);
  const errors: string[] = [];
  const seen = new Set<string>();
  const report = (type: 'unknown' | 'duplicate', path: string) => {
    const text = `${type} field ${JSON.stringify(path)}`;
    if (!seen.has(text)) {
      seen.add(text);
      errors.push(text);
    }
  };
  const defs = served.definitions;
  const resolve = (s: Schema | undefined): { schema?: Schema; name?: string } => {
    let cur = s;
    let curName: string | undefined;
    for (let i = 0; cur && i < 8; i++) {
      const ref =
        typeof cur.$ref === 'string'
          ? cur.$ref
          : cur.allOf?.length === 1
            ? cur.allOf[0].$ref
            : undefined;
      if (typeof ref !== 'string') break;
      curName = ref.slice(ref.lastIndexOf('/') + 1);
      cur = defs[curName];
    }
    return { schema: cur, name: curName };
  };

  /** Fields to delete: the decoded object holding each unknown key. */
  const dropped: Array<[Record<string, unknown>, string]> = [];
  const walk = (
    node: Node,
    schema: Schema | undefined,
    path: string,
    crd: boolean,
    target: unknown,
  ): void => {
    const { schema: s, name: defName } = resolve(schema);
    if (!s || (defName && OPAQUE.has(defName))) {
      checkDuplicatesOnly(node, path, report);
      return;
    }
    if (node.t === 'array') {
      const items = Array.isArray(target) ? target : [];
      node.items.forEach((item, i) => walk(item, s.items, `${path}[${i}]`, crd, items[i]));
      return;
    }
    if (node.t !== 'object') return;
    const props = s.properties;
    const ap = s.additionalProperties;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    const embedded = s['x-kubernetes-embedded-resource'] === true;
    const keys = new Set<string>();
    const fields = isRecord(target) ? target : {};
    for (const [key, value] of node.entries) {
      const childPath = path ? `${path}.${key}` : key;
      if (keys.has(key)) report('duplicate', childPath);
      keys.add(key);
      if (props?.[key]) walk(value, props[key], childPath, crd, fields[key]);
      else if (ap && typeof ap === 'object') walk(value, ap, childPath, crd, fields[key]);
      else if (crd && embedded && (key === 'apiVersion' || key === 'kind')) continue;
      else if (crd && embedded && key === 'metadata')
        walk(value, { $ref: DEFINITION_REF_PREFIX + OBJECT_META }, childPath, false, fields[key]);
      else if (ap === true || preserve) checkDuplicatesOnly(value, childPath, report);
      // a built-in type without properties (free-form JSON) takes anything; a structural CRD schema prunes it
      else if (!props && !crd && s.type !== 'object') checkDuplicatesOnly(value, childPath, report);
      else if (!props && !crd && s.type === 'object' && !defName)
        checkDuplicatesOnly(value, childPath, report);
      else {
        report('unknown', childPath);
        if (isRecord(target)) dropped.push([target, key]);
      }
    }
  };

  if (custom) {
    // apiVersion, kind and metadata are decoded as ObjectMeta; the rest is pruned by the CRD schema
    const schema = defs[name];
    if (root.t !== 'object') return [];
    const keys = new Set<string>();
    for (const [key, value] of root.entries) {
      if (keys.has(key)) report('duplicate', key);
      keys.add(key);
      if (key === 'apiVersion' || key === 'kind') continue;
      if (key === 'metadata')
        walk(value, { $ref: DEFINITION_REF_PREFIX + OBJECT_META }, key, false, undefined);
      else if (schema.properties?.[key]) walk(value, schema.properties[key], key, true, undefined);
      else if (schema['x-kubernetes-preserve-unknown-fields'] === true || !schema.properties)
        checkDuplicatesOnly(value, key, report);
      else report('unknown', key);
    }
    return errors;
  }
  walk(root, { $ref: DEFINITION_REF_PREFIX + name }, '', false, obj);
  if (drop) for (const [target, key] of dropped) delete target[key];
  return errors;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkDuplicatesOnly(
  node: Node,
  path: string,
  report: (t: 'duplicate', p: string) => void,
): void {
  if (node.t === 'array')
    node.items.forEach((n, i) => checkDuplicatesOnly(n, `${path}[${i}]`, report));
  if (node.t !== 'object') return;
  const keys = new Set<string>();
  for (const [key, value] of node.entries) {
    const childPath = path ? `${path}.${key}` : key;
    if (keys.has(key)) report('duplicate', childPath);
    keys.add(key);
    checkDuplicatesOnly(value, childPath, report);
  }
}

/** Built as the walk reaches it: an unknown subtree, however deep, is never visited. */
function fromValue(v: unknown): Node {
  if (Array.isArray(v))
    return {
      t: 'array',
      get items() {
        return v.map(fromValue);
      },
    };
  if (v && typeof v === 'object')
    return {
      t: 'object',
      get entries() {
        return Object.entries(v).map(([k, x]): [string, Node] => [k, fromValue(x)]);
      },
    };
  return { t: 'scalar' };
}

/** Parses JSON text keeping duplicate keys; undefined when the text is not JSON (e.g. YAML). */
function fromRaw(raw: string | undefined): Node | undefined {
  if (raw === undefined) return undefined;
  let i = 0;
  const ws = () => {
    while (
      i < raw.length &&
      (raw[i] === ' ' || raw[i] === '\n' || raw[i] === '\r' || raw[i] === '\t')
    )
      i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < raw.length && raw[i] !== '"') i += raw[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(raw.slice(start, i)) as string;
  };
  const value = (): Node => {
    ws();
    const c = raw[i];
    if (c === '{') {
      i++;
      const entries: Array<[string, Node]> = [];
      ws();
      if (raw[i] === '}') {
        i++;
        return { t: 'object', entries };
      }
      for (;;) {
        ws();
        if (raw[i] !== '"') throw new SyntaxError('key');
        const key = str();
        ws();
        if (raw[i++] !== ':') throw new SyntaxError(':');
        entries.push([key, value()]);
        ws();
        const d = raw[i++];
        if (d === '}') return { t: 'object', entries };
        if (d !== ',') throw new SyntaxError(',');
      }
    }
    if (c === '[') {
      i++;
      const items: Node[] = [];
      ws();
      if (raw[i] === ']') {
        i++;
        return { t: 'array', items };
      }
      for (;;) {
        items.push(value());
        ws();
        const d = raw[i++];
        if (d === ']') return { t: 'array', items };
        if (d !== ',') throw new SyntaxError(',');
      }
    }
    if (c === '"') {
      str();
      return { t: 'scalar' };
    }
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(raw.slice(i, i + 64));
    if (!m) throw new SyntaxError('value');
    i += m[0].length;
    return { t: 'scalar' };
  };
  try {
    const v = value();
    ws();
    return i === raw.length ? v : undefined;
  } catch {
    return undefined;
  }
}
