/**
 * Random and malformed requests against every served kind (fast-check arbitraries), shared by
 * the fuzz test (test/hostile/api-fuzz.test.ts) and the fuzz bench (bench/hostile.js):
 * bodies (JSON, YAML, protobuf bytes, all patch types, apply), selectors, resourceVersions,
 * continue tokens, URLs, query strings and headers.
 */
const fc = require('fast-check');

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const CONTENT_TYPES = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
  'application/apply-patch+cbor',
  'text/plain',
  '',
];
const ACCEPTS = [
  'application/json',
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
  'application/vnd.kubernetes.protobuf',
  'application/yaml',
  '*/*',
  'text/html',
];
const NAMES = [
  'web',
  'default',
  'kubernetes',
  'a',
  'x'.repeat(300),
  'UPPER',
  'a.b',
  '..',
  '%2e',
  'ä',
];
const NAMESPACES = ['default', 'kube-system', 'missing', 'Bad_NS', ''];
// Subresources that stream or proxy are left out: they wait on connections, not on input.
const SUBRESOURCES = [
  '',
  '',
  '',
  'status',
  'scale',
  'eviction',
  'binding',
  'token',
  'ephemeralcontainers',
  'resize',
  'nonsense',
];

const text = fc.string({ maxLength: 40 });
const weird = fc.oneof(
  text,
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', '%', '%zz', '\\', '"', '{', '9'.repeat(30), '-1', '1e400'),
);

const selector = fc.oneof(
  weird,
  fc.constantFrom(
    'a=b',
    'a!=b',
    'a in (b,c)',
    'a notin (b)',
    '!a',
    'a',
    'a==b,c!=d',
    'a in (',
    'metadata.name=web',
    'status.phase=Running',
    'spec.nodeName',
    'a=b=c',
  ),
);

const query = fc.record(
  {
    labelSelector: selector,
    fieldSelector: selector,
    resourceVersion: fc.oneof(weird, fc.constantFrom('0', '1', '999999999', '-5', 'abc')),
    resourceVersionMatch: fc.constantFrom('Exact', 'NotOlderThan', 'bogus', ''),
    continue: fc.oneof(weird, fc.base64String({ maxLength: 40 })),
    limit: fc.oneof(fc.integer({ min: -5, max: 1000 }).map(String), weird),
    dryRun: fc.constantFrom('All', 'bogus', ''),
    fieldValidation: fc.constantFrom('Strict', 'Warn', 'Ignore', 'bogus'),
    fieldManager: fc.oneof(weird, fc.constant('x'.repeat(200))),
    force: fc.constantFrom('true', 'false', 'maybe'),
    propagationPolicy: fc.constantFrom('Foreground', 'Background', 'Orphan', 'bogus'),
    gracePeriodSeconds: fc.oneof(fc.integer({ min: -10, max: 100 }).map(String), weird),
    timeoutSeconds: fc.constantFrom('1', '0', 'x'),
    pretty: fc.constantFrom('true', '1'),
  },
  { requiredKeys: [] },
);

