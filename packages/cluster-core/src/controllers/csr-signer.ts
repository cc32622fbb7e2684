/**
 * kube-controller-manager's CSR signing controllers (pkg/controller/certificates/signer): an
 * Approved (not Denied, not Failed) request for one of the built-in kubernetes.io signers gets a
 * certificate from the cluster CA in status.certificate, or a Failed condition when the request
 * does not fit its signer. The certificate follows authority.PermissiveSigningPolicy: the
 * request's subject and SANs, the requested usages, 5 minutes of backdating, and the requested
 * duration capped at --cluster-signing-duration (one year by default).
 */
import { randomBytes } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import { clone, type KubeObject } from '../api/object';
import { type CertificateAuthority, x509Module } from '../apiserver/tls';
import { rfc3339 } from '../clock';
import type { CertificateRequest, Subject } from '../registry/certificate-request';
import {
  CERTIFICATES_GROUP,
  KUBE_APISERVER_CLIENT_SIGNER,
} from '../registry/certificatesigningrequests';
import { conditionsOf, storedRequest } from '../registry/csr-validation';
import type { ControllerContext } from './controller-context';
import type { Reconciler } from './reconciler';

const PLURAL = 'certificatesigningrequests';
const HOUR = 3600_000;
/** --cluster-signing-duration's default. */
export const CERT_TTL = 8760 * HOUR;
const BACKDATE = 5 * 60_000;
/** Certificates shorter than this are not backdated at their end (PermissiveSigningPolicy.Short). */
const SHORT = 8 * HOUR;
const MIN_DURATION = 10 * 60_000;

type SignerCheck = (req: CertificateRequest, usages: string[]) => string | undefined;

const sameSet = (a: string[], b: string[]) =>
  new Set(a).size === b.length && b.every((u) => a.includes(u));
/** fmt's %v of a sorted []string */
const goList = (items: string[]) => `[${[...items].sort().join(' ')}]`;

/** validAPIServerClientUsages */
const apiServerClient: SignerCheck = (_req, usages) => {
  for (const u of usages) {
    if (u !== 'digital signature' && u !== 'key encipherment' && u !== 'client auth') {
      return `invalid usage for client certificate: ${u}`;
    }
  }
  return usages.includes('client auth')
    ? undefined
    : 'missing required usage for client certificate: client auth';
};

const notSystemNodes = (req: CertificateRequest) =>
  req.subject.organization.length !== 1 || req.subject.organization[0] !== 'system:nodes';

/** certificates.ValidateKubeletClientCSR */
const kubeletClient: SignerCheck = (req, usages) => {
  if (notSystemNodes(req)) return 'subject organization is not system:nodes';
  if (req.dnsNames.length) return 'DNS subjectAltNames are not allowed';
  if (req.emailAddresses.length) return 'Email subjectAltNames are not allowed';
  if (req.ipAddresses.length) return 'IP subjectAltNames are not allowed';
  if (req.uris.length) return 'URI subjectAltNames are not allowed';
  if (!req.subject.commonName.startsWith('system:node:'))
    return 'subject common name does not begin with system:node:';
  const required = ['digital signature', 'key encipherment', 'client auth'];
  if (!sameSet(usages, required) && !sameSet(usages, ['digital signature', 'client auth']))
    return `usages did not match ${goList(required)}`;
  return undefined;
};

/** certificates.ValidateKubeletServingCSR */
const kubeletServing: SignerCheck = (req, usages) => {
  if (notSystemNodes(req)) return 'subject organization is not system:nodes';
  if (!req.dnsNames.length && !req.ipAddresses.length)
    return 'DNS or IP subjectAltName is required';
  if (req.emailAddresses.length) return 'Email subjectAltNames are not allowed';
  if (req.uris.length) return 'URI subjectAltNames are not allowed';
  const required = ['digital signature', 'key encipherment', 'server auth'];
  if (!sameSet(usages, required) && !sameSet(usages, ['digital signature', 'server auth']))
    return `usages did not match ${goList(required)}`;
  if (!req.subject.commonName.startsWith('system:node:'))
    return 'subject common name does not begin with system:node:';
  return undefined;
};

