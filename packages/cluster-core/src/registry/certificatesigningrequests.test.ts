import { beforeAll, describe, expect, test } from '@jest/globals';
import { isStatusError, type StatusError } from '../api/errors';
import type { KubeObject } from '../api/object';
import type { RequestContext } from '../apiserver/context';
import { ResourceTable, type ServedResource } from '../apiserver/resources';
import { RestStore } from '../apiserver/rest';
import { ManualClock } from '../clock';
import { ObjectStore } from '../store/store';
import { certificateSigningRequests, csrCondition } from './certificatesigningrequests';
import { validateSignerName } from './csr-validation';
import { makeCertificateRequest } from './fake-certificate-requests';
import type { UserInfo } from './types';

const JANE: UserInfo = {
  username: 'jane',
  uid: 'u-1',
  groups: ['dev', 'system:authenticated'],
  extra: { scopes: ['a'] },
};
const ADMIN: UserInfo = {
  username: 'kubernetes-admin',
  groups: ['system:masters', 'system:authenticated'],
};
const context = (user: UserInfo): RequestContext => ({
  user,
  dryRun: false,
  fieldManager: 'kubectl',
  fieldValidation: 'Ignore',
  warnings: [],
});

let janeRequest: string;
let mastersRequest: string;

beforeAll(async () => {
  janeRequest = Buffer.from(await makeCertificateRequest('CN=jane, O=dev')).toString('base64');
  mastersRequest = Buffer.from(await makeCertificateRequest('CN=root, O=system:masters')).toString(
    'base64',
  );
});

function setup() {
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const rest = new RestStore(
    new ObjectStore(),
    new ResourceTable([certificateSigningRequests]),
    clock,
  );
  const r = rest.resources.preferred(
    'certificates.k8s.io',
    'certificatesigningrequests',
  ) as ServedResource;
  return { clock, rest, r };
}

const csr = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'certificates.k8s.io/v1',
  kind: 'CertificateSigningRequest',
  metadata: { name },
  spec: { signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], ...spec },
});

function error(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    if (isStatusError(err)) return err;
    throw err;
  }
  throw new Error('expected a StatusError');
}

