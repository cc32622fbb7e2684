import { describe, expect, test } from '@jest/globals';
import { fakeContext } from './fake-strategy-context';
import { validatePortNumOrName } from './pod-container-validation';
import { services } from './services';

const messages = (port: unknown) =>
  validatePortNumOrName(port, 'spec.ports[0].targetPort').map((e) => e.message());

describe('ValidatePortNumOrName, as pkg/apis/core/validation', () => {
  test('a number is a port number, a string an IANA service name', () => {
    expect(messages(8080)).toEqual([]);
    expect(messages('http-web')).toEqual([]);
    expect(messages(70000)).toEqual([
      'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ]);
    expect(messages('Web_1')).toEqual([
      'spec.ports[0].targetPort: Invalid value: "Web_1": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  test('an absent port is the zero IntOrString: the port number 0', () => {
    const zero = [
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ];
    expect(messages(undefined)).toEqual(zero);
    expect(messages(null)).toEqual(zero);
  });

  test("a Service's targetPort and a probe's port are validated alike", () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        selector: { app: 'web' },
        ports: [{ port: 80, protocol: 'TCP', targetPort: 'Web_1' }],
      },
    };
    expect((services.validate?.(svc, fakeContext()) ?? []).map((e) => e.message())).toContain(
      'spec.ports[0].targetPort: Invalid value: "Web_1": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
  });
});
