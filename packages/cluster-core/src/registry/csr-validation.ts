/**
 * certificates.k8s.io/v1 CertificateSigningRequest validation, as pkg/apis/certificates/validation
 * (validateCertificateSigningRequest, validateConditions, validateCertificateSigningRequestUpdate)
 * and pkg/apis/core/validation ValidateSignerName. The tolerances upstream keeps for objects
 * written by older API versions (legacy-unknown signer, duplicate conditions, ...) never apply
 * here: nothing but v1 ever wrote to this store.
 */
import { X509Certificate } from 'node:crypto';
import { deepEqual } from '../api/equality';
import {
  duplicate,
  type FieldError,
  forbiddenField,
  invalidValue,
  notSupported,
  required,
  tooLong,
} from '../api/field-errors';
import type { KubeObject } from '../api/object';
import { isDNS1123Label, isDNS1123Subdomain } from '../api/validation';
import {
  checkSignature,
  decodePem,
  decodeStdBase64,
  parseCertificateRequest,
} from './certificate-request';

/** KeyUsage values of certificates/v1 (allValidUsages), sorted as sets.String.List prints them. */
export const KEY_USAGES = [
  'any',
  'cert sign',
  'client auth',
  'code signing',
  'content commitment',
  'crl sign',
  'data encipherment',
  'decipher only',
  'digital signature',
  'email protection',
  'encipher only',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'key agreement',
  'key encipherment',
  'microsoft sgc',
  'netscape sgc',
  'ocsp signing',
  's/mime',
  'server auth',
  'signing',
  'timestamping',
];

const LEGACY_UNKNOWN_SIGNER = 'kubernetes.io/legacy-unknown';
/** Condition types that may only be True (trueConditionTypes). */
const TRUE_ONLY = new Set(['Approved', 'Denied', 'Failed']);

export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string | null;
  lastTransitionTime?: string | null;
}

export function conditionsOf(obj: KubeObject): Condition[] {
  return (obj.status?.conditions ?? []) as Condition[];
}

/** Decodes a `[]byte` field as the JSON decoder would (callers turn errors into the decode BadRequest). */
export function bytesField(value: unknown): Buffer {
  if (value === undefined || value === null) return Buffer.alloc(0);
  return decodeStdBase64(String(value));
}

