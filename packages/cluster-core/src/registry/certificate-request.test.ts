import { describe, expect, test } from '@jest/globals';
import {
  Base64Error,
  checkSignature,
  decodePem,
  decodeStdBase64,
  parseCertificateRequest,
} from './certificate-request';
import { makeCertificateRequest } from './fake-certificate-requests';

describe('base64 as encoding/json decodes []byte', () => {
  test('newlines are skipped and padding is required', () => {
    expect(decodeStdBase64('aGVs\nbG8=').toString()).toBe('hello');
    expect(decodeStdBase64('').length).toBe(0);
  });

  test('stray bytes, missing and misplaced padding report Go offsets', () => {
    const offset = (s: string) => {
      try {
        decodeStdBase64(s);
        return -1;
      } catch (err) {
        return (err as Base64Error).offset;
      }
    };
    expect(offset('aGV s')).toBe(3);
    expect(offset('aGVsbG8')).toBe(4);
    expect(offset('aGVsbG==x')).toBe(8);
    expect(offset('a===')).toBe(1);
    expect(new Base64Error(4).message).toBe('illegal base64 data at input byte 4');
  });
});

describe('PEM and PKCS#10 requests', () => {
  test('the first PEM block is found behind leading text, with what follows it', () => {
    const block = decodePem(
      Buffer.from('junk\n-----BEGIN FOO-----\naGVsbG8=\n-----END FOO-----\nrest'),
    );
    expect(block?.type).toBe('FOO');
    expect(block?.bytes.toString()).toBe('hello');
    expect(block?.rest.toString()).toBe('rest');
    expect(decodePem(Buffer.from('no pem here'))).toBeUndefined();
  });

  test('a request yields its subject, SANs and a valid signature', async () => {
    const pem = await makeCertificateRequest('CN=jane, O=dev, O=ops', {
      sans: [
        { type: 'dns', value: 'jane.example.com' },
        { type: 'ip', value: '10.0.0.1' },
        { type: 'email', value: 'jane@example.com' },
      ],
    });
    const req = parseCertificateRequest(Buffer.from(pem));
    expect(req.subject.commonName).toBe('jane');
    expect(req.subject.organization).toEqual(['dev', 'ops']);
    expect(req.dnsNames).toEqual(['jane.example.com']);
    expect(req.ipAddresses).toEqual(['10.0.0.1']);
    expect(req.emailAddresses).toEqual(['jane@example.com']);
    expect(checkSignature(req)).toBeUndefined();
  });

  test('RSA requests verify too, and a tampered request does not', async () => {
    const req = parseCertificateRequest(
      Buffer.from(await makeCertificateRequest('CN=bob', { algorithm: 'RSA' })),
    );
    expect(checkSignature(req)).toBeUndefined();
    req.signature = Buffer.from(req.signature).fill(1, 10, 20);
    expect(checkSignature(req)).toBe('crypto/rsa: verification error');
  });

  test("anything but a CERTIFICATE REQUEST block is refused with ParseCSR's text", () => {
    expect(() =>
      parseCertificateRequest(
        Buffer.from('-----BEGIN PRIVATE KEY-----\naGVsbG8=\n-----END PRIVATE KEY-----\n'),
      ),
    ).toThrow('PEM block type must be CERTIFICATE REQUEST');
    expect(() =>
      parseCertificateRequest(
        Buffer.from(
          '-----BEGIN CERTIFICATE REQUEST-----\naGVsbG8=\n-----END CERTIFICATE REQUEST-----\n',
        ),
      ),
    ).toThrow(/^asn1: /);
  });
});
