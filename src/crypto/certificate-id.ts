import { childrenOf, readElement, type DerElement } from './der.js';
import { pemToDer } from './pem.js';

/** The contents of the authority key identifier extension's OID, 2.5.29.35. */
const AUTHORITY_KEY_IDENTIFIER = Buffer.from([0x55, 0x1d, 0x23]);

/**
 * What names a certificate to its issuer: the authority key identifier's keyIdentifier (absent:
 * undefined) and the serial number's DER integer bytes, read from the DER of `pem` without an
 * X.509 library (RFC 5280 §4.1, §4.2.1.1).
 */
export function issuerKeyAndSerial(pem: string): { authorityKeyId?: Buffer; serial: Buffer } {
  const [der] = pemToDer(pem, 'CERTIFICATE');
  if (!der) throw new Error('crypto: no PEM certificate to read');
  const contents = (element: DerElement) => der.subarray(element.start, element.end);
  const [tbs] = childrenOf(der, readElement(der, 0));
  if (!tbs) throw new Error('crypto: a certificate without its TBSCertificate');
  const fields = childrenOf(der, tbs);
  const serial = fields.find((field) => field.tag === 0x02);
  if (!serial) throw new Error('crypto: a certificate without a serial number');
  const extensionsField = fields.find((field) => field.tag === 0xa3);
  const [extensionList] = extensionsField ? childrenOf(der, extensionsField) : [];
  for (const extension of extensionList ? childrenOf(der, extensionList) : []) {
    const [id, ...rest] = childrenOf(der, extension);
    if (id?.tag !== 0x06 || !AUTHORITY_KEY_IDENTIFIER.equals(contents(id))) continue;
    const value = rest.at(-1); // extnValue, after the optional critical flag
    if (!value) break;
    const keyId = childrenOf(der, readElement(der, value.start, value.end)).find((field) => field.tag === 0x80);
    if (keyId) return { authorityKeyId: Buffer.from(contents(keyId)), serial: Buffer.from(contents(serial)) };
  }
  return { serial: Buffer.from(contents(serial)) };
}