/** A JSON value, sometimes shaped like an object of the kind with random pieces. */
function objectBody(r) {
  const apiVersion = r.group ? `${r.group}/${r.version}` : r.version;
  const meta = fc.record(
    {
      name: fc.oneof(fc.constantFrom(...NAMES), text),
      namespace: fc.constantFrom(...NAMESPACES),
      labels: fc.dictionary(weird, fc.oneof(weird, fc.jsonValue({ maxDepth: 1 }))),
      annotations: fc.dictionary(weird, weird),
      resourceVersion: weird,
      generateName: text,
      finalizers: fc.array(weird, { maxLength: 3 }),
      ownerReferences: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    fc.record(
      {
        apiVersion: fc.oneof(fc.constant(apiVersion), weird),
        kind: fc.oneof(fc.constant(r.kind), weird),
        metadata: fc.oneof(meta, fc.jsonValue({ maxDepth: 2 })),
        spec: fc.jsonValue({ maxDepth: 4 }),
        status: fc.jsonValue({ maxDepth: 3 }),
        data: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: ['apiVersion', 'kind', 'metadata'] },
    ),
    fc.jsonValue({ maxDepth: 4 }),
  );
}

const jsonPatch = fc.array(
  fc.record(
    {
      op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus'),
      path: fc.oneof(
        fc.constantFrom(
          '/metadata/labels/a',
          '/spec',
          '/metadata',
          '',
          '/',
          '/-',
          '/spec/replicas',
          '/metadata/name',
        ),
        weird,
      ),
      from: fc.constantFrom('/metadata/labels', '/spec', '/nope'),
      value: fc.jsonValue({ maxDepth: 3 }),
    },
    { requiredKeys: ['op'] },
  ),
  { maxLength: 5 },
);

function body(r) {
  return fc.oneof(
    objectBody(r).map((v) => JSON.stringify(v)),
    jsonPatch.map((v) => JSON.stringify(v)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    // Almost JSON: a valid body cut short or with a byte changed.
    fc
      .tuple(
        objectBody(r).map((v) => JSON.stringify(v)),
        fc.nat(),
        fc.string({ maxLength: 2 }),
      )
      .map(([s, i, junk]) => s.slice(0, i % (s.length + 1)) + junk),
    // YAML, including anchors, tags and documents separators.
    fc.constantFrom(
      'a: b\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\n',
      '&a [*a]',
      '!!binary AAAA',
      '---\n---\n',
      'key: [unclosed',
      'a: &x {b: *x}',
    ),
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.constant(''),
    text,
  );
}

/** One request: { method, path, query, headers, body }. */
function requestArbitrary(resources) {
  const byResource = fc.constantFrom(...resources).chain((r) =>
    fc.record({
      method: fc.constantFrom(...METHODS),
      path: fc
        .tuple(
          fc.constantFrom(...NAMESPACES),
          fc.oneof(fc.constantFrom(...NAMES), fc.constant('')),
          fc.constantFrom(...SUBRESOURCES),
        )
        .map(([ns, name, sub]) => {
          const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
          const scope = r.namespaced && ns ? `/namespaces/${encodeURIComponent(ns)}` : '';
          const item = name ? `/${encodeURIComponent(name)}${sub ? `/${sub}` : ''}` : '';
          return `${prefix}${scope}/${r.plural}${item}`;
        }),
      query,
      contentType: fc.constantFrom(...CONTENT_TYPES),
      accept: fc.constantFrom(...ACCEPTS),
      body: body(r),
    }),
  );
  const anyUrl = fc.record({
    method: fc.constantFrom(...METHODS, 'OPTIONS', 'HEAD'),
    path: fc.oneof(
      fc.webPath(),
      fc.constantFrom(
        '/api',
        '/apis',
        '/api/v1',
        '/apis/apps',
        '/apis/apps/v1',
        '/openapi/v2',
        '/openapi/v3',
        '/version',
        '/healthz/x',
        '/api/v1/namespaces/%zz/pods',
        '/apis/%',
        '/api/v1/watch/pods/..',
      ),
      text.map((s) => `/${encodeURIComponent(s)}`),
    ),
    query,
    contentType: fc.constantFrom(...CONTENT_TYPES),
    accept: fc.constantFrom(...ACCEPTS),
    body: fc.oneof(fc.constant(''), text),
  });
  return fc.oneof({ weight: 5, arbitrary: byResource }, { weight: 1, arbitrary: anyUrl });
}

/** Sends one case; resolves { status, contentType, text } (status 0: the connection failed). */
async function send(base, token, c, timeoutMs = 10_000) {
  const search = new URLSearchParams(c.query).toString();
  const hasBody = c.method !== 'GET' && c.method !== 'HEAD';
  try {
    const res = await fetch(`${base}${c.path}${search ? `?${search}` : ''}`, {
      method: c.method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(c.contentType ? { 'Content-Type': c.contentType } : {}),
        Accept: c.accept,
      },
      body: hasBody ? c.body : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      text: await res.text(),
    };
  } catch (err) {
    return { status: 0, contentType: '', text: String(err) };
  }
}

/**
 * Whether an answer is a failure of ours: no answer at all, or a 5xx that kube-apiserver would not
 * give. It gives one to bad input itself: a server-side apply whose object does not fit the kind's
 * schema (`.data: field not declared in schema`) fails in structured-merge-diff with a plain
 * error, which ErrorToAPIStatus turns into a 500 with no reason (kubectl prints `Error from
 * server: failed to create typed patch object (...)`); that one is upstream's, not a bug.
 */
function isFailure(res) {
  if (res.status === 0) return true;
  if (res.status < 500) return false;
  try {
    const status = JSON.parse(res.text);
    return !(
      res.status === 500 &&
      status.kind === 'Status' &&
      !status.reason &&
      status.message.startsWith('failed to create typed patch object (')
    );
  } catch {
    return true;
  }
}

/** What the served resources look like to the arbitraries. */
function fuzzableResources(cluster) {
  return cluster.core.resources
    .all()
    .filter(
      (r) => r.verbs.includes('list') || r.verbs.includes('create') || r.verbs.includes('get'),
    )
    .map((r) => ({
      group: r.group,
      version: r.version,
      plural: r.plural,
      kind: r.kind,
      namespaced: r.namespaced,
    }));
}

module.exports = { requestArbitrary, send, fuzzableResources, isFailure };