/** The signers kube-controller-manager runs with the cluster CA (getCSRVerificationFuncForSignerName). */
export const SIGNERS: Record<string, SignerCheck> = {
  [KUBE_APISERVER_CLIENT_SIGNER]: apiServerClient,
  'kubernetes.io/kube-apiserver-client-kubelet': kubeletClient,
  'kubernetes.io/kubelet-serving': kubeletServing,
};

/** signer.duration: the requested duration within [10m, certTTL]. */
export function certificateDuration(expirationSeconds: number | undefined, ttl = CERT_TTL): number {
  if (expirationSeconds === undefined || expirationSeconds === null) return ttl;
  const requested = expirationSeconds * 1000;
  if (requested > ttl) return ttl;
  return Math.max(requested, MIN_DURATION);
}

/** x509.KeyUsage bits and ExtKeyUsage OIDs of the certificates API's usages (authority/policies.go). */
const KEY_USAGE_FLAGS: Record<string, keyof typeof X509.KeyUsageFlags> = {
  signing: 'digitalSignature',
  'digital signature': 'digitalSignature',
  'content commitment': 'nonRepudiation',
  'key encipherment': 'keyEncipherment',
  'key agreement': 'keyAgreement',
  'data encipherment': 'dataEncipherment',
  'cert sign': 'keyCertSign',
  'crl sign': 'cRLSign',
  'encipher only': 'encipherOnly',
  'decipher only': 'decipherOnly',
};

/** In x509.ExtKeyUsage order, which the signer sorts by. */
const EXT_KEY_USAGES: Array<[string[], string]> = [
  [['any'], '2.5.29.37.0'],
  [['server auth'], '1.3.6.1.5.5.7.3.1'],
  [['client auth'], '1.3.6.1.5.5.7.3.2'],
  [['code signing'], '1.3.6.1.5.5.7.3.3'],
  [['email protection', 's/mime'], '1.3.6.1.5.5.7.3.4'],
  [['ipsec end system'], '1.3.6.1.5.5.7.3.5'],
  [['ipsec tunnel'], '1.3.6.1.5.5.7.3.6'],
  [['ipsec user'], '1.3.6.1.5.5.7.3.7'],
  [['timestamping'], '1.3.6.1.5.5.7.3.8'],
  [['ocsp signing'], '1.3.6.1.5.5.7.3.9'],
  [['microsoft sgc'], '1.3.6.1.4.1.311.10.3.3'],
  [['netscape sgc'], '2.16.840.1.113730.4.1'],
];

/** asn1's choice for an untyped string: PrintableString when it can be one (no `*` or `&`). */
function nameValue(value: string): { printableString: string } | { utf8String: string } {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value)
    ? { printableString: value }
    : { utf8String: value };
}

/** pkix.Name.ToRDNSequence: Go re-encodes the parsed subject in its own order, one RDN per field. */
function subjectName(subject: Subject): X509.JsonName {
  const rdns: Array<[string, string[]]> = [
    ['2.5.4.6', subject.country],
    ['2.5.4.8', subject.province],
    ['2.5.4.7', subject.locality],
    ['2.5.4.9', subject.streetAddress],
    ['2.5.4.17', subject.postalCode],
    ['2.5.4.10', subject.organization],
    ['2.5.4.11', subject.organizationalUnit],
    ['2.5.4.3', subject.commonName ? [subject.commonName] : []],
    ['2.5.4.5', subject.serialNumber ? [subject.serialNumber] : []],
  ];
  return rdns
    .filter(([, values]) => values.length)
    .map(([type, values]) => ({ [type]: values.map(nameValue) })) as unknown as X509.JsonName;
}

