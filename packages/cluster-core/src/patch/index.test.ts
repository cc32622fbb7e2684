import { describe, expect, it } from '@jest/globals';
import type { StatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import {
  applyPatch,
  checkPatchContentType,
  checkPatchedIdentity,
  customResourceSchema,
  dropOmittedEmpty,
  parseApplyPatch,
  patchTypeFromContentType,
  serverSideApply,
  validatePatchOptions,
} from '.';
import { DEPLOYMENT, fixtureSchema } from './testdata/definitions';

function thrown(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    return err as StatusError;
  }
  throw new Error('expected an error');
}

describe('patch request handling helpers', () => {
  it('maps Content-Types to patch types, ignoring parameters', () => {
    expect(patchTypeFromContentType('application/json-patch+json')).toBe('json');
    expect(patchTypeFromContentType('application/merge-patch+json; charset=utf-8')).toBe('merge');
    expect(patchTypeFromContentType('application/strategic-merge-patch+json')).toBe('strategic');
    expect(patchTypeFromContentType('application/apply-patch+yaml')).toBe('apply');
    expect(patchTypeFromContentType('application/json')).toBeUndefined();
  });

  it('answers 415 for a Content-Type the kind does not accept', () => {
    expect(checkPatchContentType('application/strategic-merge-patch+json', true)).toBeUndefined();
    const err = checkPatchContentType('application/json', true);
    expect(err?.code).toBe(415);
    expect(err?.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    );
    expect(checkPatchContentType('application/strategic-merge-patch+json', false)?.code).toBe(415);
  });

  it('requires a field manager for apply and forbids force elsewhere, as ValidatePatchOptions', () => {
    const apply = validatePatchOptions({}, 'apply');
    expect(apply?.code).toBe(422);
    expect(apply?.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    expect(validatePatchOptions({ force: true }, 'merge')?.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
    expect(
      validatePatchOptions({ fieldManager: 'kubectl', force: false }, 'apply'),
    ).toBeUndefined();
    expect(validatePatchOptions({ dryRun: ['Yes'] }, 'json')?.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Yes"}: supported values: "All"',
    );
  });

  it('decodes apply bodies written in YAML 1.1 (as sigs.k8s.io/yaml) or JSON', () => {
    expect(
      parseApplyPatch('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  on: yes\n'),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { true: true },
    });
    expect(parseApplyPatch('{"apiVersion":"v1","kind":"ConfigMap"}').kind).toBe('ConfigMap');
    expect(thrown(() => parseApplyPatch('- a\n- b\n')).message).toBe(
      'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    expect(thrown(() => parseApplyPatch('a: [b')).code).toBe(400);
  });

  it('applies json, merge and strategic patches through one entry point', () => {
    const current: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 1 },
    };
    expect(
      applyPatch('merge', current, '{"spec":{"replicas":2}}', undefined, undefined).spec.replicas,
    ).toBe(2);
    expect(
      applyPatch(
        'json',
        current,
        '[{"op":"replace","path":"/spec/replicas","value":3}]',
        undefined,
        undefined,
      ).spec.replicas,
    ).toBe(3);
    expect(
      applyPatch('strategic', current, '{"spec":{"replicas":4}}', fixtureSchema, DEPLOYMENT).spec
        .replicas,
    ).toBe(4);
    expect(
      thrown(() =>
        applyPatch(
          'json',
          current,
          '[{"op":"replace","path":"","value":[1]}]',
          undefined,
          undefined,
        ),
      ).code,
    ).toBe(422);
  });

  it('fills the namespace and rejects a renamed or moved object', () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } } as KubeObject;
    checkPatchedIdentity(obj, 'c', 'default');
    expect(obj.metadata.namespace).toBe('default');
    expect(
      thrown(() =>
        checkPatchedIdentity(
          { ...obj, metadata: { name: 'd', namespace: 'default' } },
          'c',
          'default',
        ),
      ).message,
    ).toBe('the name of the object (d) does not match the name on the URL (c)');
    expect(
      thrown(() =>
        checkPatchedIdentity(
          { ...obj, metadata: { name: 'c', namespace: 'other' } },
          'c',
          'default',
        ),
      ).message,
    ).toBe('the namespace of the provided object does not match the namespace sent on the request');
  });
});

describe('custom resources', () => {
  it('apply a CRD schema with metadata typed as ObjectMeta and its list types', () => {
    const crd = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            size: { type: 'integer' },
            tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
          },
        },
      },
    };
    const { schema, rootDefinition } = customResourceSchema(crd, fixtureSchema);
    const opts = {
      force: false,
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      now: '2024-05-01T00:00:00Z',
      schema,
      rootDefinition,
    };
    const cfg = (tags: string[]) =>
      ({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w', labels: { a: 'b' } },
        spec: { tags },
      }) as KubeObject;
    const first = serverSideApply(undefined, cfg(['a']), { ...opts, manager: 'one' });
    const second = serverSideApply(first, cfg(['b']), { ...opts, manager: 'two' });
    expect(second.spec.tags).toEqual(['a', 'b']);
    expect(second.metadata.managedFields?.[1]?.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:a': {} } },
      'f:spec': { 'f:tags': { 'v:"b"': {} } },
    });
    const typo = thrown(() =>
      serverSideApply(undefined, { ...cfg([]), spec: { sise: 1 } } as KubeObject, {
        ...opts,
        manager: 'one',
      }),
    );
    expect(typo.message).toBe(
      'failed to create typed patch object (/w; example.com/v1, Kind=Widget): .spec.sise: field not declared in schema',
    );
  });
});

describe('objects as the Go structs return them', () => {
  it('drops omitempty fields a patch left empty, keeps pointers to zero and structs', () => {
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: {}, annotations: { a: 'b' }, finalizers: [] },
      spec: {
        replicas: 0,
        minReadySeconds: 0,
        paused: false,
        template: {
          metadata: { labels: {} },
          spec: { containers: [{ name: 'c', image: '', env: [], resources: {} }] },
        },
      },
    } as KubeObject;
    dropOmittedEmpty(obj, fixtureSchema, DEPLOYMENT);
    expect(obj.metadata).toEqual({ name: 'web', annotations: { a: 'b' } });
    expect(obj.spec).toEqual({
      replicas: 0,
      template: { metadata: {}, spec: { containers: [{ name: 'c', resources: {} }] } },
    });
  });
});
