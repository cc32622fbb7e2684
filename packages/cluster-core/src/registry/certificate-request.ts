/**
 * PKCS#10 certificate requests and PEM as the certificates API reads them: Go's encoding/pem
 * Decode, encoding/base64 StdEncoding (how `[]byte` fields decode from JSON), crypto/x509
 * ParseCertificateRequest and CheckSignature, with their error texts. Synchronous on purpose:
 * validation runs inside the store's write path. Only reads DER; writing certificates is the
 * signer's job (controllers/csr-signer.ts).
 */
import { createPublicKey, constants as cryptoConstants, type KeyObject, verify } from 'node:crypto';

/** encoding/base64.CorruptInputError */
export class Base64Error extends Error {
  constructor(readonly offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const isNewline = (c: string) => c === '\n' || c === '\r';

/**
 * base64.StdEncoding.Decode, which encoding/json uses for `[]byte`: newlines are skipped, every
 * other stray byte, missing or misplaced padding is a CorruptInputError at Go's offset.
 */
export function decodeStdBase64(src: string): Buffer {
  let si = 0;
  let out = '';
  for (;;) {
    const quantum: string[] = [];
    let padded = false;
    while (quantum.length < 4) {
      if (si === src.length) {
        if (quantum.length === 0) return Buffer.from(out, 'base64');
        throw new Base64Error(si - quantum.length);
      }
      const c = src[si++];
      if (B64.includes(c)) {
        quantum.push(c);
        continue;
      }
      if (isNewline(c)) continue;
      if (c !== '=' || quantum.length < 2) throw new Base64Error(si - 1);
      if (quantum.length === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) throw new Base64Error(src.length);
        if (src[si] !== '=') throw new Base64Error(si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) throw new Base64Error(si);
      padded = true;
      break;
    }
    out += quantum.join('') + (padded ? '='.repeat(4 - quantum.length) : '');
    if (padded) return Buffer.from(out, 'base64');
  }
}

export interface PemBlock {
  type: string;
  headers: Record<string, string>;
  bytes: Buffer;
  /** What follows the block. */
  rest: Buffer;
}

/** encoding/pem.Decode: the first well-formed block, or undefined. */
export function decodePem(data: Buffer): PemBlock | undefined {
  const text = data.toString('latin1');
  const re = /(?:^|\n)-----BEGIN ([^\n]*?)-----[ \t]*\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const type = m[1];
    const bodyStart = m.index + m[0].length;
    const endMarker = `\n-----END ${type}-----`;
    const endAt = text.indexOf(endMarker, bodyStart - 1);
    if (endAt < 0) continue;
    let body = text.slice(bodyStart, endAt + 1);
    const headers: Record<string, string> = {};
    // Proc-Type style headers: `Key: value` lines up to the first blank line.
    const lines = body.split('\n');
    if (lines[0]?.includes(':')) {
      let i = 0;
      for (; i < lines.length && lines[i].trim() !== ''; i++) {
        const colon = lines[i].indexOf(':');
        if (colon < 0) break;
        headers[lines[i].slice(0, colon).trim()] = lines[i].slice(colon + 1).trim();
      }
      body = lines.slice(i).join('\n');
    }
    const compact = body.replace(/[\r\n \t]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) continue;
    let restAt = endAt + endMarker.length;
    const lineEnd = text.indexOf('\n', restAt);
    restAt = lineEnd < 0 ? text.length : lineEnd + 1;
    return { type, headers, bytes: Buffer.from(compact, 'base64'), rest: data.subarray(restAt) };
  }
  return undefined;
}

/** Every PEM block of `data`, in order. */
export function decodePemBlocks(data: Buffer): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (let block = decodePem(data); block; block = decodePem(block.rest)) blocks.push(block);
  return blocks;
}

/** An error whose text is what Go returns for the same input. */
export class CertificateRequestError extends Error {}

/** A DER element: tag byte, its content, and the whole encoding. */
interface Der {
  tag: number;
  content: Buffer;
  raw: Buffer;
}

function readDer(buf: Buffer, offset = 0): Der {
  const truncated = () => new CertificateRequestError('asn1: syntax error: data truncated');
  if (offset + 2 > buf.length) throw truncated();
  const tag = buf[offset];
  let length = buf[offset + 1];
  let header = 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4)
      throw new CertificateRequestError('asn1: structure error: length too large');
    if (offset + 2 + n > buf.length) throw truncated();
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[offset + 2 + i];
    header += n;
  }
  if (offset + header + length > buf.length) throw truncated();
  return {
    tag,
    content: buf.subarray(offset + header, offset + header + length),
    raw: buf.subarray(offset, offset + header + length),
  };
}

/** The elements of a constructed value (SEQUENCE, SET, context tags). */
function children(el: Der): Der[] {
  const out: Der[] = [];
  for (let at = 0; at < el.content.length; ) {
    const child = readDer(el.content, at);
    out.push(child);
    at += child.raw.length;
  }
  return out;
}

