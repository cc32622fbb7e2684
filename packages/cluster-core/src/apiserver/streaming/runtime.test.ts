import { describe, expect, test } from '@jest/globals';
import type { KubeObject } from '../../api/object';
import {
  encodeStatusJson,
  errorStreamPayload,
  failureStatus,
  nonZeroExit,
  SUCCESS,
  translateForWebSocket,
} from './exec-status';
import { defaultRuntime, ExecFailure, KubeletError, validateContainerLogStatus } from './runtime';

function pod(containerStatus: Record<string, unknown> | undefined, phase = 'Pending'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'u-1' },
    spec: { nodeName: 'node01', containers: [{ name: 'nginx', image: 'nginx' }] },
    status: {
      phase,
      hostIP: '192.168.0.11',
      containerStatuses: containerStatus ? [{ name: 'nginx', ...containerStatus }] : [],
    },
  };
}

describe('validateContainerLogStatus words refusals as the kubelet', () => {
  const refusal = (p: KubeObject, previous = false) => {
    try {
      validateContainerLogStatus(p, 'nginx', previous);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  };

  test('a container without status is not available', () => {
    expect(refusal(pod(undefined))).toBe('container "nginx" in pod "web" is not available');
  });

  test('a waiting container names its reason, with special wording for image pulls', () => {
    expect(refusal(pod({ state: { waiting: { reason: 'ContainerCreating' } } }))).toBe(
      'container "nginx" in pod "web" is waiting to start: ContainerCreating',
    );
    expect(refusal(pod({ state: { waiting: { reason: 'ErrImagePull' } } }))).toBe(
      `container "nginx" in pod "web" is waiting to start: image can't be pulled`,
    );
    expect(refusal(pod({ state: { waiting: { reason: 'ImagePullBackOff' } } }))).toBe(
      'container "nginx" in pod "web" is waiting to start: trying and failing to pull image',
    );
  });

  test('--previous needs a terminated previous instance', () => {
    expect(refusal(pod({ state: { running: {} } }), true)).toBe(
      'previous terminated container "nginx" in pod "web" not found',
    );
    expect(
      validateContainerLogStatus(
        pod({
          state: { running: {} },
          lastState: { terminated: { containerID: 'containerd://1' } },
        }),
        'nginx',
        true,
      ),
    ).toBe('previous');
  });

  test('a crash-looping container shows the last instance', () => {
    const crashLoop = {
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { containerID: 'containerd://1', exitCode: 1 } },
    };
    expect(validateContainerLogStatus(pod(crashLoop), 'nginx', false)).toBe('previous');
  });

  test('the refusals are BadRequest errors', () => {
    try {
      validateContainerLogStatus(pod(undefined), 'nginx', false);
    } catch (err) {
      expect(err).toMatchObject({ code: 400, reason: 'BadRequest' });
    }
  });
});

describe('the default runtime (no kubelet registered)', () => {
  test('exec into a container that is not running: the kubelet does not find it', () => {
    expect(() =>
      defaultRuntime.checkStreaming?.(
        pod({ state: { waiting: { reason: 'ContainerCreating' } } }),
        'nginx',
        'exec',
      ),
    ).toThrow(new KubeletError(500, 'container not found ("nginx")'));
  });

  test('exec into a running container: nothing answers on the kubelet port', () => {
    expect(() =>
      defaultRuntime.checkStreaming?.(pod({ state: { running: {} } }, 'Running'), 'nginx', 'exec'),
    ).toThrow('error dialing backend: dial tcp 192.168.0.11:10250: connect: connection refused');
  });
});

describe('exec statuses on the error stream', () => {
  test('success marshals like metav1.Status with only status set', () => {
    expect(encodeStatusJson(SUCCESS)).toBe('{"metadata":{},"status":"Success"}');
  });

  test('a non-zero exit carries the code as an ExitCode cause', () => {
    expect(encodeStatusJson(nonZeroExit(['sh', '-c', 'exit 3'], 3))).toBe(
      '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
    );
  });

  test('protocols before v4 send only the failure message', () => {
    expect(errorStreamPayload(SUCCESS, false)).toBeUndefined();
    expect(errorStreamPayload(nonZeroExit(['false'], 1), false)?.toString()).toBe(
      'command terminated with non-zero exit code: error executing command [false], exit code 1',
    );
  });

  test('runtime failures become internal errors prefixed as the kubelet does', () => {
    expect(failureStatus(new ExecFailure('boom'), 'error executing command in container')).toEqual({
      status: 'Failure',
      message: 'Internal error occurred: error executing command in container: boom',
      reason: 'InternalError',
      details: { causes: [{ message: 'error executing command in container: boom' }] },
      code: 500,
    });
  });

  test('the v5 translator re-words what it read from the kubelet', () => {
    expect(translateForWebSocket(nonZeroExit(['sh'], 2)).message).toBe(
      'command terminated with non-zero exit code: command terminated with exit code 2',
    );
    expect(
      translateForWebSocket(
        failureStatus(new Error('boom'), 'error executing command in container'),
      ).message,
    ).toBe(
      'Internal error occurred: Internal error occurred: error executing command in container: boom',
    );
  });
});
