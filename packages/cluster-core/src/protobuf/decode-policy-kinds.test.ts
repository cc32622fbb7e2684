/**
 * The protobuf tables of the admission policy, flow control and Service IP kinds, read back from
 * bodies laid out as generated.proto numbers their fields (inlined rules, pointers, nested lists).
 */
import { describe, expect, test } from '@jest/globals';
import { decodeProtobufObject } from './index';
import { envelope, msg } from './test-encoder';

const meta = (name: string) => msg().bytes(1, name);

describe('decoding the 1.33 policy and networking kinds', () => {
  test('a ValidatingAdmissionPolicy keeps its inlined rule fields and validations', () => {
    const rule = msg()
      .bytes(1, 'CREATE')
      .bytes(2, msg().bytes(1, 'apps').bytes(2, 'v1').bytes(3, 'deployments'));
    const named = msg().bytes(2, rule);
    const spec = msg()
      .bytes(2, msg().bytes(3, named))
      .bytes(3, msg().bytes(1, 'object.spec.replicas <= 5').bytes(3, 'Forbidden'))
      .bytes(4, 'Fail');
    const obj = decodeProtobufObject(
      envelope(
        'admissionregistration.k8s.io/v1',
        'ValidatingAdmissionPolicy',
        msg().bytes(1, meta('demo')).bytes(2, spec),
      ),
    );
    expect(obj.spec).toEqual({
      matchConstraints: {
        resourceRules: [
          {
            operations: ['CREATE'],
            apiGroups: ['apps'],
            apiVersions: ['v1'],
            resources: ['deployments'],
          },
        ],
      },
      validations: [{ expression: 'object.spec.replicas <= 5', reason: 'Forbidden' }],
      failurePolicy: 'Fail',
    });
  });

  test('a FlowSchema writes its non-omitempty fields, a ServiceCIDR its CIDRs', () => {
    const subject = msg().bytes(1, 'Group').bytes(3, msg().bytes(1, 'system:authenticated'));
    const rules = msg().bytes(1, subject).bytes(3, msg().bytes(1, 'get').bytes(6, '/healthz'));
    const spec = msg().bytes(1, msg().bytes(1, 'exempt')).varint(2, 1000).bytes(4, rules);
    const fs = decodeProtobufObject(
      envelope(
        'flowcontrol.apiserver.k8s.io/v1',
        'FlowSchema',
        msg().bytes(1, meta('fs')).bytes(2, spec),
      ),
    );
    expect(fs.spec).toEqual({
      priorityLevelConfiguration: { name: 'exempt' },
      matchingPrecedence: 1000,
      rules: [
        {
          subjects: [{ kind: 'Group', group: { name: 'system:authenticated' } }],
          nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
        },
      ],
    });
    const cidr = decodeProtobufObject(
      envelope(
        'networking.k8s.io/v1',
        'ServiceCIDR',
        msg().bytes(1, meta('extra')).bytes(2, msg().bytes(1, '10.100.0.0/16')),
      ),
    );
    expect(cidr.spec).toEqual({ cidrs: ['10.100.0.0/16'] });
  });
});
