/**
 * Certificates for deploy targets' tests that need no CA run: a throwaway CA and a leaf it
 * signed, with the leaf's key, shaped as the run hands them to a target (`IssuedCertificate`).
 */
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { IssuedCertificate } from '../target.js';

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};

export interface TestCertificateOptions {
  readonly name: string;
  readonly domains: readonly string[];
  /** Default `ec` (P-256). */
  readonly key?: 'ec' | 'rsa';
}

/** A leaf for `domains` issued by a fresh CA, valid for 90 days from an hour ago. */
export async function testCertificate(options: TestCertificateOptions): Promise<IssuedCertificate> {
  const alg = options.key === 'rsa' ? RSA : EC;
  const notBefore = new Date(Date.now() - 3_600_000);
  const notAfter = new Date(Date.now() + 90 * 86_400_000);
  const caKeys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: 'CN=certwright deploy test CA',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: EC,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  const leafKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const serial = `7f${randomBytes(15).toString('hex')}`;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `CN=${options.domains[0] ?? options.name}`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: EC,
    extensions: [new x509.SubjectAlternativeNameExtension(options.domains.map((value) => ({ type: 'dns', value })))],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey)).toString('base64');
  return {
    name: options.name,
    domains: options.domains,
    certPem: `${leaf.toString('pem')}\n`,
    chainPem: `${ca.toString('pem')}\n`,
    keyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)?.join('\n')}\n-----END PRIVATE KEY-----\n`,
    serial,
    notAfter,
  };
}