function expect(el: Der | undefined, tag: number, what: string): Der {
  if (!el || el.tag !== tag)
    throw new CertificateRequestError(`asn1: structure error: tags don't match (${what})`);
  return el;
}

function oid(content: Buffer): string {
  const parts: number[] = [];
  let value = 0;
  for (const byte of content) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/** The ASN.1 string types a Name may hold, decoded as Go's asn1 package does. */
function asn1String(el: Der): string | undefined {
  switch (el.tag) {
    case 0x0c: // UTF8String
      return el.content.toString('utf8');
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x12: // NumericString
      return el.content.toString('latin1');
    case 0x14: // T61String
      return el.content.toString('latin1');
    case 0x1e: // BMPString
      return Buffer.from(el.content).swap16().toString('utf16le');
    default:
      return undefined;
  }
}

/** The parts of a pkix.Name Go fills from a subject (other attributes are dropped on re-encoding). */
export interface Subject {
  country: string[];
  province: string[];
  locality: string[];
  streetAddress: string[];
  postalCode: string[];
  organization: string[];
  organizationalUnit: string[];
  commonName: string;
  serialNumber: string;
}

const SUBJECT_FIELDS: Record<string, keyof Subject> = {
  '2.5.4.6': 'country',
  '2.5.4.8': 'province',
  '2.5.4.7': 'locality',
  '2.5.4.9': 'streetAddress',
  '2.5.4.17': 'postalCode',
  '2.5.4.10': 'organization',
  '2.5.4.11': 'organizationalUnit',
  '2.5.4.3': 'commonName',
  '2.5.4.5': 'serialNumber',
};

/** pkix.Name.FillFromRDNSequence over a DER Name. */
export function parseName(name: Der): Subject {
  const subject: Subject = {
    country: [],
    province: [],
    locality: [],
    streetAddress: [],
    postalCode: [],
    organization: [],
    organizationalUnit: [],
    commonName: '',
    serialNumber: '',
  };
  for (const rdn of children(expect(name, 0x30, 'Name'))) {
    for (const atv of children(expect(rdn, 0x31, 'RelativeDistinguishedName'))) {
      const [type, value] = children(expect(atv, 0x30, 'AttributeTypeAndValue'));
      const field = SUBJECT_FIELDS[oid(expect(type, 0x06, 'OID').content)];
      const text = value && asn1String(value);
      if (!field || text === undefined) continue;
      if (field === 'commonName' || field === 'serialNumber') subject[field] = text;
      else subject[field].push(text);
    }
  }
  return subject;
}

/** The subject of a DER certificate (client certificates, issued certificates in tests). */
export function certificateSubject(der: Buffer): Subject {
  const tbs = children(expect(children(readDer(der))[0], 0x30, 'TBSCertificate'));
  // TBSCertificate: [0] version?, serial, signature, issuer, validity, subject, ...
  const at = tbs[0]?.tag === 0xa0 ? 1 : 0;
  return parseName(tbs[at + 4]);
}

export interface CertificateRequest {
  der: Buffer;
  /** The signed part, CertificationRequestInfo. */
  info: Buffer;
  signatureAlgorithm: string;
  signatureParams?: Buffer;
  signature: Buffer;
  subject: Subject;
  /** SubjectPublicKeyInfo, DER. */
  publicKey: Buffer;
  dnsNames: string[];
  emailAddresses: string[];
  ipAddresses: string[];
  uris: string[];
}

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const SUBJECT_ALT_NAME = '2.5.29.17';

function ipText(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: string[] = [];
  for (let i = 0; i < bytes.length; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  // net.IP.String: the longest run of zero groups becomes `::`
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function readSubjectAltNames(req: CertificateRequest, value: Buffer): void {
  for (const name of children(expect(readDer(value), 0x30, 'GeneralNames'))) {
    switch (name.tag) {
      case 0x81:
        req.emailAddresses.push(name.content.toString('latin1'));
        break;
      case 0x82:
        req.dnsNames.push(name.content.toString('latin1'));
        break;
      case 0x86:
        req.uris.push(name.content.toString('latin1'));
        break;
      case 0x87:
        if (name.content.length !== 4 && name.content.length !== 16) {
          throw new CertificateRequestError(
            `x509: cannot parse IP address of length ${name.content.length}`,
          );
        }
        req.ipAddresses.push(ipText(name.content));
        break;
      default:
        break;
    }
  }
}

/** x509.ParseCertificateRequest over DER. */
export function parseCertificateRequestDer(der: Buffer): CertificateRequest {
  const outer = expect(readDer(der), 0x30, 'CertificationRequest');
  if (outer.raw.length !== der.length)
    throw new CertificateRequestError('asn1: syntax error: trailing data');
  const [infoEl, algEl, sigEl] = children(outer);
  const info = children(expect(infoEl, 0x30, 'CertificationRequestInfo'));
  const alg = children(expect(algEl, 0x30, 'AlgorithmIdentifier'));
  const sig = expect(sigEl, 0x03, 'BIT STRING');
  expect(info[0], 0x02, 'version');
  const req: CertificateRequest = {
    der,
    info: infoEl.raw,
    signatureAlgorithm: oid(expect(alg[0], 0x06, 'OID').content),
    signatureParams: alg[1]?.raw,
    signature: sig.content.subarray(1),
    subject: parseName(info[1]),
    publicKey: expect(info[2], 0x30, 'SubjectPublicKeyInfo').raw,
    dnsNames: [],
    emailAddresses: [],
    ipAddresses: [],
    uris: [],
  };
  const attributes = info[3] && info[3].tag === 0xa0 ? children(info[3]) : [];
  for (const attribute of attributes) {
    const [type, values] = children(expect(attribute, 0x30, 'Attribute'));
    if (oid(expect(type, 0x06, 'OID').content) !== EXTENSION_REQUEST) continue;
    for (const extensions of children(expect(values, 0x31, 'SET'))) {
      for (const ext of children(expect(extensions, 0x30, 'Extensions'))) {
        const parts = children(expect(ext, 0x30, 'Extension'));
        const id = oid(expect(parts[0], 0x06, 'OID').content);
        const value = expect(parts[parts.length - 1], 0x04, 'OCTET STRING').content;
        if (id === SUBJECT_ALT_NAME) readSubjectAltNames(req, value);
      }
    }
  }
  return req;
}

/** certificates.ParseCSR (pkg/apis/certificates/helpers.go): one PEM CERTIFICATE REQUEST block. */
export function parseCertificateRequest(pemBytes: Buffer): CertificateRequest {
  const block = decodePem(pemBytes);
  if (block?.type !== 'CERTIFICATE REQUEST') {
    throw new CertificateRequestError('PEM block type must be CERTIFICATE REQUEST');
  }
  return parseCertificateRequestDer(block.bytes);
}

/** Signature algorithms by OID: the hash node's crypto.verify takes, and what Go calls the key type. */
const SIGNATURE_ALGORITHMS: Record<
  string,
  { hash: string | null; key: 'RSA' | 'ECDSA' | 'Ed25519' | 'RSA-PSS' }
> = {
  '1.2.840.113549.1.1.5': { hash: 'sha1', key: 'RSA' },
  '1.2.840.113549.1.1.11': { hash: 'sha256', key: 'RSA' },
  '1.2.840.113549.1.1.12': { hash: 'sha384', key: 'RSA' },
  '1.2.840.113549.1.1.13': { hash: 'sha512', key: 'RSA' },
  '1.2.840.113549.1.1.10': { hash: null, key: 'RSA-PSS' },
  '1.2.840.10045.4.1': { hash: 'sha1', key: 'ECDSA' },
  '1.2.840.10045.4.3.2': { hash: 'sha256', key: 'ECDSA' },
  '1.2.840.10045.4.3.3': { hash: 'sha384', key: 'ECDSA' },
  '1.2.840.10045.4.3.4': { hash: 'sha512', key: 'ECDSA' },
  '1.3.101.112': { hash: null, key: 'Ed25519' },
};

/** The failure text of x509.CertificateRequest.CheckSignature, or undefined when it holds. */
export function checkSignature(req: CertificateRequest): string | undefined {
  const algorithm = SIGNATURE_ALGORITHMS[req.signatureAlgorithm];
  if (!algorithm) return 'x509: cannot verify signature: algorithm unimplemented';
  let key: KeyObject;
  try {
    key = createPublicKey({ key: req.publicKey, format: 'der', type: 'spki' });
  } catch {
    return 'x509: cannot verify signature: algorithm unimplemented';
  }
  const failure = {
    RSA: 'crypto/rsa: verification error',
    'RSA-PSS': 'crypto/rsa: verification error',
    ECDSA: 'x509: ECDSA verification failure',
    Ed25519: 'x509: Ed25519 verification failure',
  }[algorithm.key];
  try {
    if (algorithm.key === 'RSA-PSS') {
      // RSASSA-PSS names its hash in parameters; any of Go's three that verifies is it.
      const ok = ['sha256', 'sha384', 'sha512'].some((hash) =>
        verify(
          hash,
          req.info,
          {
            key,
            padding: cryptoConstants.RSA_PKCS1_PSS_PADDING,
            saltLength: cryptoConstants.RSA_PSS_SALTLEN_AUTO,
          },
          req.signature,
        ),
      );
      return ok ? undefined : failure;
    }
    return verify(algorithm.hash, req.info, key, req.signature) ? undefined : failure;
  } catch {
    return failure;
  }
}
