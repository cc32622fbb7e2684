import { describe, expect, it } from '@jest/globals';
import type { StatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { mergePatch } from './merge-patch';

const cm: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', labels: { a: '1' } },
  data: { x: '1', y: '2' },
};

describe('JSON merge patch (RFC 7386)', () => {
  it('merges objects, deletes keys set to null and replaces lists', () => {
    const out = mergePatch(
      { ...cm, list: [1, 2] } as KubeObject,
      JSON.stringify({ data: { x: null, z: '3' }, list: [3], metadata: { labels: null } }),
    ) as KubeObject;
    expect(out.data).toEqual({ y: '2', z: '3' });
    expect(out.list).toEqual([3]);
    expect(out.metadata).toEqual({ name: 'c' });
    expect(cm.data).toEqual({ x: '1', y: '2' });
  });

  it('drops nulls inside values it adds', () => {
    const out = mergePatch(
      cm,
      JSON.stringify({ spec: { a: null, b: { c: null, d: 1 } } }),
    ) as KubeObject;
    expect(out.spec).toEqual({ b: { d: 1 } });
  });

  it('rejects a patch that is not an object with "Invalid JSON Patch"', () => {
    for (const body of ['null', '5', '"x"']) {
      let err: StatusError | undefined;
      try {
        mergePatch(cm, body);
      } catch (e) {
        err = e as StatusError;
      }
      expect(err?.code).toBe(400);
      expect(err?.message).toBe('Invalid JSON Patch');
    }
  });
});