describe('CertificateSigningRequest', () => {
  test('the requesting user fills username, uid, groups and extra; status starts empty', () => {
    const { rest, r } = setup();
    const created = rest.create(
      r,
      undefined,
      {
        ...csr('jane', { request: janeRequest, username: 'mallory', groups: ['system:masters'] }),
        status: { conditions: [{ type: 'Approved', status: 'True' }] },
      },
      context(JANE),
    );
    expect(created.spec).toMatchObject({
      username: 'jane',
      uid: 'u-1',
      groups: ['dev', 'system:authenticated'],
      extra: { scopes: ['a'] },
    });
    expect(created.status).toEqual({});
    expect(csrCondition(created)).toBe('Pending');
  });

  test('validation reports the request, usages, signer and duration as upstream words them', () => {
    const { rest, r } = setup();
    const err = error(() =>
      rest.create(
        r,
        undefined,
        csr('bad', {
          request: Buffer.from('not pem').toString('base64'),
          usages: ['client auth', 'flying', 'client auth'],
          signerName: 'example',
          expirationSeconds: 60,
        }),
        context(ADMIN),
      ),
    );
    expect(err.code).toBe(422);
    expect(err.message).toBe(
      'CertificateSigningRequest.certificates.k8s.io "bad" is invalid: [' +
        'spec.request: Invalid value: "bm90IHBlbQ==": PEM block type must be CERTIFICATE REQUEST, ' +
        'spec.usages[1]: Unsupported value: "flying": supported values: "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only", "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping", ' +
        'spec.usages[2]: Duplicate value: "client auth", ' +
        'spec.signerName: Invalid value: "example": must be a fully qualified domain and path of the form \'example.com/signer-name\', ' +
        'spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)]',
    );
    const missing = error(() =>
      rest.create(
        r,
        undefined,
        { ...csr('none', { request: janeRequest }), spec: { request: janeRequest } },
        context(ADMIN),
      ),
    );
    expect(missing.message).toBe(
      'CertificateSigningRequest.certificates.k8s.io "none" is invalid: [spec.usages: Required value, spec.signerName: Required value]',
    );
  });

  test('signer names need a domain with a dot and DNS labels', () => {
    expect(validateSignerName('spec.signerName', 'example.com/my-signer')).toEqual([]);
    expect(validateSignerName('spec.signerName', 'example/x').map((e) => e.message())).toEqual([
      'spec.signerName: Invalid value: "example": should be a domain with at least two segments separated by dots',
    ]);
  });

  test('a request body that is not base64 fails decoding', () => {
    const { rest, r } = setup();
    const err = error(() =>
      rest.create(r, undefined, csr('b64', { request: 'abc$' }), context(ADMIN)),
    );
    expect(err.code).toBe(400);
    expect(err.message).toBe(
      'CertificateSigningRequest in version "v1" cannot be handled as a CertificateSigningRequest: illegal base64 data at input byte 3',
    );
  });

  test('CertificateSubjectRestriction forbids system:masters for the kube-apiserver-client signer', () => {
    const { rest, r } = setup();
    const err = error(() =>
      rest.create(r, undefined, csr('root', { request: mastersRequest }), context(ADMIN)),
    );
    expect(err.code).toBe(403);
    expect(err.message).toBe(
      'certificatesigningrequests.certificates.k8s.io "root" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed',
    );
    expect(
      rest.create(
        r,
        undefined,
        csr('other', { request: mastersRequest, signerName: 'example.com/signer' }),
        context(ADMIN),
      ).metadata.name,
    ).toBe('other');
  });

  test('updates of the main resource keep spec and status', () => {
    const { rest, r } = setup();
    const created = rest.create(r, undefined, csr('jane', { request: janeRequest }), context(JANE));
    const sent = structuredClone(created);
    sent.metadata.labels = { team: 'a' };
    sent.spec.usages = ['server auth'];
    sent.status = { conditions: [{ type: 'Approved', status: 'True' }] };
    const { object } = rest.update(r, undefined, 'jane', sent, context(ADMIN));
    expect(object.metadata.labels).toEqual({ team: 'a' });
    expect(object.spec.usages).toEqual(['client auth']);
    expect(object.status).toEqual({});
  });

  test('the approval subresource writes only conditions, stamped with the cluster time', () => {
    const { rest, r, clock } = setup();
    const created = rest.create(r, undefined, csr('jane', { request: janeRequest }), context(JANE));
    const sent = structuredClone(created);
    sent.spec.usages = ['server auth'];
    sent.status = {
      certificate: 'Zm9v',
      conditions: [
        {
          type: 'Approved',
          status: 'True',
          reason: 'KubectlApprove',
          message: 'ok',
          lastUpdateTime: '2026-01-01T00:00:00Z',
          lastTransitionTime: null,
        },
      ],
    };
    clock.advance(60_000);
    const { object } = rest.update(r, undefined, 'jane', sent, context(ADMIN), 'approval');
    expect(object.spec.usages).toEqual(['client auth']);
    expect(object.status).toEqual({
      conditions: [
        {
          type: 'Approved',
          status: 'True',
          reason: 'KubectlApprove',
          message: 'ok',
          lastUpdateTime: '2026-01-01T00:00:00Z',
          lastTransitionTime: '2026-01-01T00:01:00Z',
        },
      ],
    });
    expect(csrCondition(object)).toBe('Approved');
    expect(
      object.metadata.managedFields?.map((m) => [
        m.manager,
        m.subresource,
        Object.keys(m.fieldsV1 ?? {}),
      ]),
    ).toEqual([
      ['kubectl', undefined, ['f:spec']],
      ['kubectl', 'approval', ['f:status']],
    ]);
  });

  test('approval may not remove a decision or both approve and deny', () => {
    const { rest, r } = setup();
    const created = rest.create(r, undefined, csr('jane', { request: janeRequest }), context(JANE));
    const approved = rest.update(
      r,
      undefined,
      'jane',
      { ...created, status: { conditions: [{ type: 'Approved', status: 'True' }] } },
      context(ADMIN),
      'approval',
    ).object;
    const removed = error(() =>
      rest.update(
        r,
        undefined,
        'jane',
        { ...approved, status: { conditions: [] } },
        context(ADMIN),
        'approval',
      ),
    );
    expect(removed.message).toBe(
      'CertificateSigningRequest.certificates.k8s.io "jane" is invalid: status.conditions: Forbidden: updates may not remove a condition of type "Approved"',
    );
    const both = error(() =>
      rest.update(
        r,
        undefined,
        'jane',
        {
          ...approved,
          status: {
            conditions: [...approved.status.conditions, { type: 'Denied', status: 'True' }],
          },
        },
        context(ADMIN),
        'approval',
      ),
    );
    expect(both.message).toBe(
      'CertificateSigningRequest.certificates.k8s.io "jane" is invalid: status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive',
    );
    const other = rest.create(r, undefined, csr('bob', { request: janeRequest }), context(JANE));
    const notTrue = error(() =>
      rest.update(
        r,
        undefined,
        'bob',
        { ...other, status: { conditions: [{ type: 'Denied', status: 'False' }] } },
        context(ADMIN),
        'approval',
      ),
    );
    expect(notTrue.message).toContain(
      'status.conditions[0].status: Unsupported value: "False": supported values: "True"',
    );
  });

  test('the status subresource sets the certificate once and never the approval', () => {
    const { rest, r } = setup();
    const created = rest.create(r, undefined, csr('jane', { request: janeRequest }), context(JANE));
    const notPem = error(() =>
      rest.update(
        r,
        undefined,
        'jane',
        { ...created, status: { certificate: 'Zm9v' } },
        context(ADMIN),
        'status',
      ),
    );
    expect(notPem.message).toBe(
      'CertificateSigningRequest.certificates.k8s.io "jane" is invalid: status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block',
    );
    const approve = error(() =>
      rest.update(
        r,
        undefined,
        'jane',
        { ...created, status: { conditions: [{ type: 'Approved', status: 'True' }] } },
        context(ADMIN),
        'status',
      ),
    );
    expect(approve.message).toBe(
      'CertificateSigningRequest.certificates.k8s.io "jane" is invalid: status.conditions: Forbidden: updates may not add a condition of type "Approved"',
    );
  });

  test('the table shows signer, requestor, requested duration and condition', () => {
    const obj: KubeObject = {
      ...csr('jane', { username: 'jane', expirationSeconds: 86400 }),
      metadata: { name: 'jane', creationTimestamp: '2026-01-01T00:00:00Z' },
      status: { certificate: 'Zm9v', conditions: [{ type: 'Approved', status: 'True' }] },
    };
    expect(
      certificateSigningRequests.row(obj, { now: Date.parse('2026-01-01T00:05:00Z') }),
    ).toEqual([
      'jane',
      '5m',
      'kubernetes.io/kube-apiserver-client',
      'jane',
      '24h',
      'Approved,Issued',
    ]);
    expect(
      csrCondition({ ...obj, status: { conditions: [{ type: 'Approved' }, { type: 'Failed' }] } }),
    ).toBe('Approved,Failed');
    expect(
      certificateSigningRequests
        .row({ ...obj, spec: {}, status: { conditions: [{ type: 'Denied' }] } }, { now: 0 })
        .slice(2),
    ).toEqual(['<none>', '', '<none>', 'Denied']);
  });
});
