import { describe, expect, it } from '@jest/globals';
import type { StatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import { jsonPatch } from './json-patch';

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'a', image: 'nginx' },
      { name: 'b', image: 'busybox' },
    ],
  },
};

function run(ops: unknown): KubeObject {
  return jsonPatch(pod, JSON.stringify(ops)) as KubeObject;
}

function failure(body: string): StatusError {
  try {
    jsonPatch(pod, body);
  } catch (err) {
    return err as StatusError;
  }
  throw new Error('expected an error');
}

describe('JSON patch (RFC 6902) as evanphx/json-patch v4 applies it', () => {
  it('adds, replaces, removes, moves and copies', () => {
    const out = run([
      { op: 'add', path: '/metadata/labels/tier', value: 'fe' },
      { op: 'replace', path: '/spec/containers/0/image', value: 'nginx:2' },
      { op: 'remove', path: '/metadata/labels/app' },
      { op: 'copy', from: '/spec/containers/1/image', path: '/metadata/labels/copied' },
      { op: 'move', from: '/metadata/labels/tier', path: '/metadata/labels/moved' },
    ]);
    expect(out.metadata.labels).toEqual({ copied: 'busybox', moved: 'fe' });
    expect(out.spec.containers[0].image).toBe('nginx:2');
    expect(pod.metadata.labels).toEqual({ app: 'web' });
  });

  it('appends with "-" and counts negative indexes from the end', () => {
    expect(
      run([{ op: 'add', path: '/spec/containers/-', value: { name: 'c' } }]).spec.containers,
    ).toHaveLength(3);
    expect(
      run([{ op: 'replace', path: '/spec/containers/-1/image', value: 'x' }]).spec.containers[1]
        .image,
    ).toBe('x');
    expect(
      run([{ op: 'add', path: '/spec/containers/2', value: { name: 'c' } }]).spec.containers[2]
        .name,
    ).toBe('c');
  });

  it('replace of a missing object key adds it, as v4 does', () => {
    expect(
      run([{ op: 'replace', path: '/metadata/labels/new', value: 'v' }]).metadata.labels?.new,
    ).toBe('v');
  });

  it('a passing test lets the rest apply', () => {
    const out = run([
      { op: 'test', path: '/metadata/labels/app', value: 'web' },
      { op: 'replace', path: '/metadata/labels/app', value: 'api' },
    ]);
    expect(out.metadata.labels?.app).toBe('api');
  });

  it.each([
    ['a failing test', [{ op: 'test', path: '/metadata/labels/app', value: 'db' }]],
    ['removing a missing key', [{ op: 'remove', path: '/metadata/labels/nope' }]],
    ['a path whose parent is missing', [{ op: 'add', path: '/spec/nothing/here', value: 1 }]],
    ['an index past the end', [{ op: 'add', path: '/spec/containers/5', value: {} }]],
    ['a path without a leading slash', [{ op: 'add', path: 'metadata', value: 1 }]],
    ['an unknown op', [{ op: 'frobnicate', path: '/metadata' }]],
    ['an op without a path', [{ op: 'add', value: 1 }]],
  ])('answers 422 with the generic message for %s', (_name, ops) => {
    const err = failure(JSON.stringify(ops));
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
    expect(err.message).toBe('the server rejected our request due to an error in our request');
  });

  it('rejects malformed patch documents with 400', () => {
    expect(failure('{').message).toBe('invalid JSON patch');
    expect(failure('{"op":"add"}').message).toBe(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
    expect(failure('[1]').message).toBe(
      'json: cannot unmarshal number into Go value of type jsonpatch.Operation',
    );
    expect(failure('{').code).toBe(400);
  });

  it('stops copies once they add up past 3 MiB, as JSONPatchMaxCopyBytes does (a copy bomb)', () => {
    const bomb = [{ op: 'add', path: '/x', value: ['y'.repeat(1000)] }];
    for (let i = 0; i < 40; i++) bomb.push({ op: 'copy', from: '/x', path: '/x/-' } as never);
    const started = Date.now();
    const err = failure(JSON.stringify(bomb));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect({ code: err.code, message: err.message }).toEqual({
      code: 422,
      message: 'the server rejected our request due to an error in our request',
    });
    // just under the limit, copies still apply
    const fine = run([
      { op: 'add', path: '/x', value: 'z'.repeat(1024 * 1024) },
      { op: 'copy', from: '/x', path: '/y' },
      { op: 'copy', from: '/x', path: '/w' },
    ]) as unknown as Record<string, string>;
    expect(fine.w.length).toBe(1024 * 1024);
  });

  it('limits a patch to 10000 operations', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/kind', value: 'Pod' }));
    const err = failure(JSON.stringify(ops));
    expect(err.code).toBe(413);
    expect(err.message).toBe(
      'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    );
  });
});
