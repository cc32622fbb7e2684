import { describe, expect, test } from '@jest/globals';
import { StatusError } from '../api/errors';
import { decodeProtobufObject } from './index';
import { goDuration } from './special-types';
import { envelope, msg } from './test-encoder';

const emptyMeta = () =>
  msg()
    .bytes(1, 'x')
    .bytes(2, '')
    .bytes(3, '')
    .bytes(4, '')
    .bytes(5, '')
    .bytes(6, '')
    .varint(7, 0)
    .bytes(8, '');

function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error('expected a StatusError');
}

describe('decodeProtobufObject', () => {
  test('sets kind and apiVersion from the envelope and drops Go zero values of omitempty fields', () => {
    const obj = decodeProtobufObject(envelope('v1', 'ConfigMap', msg().bytes(1, emptyMeta())));
    expect(obj).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'x', creationTimestamp: null },
    });
  });

  test('keeps explicit zero values of pointer fields and never invents absent ones', () => {
    const spec = msg().varint(1, 0); // replicas: 0, nothing else
    const obj = decodeProtobufObject(
      envelope('apps/v1', 'Deployment', msg().bytes(1, emptyMeta()).bytes(2, spec)),
    );
    // selector's json tag has no omitempty: Go writes the nil pointer as null
    expect(obj.spec).toEqual({ replicas: 0, selector: null });
    expect(obj).not.toHaveProperty('status');
  });

  test('writes null for absent lists and pointers whose json tag has no omitempty', () => {
    const obj = decodeProtobufObject(
      envelope('authentication.k8s.io/v1', 'TokenRequest', msg().bytes(2, msg())),
    );
    expect(obj.spec).toEqual({ audiences: null, expirationSeconds: null, boundObjectRef: null });
  });

  test('decodes Secret bytes as base64 and a nil []byte map value as null', () => {
    const entry = (k: string, v?: string) =>
      v === undefined ? msg().bytes(1, k) : msg().bytes(1, k).bytes(2, v);
    const obj = decodeProtobufObject(
      envelope(
        'v1',
        'Secret',
        msg()
          .bytes(2, entry('pw', 's3cr3t'))
          .bytes(2, entry('empty', ''))
          .bytes(2, entry('nil'))
          .bytes(3, 'Opaque'),
      ),
    );
    expect(obj.data).toEqual({
      pw: Buffer.from('s3cr3t').toString('base64'),
      empty: '',
      nil: null,
    });
    expect(obj.type).toBe('Opaque');
  });

  test('decodes IntOrString, Quantity and negative int32 values', () => {
    const port = msg()
      .bytes(1, 'http')
      .varint(3, 80)
      .bytes(4, msg().varint(1, 1).bytes(3, 'web'))
      .varint(5, -1);
    const svc = decodeProtobufObject(
      envelope('v1', 'Service', msg().bytes(2, msg().bytes(1, port))),
    );
    expect(svc.spec).toEqual({
      ports: [{ name: 'http', port: 80, targetPort: 'web', nodePort: -1 }],
    });
    const intPort = msg().varint(3, 80).bytes(4, msg().varint(1, 0).varint(2, 8080));
    expect(
      decodeProtobufObject(envelope('v1', 'Service', msg().bytes(2, msg().bytes(1, intPort)))).spec,
    ).toEqual({
      ports: [{ port: 80, targetPort: 8080 }],
    });
    const hard = msg().bytes(1, 'cpu').bytes(2, msg().bytes(1, '500m'));
    expect(
      decodeProtobufObject(envelope('v1', 'ResourceQuota', msg().bytes(2, msg().bytes(1, hard))))
        .spec,
    ).toEqual({ hard: { cpu: '500m' } });
  });

  test('renders Time as RFC 3339 seconds and MicroTime with microseconds', () => {
    const ts = msg().varint(1, 1714979289).varint(2, 123456789);
    const meta = msg().bytes(1, 'e').bytes(8, ts);
    const event = decodeProtobufObject(
      envelope('events.k8s.io/v1', 'Event', msg().bytes(1, meta).bytes(2, ts)),
    );
    expect(event.metadata).toEqual({ name: 'e', creationTimestamp: '2024-05-06T07:08:09Z' });
    expect(event.eventTime).toBe('2024-05-06T07:08:09.123456Z');
  });

  test('accepts packed and unpacked repeated numbers and skips unknown fields', () => {
    const packed = Buffer.concat([Buffer.from([0x22, 2]), Buffer.from([1, 2])]); // field 4, len 2, values 1 2
    const sc = msg().raw(packed).varint(4, 3).varint(99, 7).bytes(98, 'ignored');
    const spec = msg().bytes(2, msg().bytes(1, 'c')).bytes(14, sc);
    const pod = decodeProtobufObject(envelope('v1', 'Pod', msg().bytes(2, spec)));
    expect((pod.spec as Record<string, unknown>).securityContext).toEqual({
      supplementalGroups: [1, 2, 3],
    });
  });

  test('inlines embedded structs (Volume sources, Probe handlers)', () => {
    const volume = msg()
      .bytes(1, 'tmp')
      .bytes(2, msg().bytes(2, msg().bytes(1, 'Memory')));
    const spec = msg().bytes(1, volume).bytes(2, msg().bytes(1, 'c'));
    const pod = decodeProtobufObject(envelope('v1', 'Pod', msg().bytes(2, spec)));
    expect((pod.spec as Record<string, unknown>).volumes).toEqual([
      { name: 'tmp', emptyDir: { medium: 'Memory' } },
    ]);
  });

  test('decodes DeleteOptions under any apiVersion', () => {
    const body = msg()
      .varint(1, 0)
      .bytes(2, msg().bytes(1, 'uid-1'))
      .bytes(4, 'Foreground')
      .bytes(5, 'All');
    expect(decodeProtobufObject(envelope('apps/v1', 'DeleteOptions', body))).toEqual({
      kind: 'DeleteOptions',
      apiVersion: 'apps/v1',
      gracePeriodSeconds: 0,
      preconditions: { uid: 'uid-1' },
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
  });

  test('answers 415 for a kind it has no descriptor for', () => {
    const err = statusOf(() => decodeProtobufObject(envelope('example.com/v1', 'Widget', msg())));
    expect(err.code).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
  });

  test('answers 400 with upstream texts for malformed bodies', () => {
    expect(statusOf(() => decodeProtobufObject(Buffer.alloc(0))).message).toBe('empty data');
    expect(statusOf(() => decodeProtobufObject(Buffer.from('{"kind":"Pod"}'))).message).toBe(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
    expect(statusOf(() => decodeProtobufObject(Buffer.from('k8s\0', 'latin1'))).message).toBe(
      'empty body',
    );
    expect(statusOf(() => decodeProtobufObject(envelope('v1', '', msg()))).message).toBe(
      `Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'`,
    );
    const truncated = envelope('v1', 'ConfigMap', msg().raw([0x0a, 0x05, 0x0a]));
    const err = statusOf(() => decodeProtobufObject(truncated));
    expect(err.code).toBe(400);
    expect(err.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: unexpected EOF',
    );
    const wrongType = envelope('v1', 'ConfigMap', msg().varint(1, 5));
    expect(statusOf(() => decodeProtobufObject(wrongType)).message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: proto: wrong wireType = 0 for field Metadata',
    );
    const badQuantity = envelope(
      'v1',
      'ResourceQuota',
      msg().bytes(2, msg().bytes(1, msg().bytes(1, 'cpu').bytes(2, msg().bytes(1, 'lots')))),
    );
    expect(statusOf(() => decodeProtobufObject(badQuantity)).message).toMatch(
      /cannot be handled as a ResourceQuota: quantities must match/,
    );
  });
});

describe('goDuration', () => {
  test.each([
    [0n, '0s'],
    [1n, '1ns'],
    [1500n, '1.5µs'],
    [1_500_000n, '1.5ms'],
    [1_000_000_000n, '1s'],
    [90_000_000_000n, '1m30s'],
    [3_600_000_000_000n, '1h0m0s'],
    [3_723_500_000_000n, '1h2m3.5s'],
    [-2_000_000_000n, '-2s'],
  ])('%s ns is %s', (ns: bigint, text: string) => {
    expect(goDuration(ns)).toBe(text);
  });
});
