/** PEM certificate requests for unit tests, made as openssl or client-go would make them. */
import { webcrypto } from 'node:crypto';
import { x509Module } from '../apiserver/tls';

/** A PEM CSR with the given subject (and SANs), signed with a fresh ECDSA or RSA key. */
export async function makeCertificateRequest(
  name: string,
  options: {
    sans?: { type: 'dns' | 'ip' | 'email' | 'url'; value: string }[];
    algorithm?: 'ECDSA' | 'RSA';
  } = {},
): Promise<string> {
  const x509 = x509Module();
  const algorithm =
    options.algorithm === 'RSA'
      ? {
          name: 'RSASSA-PKCS1-v1_5',
          hash: 'SHA-256',
          publicExponent: new Uint8Array([1, 0, 1]),
          modulusLength: 1024,
        }
      : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name,
    keys,
    signingAlgorithm: algorithm,
    extensions: options.sans ? [new x509.SubjectAlternativeNameExtension(options.sans)] : [],
  });
  return csr.toString('pem');
}