/** The PEM request of a CSR, parsed and signature-checked (validateCSR); throws the Go error text. */
export function requestError(obj: KubeObject): string | undefined {
  try {
    const req = parseCertificateRequest(bytesField(obj.spec?.request));
    return checkSignature(req);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** ValidateSignerName (pkg/apis/core/validation). */
export function validateSignerName(path: string, signerName: string): FieldError[] {
  if (!signerName) return [required(path)];
  const segments = signerName.split('/');
  if (segments.length !== 2) {
    return [
      invalidValue(
        path,
        signerName,
        "must be a fully qualified domain and path of the form 'example.com/signer-name'",
      ),
    ];
  }
  const errs: FieldError[] = [];
  const [domain, name] = segments;
  if (domain.length > 253) errs.push(tooLong(path, '', 253));
  const domainLabels = domain.split('.');
  for (const label of domainLabels) {
    const msgs = isDNS1123Label(label);
    if (!msgs.length) continue;
    for (const msg of msgs)
      errs.push(invalidValue(path, domain, `validating label ${JSON.stringify(label)}: ${msg}`));
    break;
  }
  if (domainLabels.length < 2)
    errs.push(
      invalidValue(path, domain, 'should be a domain with at least two segments separated by dots'),
    );
  for (const label of name.split('.')) {
    const msgs = isDNS1123Subdomain(label);
    if (!msgs.length) continue;
    for (const msg of msgs)
      errs.push(invalidValue(path, name, `validating label ${JSON.stringify(label)}: ${msg}`));
    break;
  }
  // a DNS subdomain, a '/', and a path of a DNS label, a '.' and a DNS subdomain
  const maxLength = 253 + (253 + 63 + 1) + 1;
  if (signerName.length > maxLength) errs.push(tooLong(path, '', maxLength));
  return errs;
}

/** validateCertificate: status.certificate holds only CERTIFICATE blocks without headers. */
function certificateError(pemBytes: Buffer): string | undefined {
  if (pemBytes.length === 0) return undefined;
  let blocks = 0;
  for (let block = decodePem(pemBytes); block; block = decodePem(block.rest)) {
    if (block.type !== 'CERTIFICATE')
      return `only CERTIFICATE PEM blocks are allowed, found ${JSON.stringify(block.type)}`;
    if (Object.keys(block.headers).length) return 'no PEM block headers are permitted';
    blocks++;
    if (!isCertificate(block.bytes)) return 'x509: malformed certificate';
  }
  return blocks === 0 ? 'must contain at least one CERTIFICATE PEM block' : undefined;
}

/** x509.ParseCertificates succeeds on the block. */
function isCertificate(der: Buffer): boolean {
  try {
    new X509Certificate(der);
    return true;
  } catch {
    return false;
  }
}

function validateConditions(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  conditionsOf(obj).forEach((c, i) => {
    const path = `status.conditions[${i}]`;
    const type = c.type ?? '';
    if (!type) errs.push(required(`${path}.type`));
    const allowed = TRUE_ONLY.has(type) ? ['True'] : ['False', 'True', 'Unknown'];
    if (!c.status) errs.push(required(`${path}.status`));
    else if (!allowed.includes(c.status))
      errs.push(notSupported(`${path}.status`, c.status, allowed));
    if (type === 'Approved') {
      approved = true;
      if (denied)
        errs.push(
          invalidValue(
            `${path}.type`,
            type,
            'Approved and Denied conditions are mutually exclusive',
          ),
        );
    } else if (type === 'Denied') {
      denied = true;
      if (approved)
        errs.push(
          invalidValue(
            `${path}.type`,
            type,
            'Approved and Denied conditions are mutually exclusive',
          ),
        );
    }
    if (seen.has(type)) errs.push(duplicate(`${path}.type`, type));
    seen.add(type);
  });
  return errs;
}

/** validateCertificateSigningRequest with the options of a create (nothing tolerated). */
export function validateCertificateSigningRequest(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = obj.spec ?? {};
  const reqErr = requestError(obj);
  if (reqErr) errs.push(invalidValue('spec.request', spec.request ?? null, reqErr));
  const usages = (spec.usages ?? []) as string[];
  if (!usages.length) errs.push(required('spec.usages'));
  usages.forEach((u, i) => {
    if (!KEY_USAGES.includes(u)) errs.push(notSupported(`spec.usages[${i}]`, u, KEY_USAGES));
  });
  const seen = new Set<string>();
  usages.forEach((u, i) => {
    if (seen.has(u)) errs.push(duplicate(`spec.usages[${i}]`, u));
    seen.add(u);
  });
  const signerName = String(spec.signerName ?? '');
  if (signerName === LEGACY_UNKNOWN_SIGNER) {
    errs.push(
      invalidValue(
        'spec.signerName',
        signerName,
        'the legacy signerName is not allowed via this API version',
      ),
    );
  } else {
    errs.push(...validateSignerName('spec.signerName', signerName));
  }
  if (
    spec.expirationSeconds !== undefined &&
    spec.expirationSeconds !== null &&
    spec.expirationSeconds < 600
  ) {
    errs.push(
      invalidValue(
        'spec.expirationSeconds',
        spec.expirationSeconds,
        'may not specify a duration less than 600 seconds (10 minutes)',
      ),
    );
  }
  errs.push(...validateConditions(obj));
  const certErr = certificateError(bytesField(obj.status?.certificate));
  if (certErr) errs.push(invalidValue('status.certificate', '<certificate data>', certErr));
  return errs;
}

/**
 * validateCertificateSigningRequestUpdate: Approved, Denied and Failed conditions are never
 * removed; only the approval subresource may add or change Approved/Denied; only the status
 * subresource may set the certificate, once.
 */
export function validateUpdateRules(
  obj: KubeObject,
  old: KubeObject,
  opts: { approval: boolean; certificate: boolean },
): FieldError[] {
  const errs: FieldError[] = [];
  const ofType = (o: KubeObject, t: string) => conditionsOf(o).filter((c) => c.type === t);
  for (const t of ['Approved', 'Denied', 'Failed']) {
    if (ofType(obj, t).length < ofType(old, t).length) {
      errs.push(
        forbiddenField(
          'status.conditions',
          `updates may not remove a condition of type ${JSON.stringify(t)}`,
        ),
      );
    }
  }
  if (!opts.approval) {
    for (const t of ['Approved', 'Denied']) {
      const before = ofType(old, t);
      const after = ofType(obj, t);
      if (after.length > before.length) {
        errs.push(
          forbiddenField(
            'status.conditions',
            `updates may not add a condition of type ${JSON.stringify(t)}`,
          ),
        );
      } else if (after.length === before.length && !deepEqual(before, after)) {
        errs.push(
          forbiddenField(
            'status.conditions',
            `updates may not modify a condition of type ${JSON.stringify(t)}`,
          ),
        );
      }
    }
  }
  const newCert = bytesField(obj.status?.certificate);
  const oldCert = bytesField(old.status?.certificate);
  if (!newCert.equals(oldCert)) {
    if (!opts.certificate)
      errs.push(forbiddenField('status.certificate', 'updates may not set certificate content'));
    else if (oldCert.length > 0)
      errs.push(
        forbiddenField('status.certificate', 'updates may not modify existing certificate content'),
      );
  }
  return errs;
}

/** The parsed request of a stored (hence valid) CSR. */
export function storedRequest(obj: KubeObject) {
  return parseCertificateRequest(bytesField(obj.spec?.request));
}