/** CertificateAuthority.Sign with PermissiveSigningPolicy: the issued certificate in PEM. */
export async function issueCertificate(
  ca: CertificateAuthority,
  req: CertificateRequest,
  usages: string[],
  duration: number,
  now: number,
): Promise<string> {
  const x509 = x509Module();
  const caNotAfter = ca.cert.notAfter.getTime();
  const notBefore = now - BACKDATE;
  let notAfter = duration < SHORT ? now + duration : now + duration - BACKDATE;
  if (notAfter >= caNotAfter) notAfter = caNotAfter;
  if (notBefore >= caNotAfter || now >= caNotAfter)
    throw new Error(`the signer has expired: NotAfter=${ca.cert.notAfter.toISOString()}`);
  let keyUsage = 0;
  for (const u of usages)
    if (KEY_USAGE_FLAGS[u]) keyUsage |= x509.KeyUsageFlags[KEY_USAGE_FLAGS[u]];
  const extKeyUsages = EXT_KEY_USAGES.filter(([names]) =>
    names.some((n) => usages.includes(n)),
  ).map(([, oid]) => oid);
  const extensions: X509.Extension[] = [];
  if (keyUsage) extensions.push(new x509.KeyUsagesExtension(keyUsage, true));
  if (extKeyUsages.length) extensions.push(new x509.ExtendedKeyUsageExtension(extKeyUsages));
  extensions.push(new x509.BasicConstraintsExtension(false, undefined, true));
  const caKeyId = ca.cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  if (caKeyId) extensions.push(new x509.AuthorityKeyIdentifierExtension(caKeyId));
  const names = [
    ...req.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...req.emailAddresses.map((value) => ({ type: 'email' as const, value })),
    ...req.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
    ...req.uris.map((value) => ({ type: 'url' as const, value })),
  ];
  if (names.length) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // a positive 128-bit serial, as rand.Int(serialNumberLimit)
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject: subjectName(req.subject),
    issuer: ca.cert.subjectName,
    notBefore: new Date(Math.floor(notBefore / 1000) * 1000),
    notAfter: new Date(Math.floor(notAfter / 1000) * 1000),
    signingKey: ca.keys.privateKey,
    publicKey: new Uint8Array(req.publicKey),
    signingAlgorithm: {
      name: 'ECDSA',
      hash: 'SHA-256',
    } as X509.X509CertificateCreateParamsBase['signingAlgorithm'],
    extensions,
  });
  return cert.toString('pem').replace(/\n?$/, '\n');
}

/** certificates.IsCertificateRequestApproved and HasTrueCondition(Failed). */
function readyToSign(csr: KubeObject): boolean {
  const conditions = conditionsOf(csr);
  const has = (t: string) => conditions.some((c) => c.type === t);
  const failed = conditions.some((c) => c.type === 'Failed' && c.status === 'True');
  return has('Approved') && !has('Denied') && !failed;
}

export const csrSigningController: Reconciler = {
  name: 'csrsigning-controller',
  primary: `${CERTIFICATES_GROUP}/${PLURAL}`,
  async reconcile(key, ctx: ControllerContext) {
    const csr = ctx.get(CERTIFICATES_GROUP, PLURAL, undefined, key);
    if (!csr || csr.status?.certificate || !readyToSign(csr)) return;
    const check = SIGNERS[csr.spec?.signerName];
    if (!check) return;
    const req = storedRequest(csr);
    const usages = (csr.spec?.usages ?? []) as string[];
    const failure = check(req, usages);
    if (failure) {
      const now = rfc3339(ctx.now());
      ctx.mutate(
        CERTIFICATES_GROUP,
        PLURAL,
        csr,
        (next) => {
          next.status = {
            ...next.status,
            conditions: [
              ...conditionsOf(next),
              {
                type: 'Failed',
                status: 'True',
                reason: 'SignerValidationFailure',
                message: failure,
                lastUpdateTime: now,
                lastTransitionTime: now,
              },
            ],
          };
        },
        true,
      );
      return;
    }
    const ca = await ctx.core.ca.get();
    const pem = await issueCertificate(
      ca,
      req,
      usages,
      certificateDuration(csr.spec?.expirationSeconds),
      ctx.now(),
    );
    // Written against the object read above: a change meanwhile is a conflict, and a retry.
    const next = clone(csr);
    next.status = { ...next.status, certificate: Buffer.from(pem).toString('base64') };
    ctx.updateStatus(CERTIFICATES_GROUP, PLURAL, next);
  },
};
