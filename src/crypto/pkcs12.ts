import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  randomBytes,
  timingSafeEqual,
  webcrypto,
} from 'node:crypto';
import type { Integer, OctetString, Sequence } from 'asn1js';
import type { AlgorithmIdentifier, CryptoEngine } from 'pkijs';
import type { CertificateFiles } from './certificate.js';
import { pemToDer } from './pem.js';

/** How cert.pfx is written. */
export interface PfxSettings {
  /** Encrypts the key and the certificates, and keys the MAC. Never log it. */
  readonly password: string;
  /** The name Windows' certificate store and Java's keytool show for the entry: the certificate's name. */
  readonly friendlyName: string;
  /**
   * pbeWithSHAAnd3-KeyTripleDES-CBC and a SHA-1 MAC, for Windows Server 2016 and earlier and
   * old Java; otherwise what OpenSSL 3 writes: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and a
   * SHA-256 MAC.
   */
  readonly legacy: boolean;
}

/** OpenSSL's default (PKCS12_DEFAULT_ITER), for the key, the certificates and the MAC alike. */
const ITERATIONS = 2048;
/** Marks the PKCS#12 PBE that pkijs lacks (RFC 7292 appendix C); Pkcs12Engine carries it out. */
const TRIPLE_DES_PBE = 'pbeWithSHAAnd3-KeyTripleDES-CBC';

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  pbes2: '1.2.840.113549.1.5.13',
  tripleDesPbe: '1.2.840.113549.1.12.1.3',
  keyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** The algorithms of each kind of file: for the key and certificates, and for the MAC. */
const SCHEMES = {
  modern: {
    encryption: { name: 'AES-CBC', length: 256 },
    prfHash: 'SHA-256',
    encryptionOid: OID.pbes2,
    macHash: 'SHA-256',
    macOid: OID.sha256,
  },
  legacy: {
    encryption: { name: TRIPLE_DES_PBE },
    prfHash: 'SHA-1',
    encryptionOid: OID.tripleDesPbe,
    macHash: 'SHA-1',
    macOid: OID.sha1,
  },
} as const;

type Pkijs = typeof import('pkijs');
type Asn1js = typeof import('asn1js');
interface Pkcs12Kit {
  readonly pkijs: Pkijs;
  readonly asn1js: Asn1js;
  readonly engine: CryptoEngine;
}
let loaded: Promise<Pkcs12Kit> | undefined;

/** pkijs and asn1js, loaded on first use (only runs that write a PFX need them), with the engine below. */
function loadPkcs12(): Promise<Pkcs12Kit> {
  loaded ??= (async (): Promise<Pkcs12Kit> => {
    const [pkijs, asn1js] = await Promise.all([import('pkijs'), import('asn1js')]);
    /**
     * pkijs' engine on Node's WebCrypto, plus the PKCS#12 3DES PBE, which pkijs does not
     * implement (only PBES2). Encrypted content is one primitive OCTET STRING, as OpenSSL and
     * Windows write it (pkijs would split it into 1 KiB pieces).
     */
    class Pkcs12Engine extends pkijs.CryptoEngine {
      override async encryptEncryptedContentInfo(
        parameters: Parameters<CryptoEngine['encryptEncryptedContentInfo']>[0],
      ) {
        let algorithm: AlgorithmIdentifier;
        let encrypted: ArrayBuffer | Buffer;
        if ((parameters.contentEncryptionAlgorithm as { name?: string }).name === TRIPLE_DES_PBE) {
          const salt = randomBytes(8);
          const params = new asn1js.Sequence({
            value: [
              new asn1js.OctetString({ valueHex: salt }),
              new asn1js.Integer({ value: parameters.iterationCount }),
            ],
          });
          algorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.tripleDesPbe, algorithmParams: params });
          encrypted = tripleDesPbe(
            'encrypt',
            parameters.password,
            salt,
            parameters.iterationCount,
            parameters.contentToEncrypt,
          );
        } else {
          const info = await super.encryptEncryptedContentInfo(parameters);
          algorithm = info.contentEncryptionAlgorithm;
          encrypted = info.getEncryptedContent();
        }
        const encryptedContent = new asn1js.OctetString({ valueHex: encrypted });
        return new pkijs.EncryptedContentInfo({
          contentType: parameters.contentType,
          contentEncryptionAlgorithm: algorithm,
          encryptedContent,
          disableSplit: true,
        });
      }

      override async decryptEncryptedContentInfo(
        parameters: Parameters<CryptoEngine['decryptEncryptedContentInfo']>[0],
      ) {
        const info = parameters.encryptedContentInfo;
        if (info.contentEncryptionAlgorithm.algorithmId !== OID.tripleDesPbe)
          return super.decryptEncryptedContentInfo(parameters);
        const [salt, iterations] = (info.contentEncryptionAlgorithm.algorithmParams as Sequence).valueBlock.value as [
          OctetString,
          Integer,
        ];
        const plain = tripleDesPbe(
          'decrypt',
          parameters.password,
          salt.valueBlock.valueHexView,
          iterations.valueBlock.valueDec,
          info.getEncryptedContent(),
        );
        return toArrayBuffer(plain);
      }
    }
    return {
      pkijs,
      asn1js,
      engine: new Pkcs12Engine({
        name: 'certwright',
        crypto: webcrypto,
      }),
    };
  })();
  return loaded;
}

/**
 * A PKCS#12 file (RFC 7292) of the key and the full chain, as Windows/IIS, Azure Key Vault
 * and Java import it: the certificates in one password-encrypted safe, the key in a shrouded
 * key bag, the leaf and the key linked by localKeyId (the leaf's SHA-1, as OpenSSL sets it)
 * and named by friendlyName, and a password MAC over it all. Returns the DER bytes.
 */
export async function buildPfx(
  files: Pick<CertificateFiles, 'privkey' | 'cert' | 'chain'>,
  settings: PfxSettings,
): Promise<Uint8Array> {
  const { pkijs, asn1js, engine } = await loadPkcs12();
  const scheme = settings.legacy ? SCHEMES.legacy : SCHEMES.modern;
  const password = passwordBytes(settings.password);
  const encryption = {
    password,
    contentEncryptionAlgorithm: scheme.encryption,
    hmacHashAlgorithm: scheme.prfHash,
    iterationCount: ITERATIONS,
  };
  const [leaf, ...issuers] = [...pemToDer(files.cert, 'CERTIFICATE'), ...pemToDer(files.chain, 'CERTIFICATE')];
  if (!leaf) throw new Error('pkcs12: no certificate to put in the PFX');
  const attributes = [
    new pkijs.Attribute({ type: OID.friendlyName, values: [new asn1js.BmpString({ value: settings.friendlyName })] }),
    new pkijs.Attribute({
      type: OID.localKeyId,
      values: [new asn1js.OctetString({ valueHex: createHash('sha1').update(leaf).digest() })],
    }),
  ];
  const certBags = [leaf, ...issuers].map(
    (der, index) =>
      new pkijs.SafeBag({
        bagId: OID.certBag,
        bagValue: new pkijs.CertBag({
          certId: OID.x509Certificate,
          certValue: new asn1js.OctetString({ valueHex: der }),
        }),
        ...(index === 0 ? { bagAttributes: attributes } : {}),
      }),
  );
  const certSafe = await engine.encryptEncryptedContentInfo({
    ...encryption,
    contentType: OID.data,
    contentToEncrypt: toBer(new pkijs.SafeContents({ safeBags: certBags })),
  });
  const keyDer = createPrivateKey(files.privkey).export({ type: 'pkcs8', format: 'der' });
  const key = await engine.encryptEncryptedContentInfo({
    ...encryption,
    contentType: OID.data,
    contentToEncrypt: toArrayBuffer(keyDer),
  });
  const keyBag = new pkijs.SafeBag({
    bagId: OID.keyBag,
    bagValue: new pkijs.PKCS8ShroudedKeyBag({
      encryptionAlgorithm: key.contentEncryptionAlgorithm,
      ...(key.encryptedContent ? { encryptedData: key.encryptedContent } : {}),
    }),
    bagAttributes: attributes,
  });
  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    safeContents: [
      new pkijs.ContentInfo({
        contentType: OID.encryptedData,
        content: new pkijs.EncryptedData({ encryptedContentInfo: certSafe }).toSchema(),
      }),
      new pkijs.ContentInfo({
        contentType: OID.data,
        content: new asn1js.OctetString({ valueHex: toBer(new pkijs.SafeContents({ safeBags: [keyBag] })) }),
      }),
    ],
  });
  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues(
    {
      password,
      iterations: ITERATIONS,
      hmacHashAlgorithm: scheme.macHash,
      pbkdf2HashAlgorithm: { name: scheme.macHash },
    },
    engine,
  );
  return new Uint8Array(toBer(pfx));
}

/**
 * Whether `der` is a PFX that opens with the settings' password, is protected as they ask
 * (modern or legacy), and holds exactly this key and chain: then rewriting it would change
 * nothing a user relies on (its salts are random, so its bytes always would).
 */
export async function pfxHolds(
  der: Uint8Array,
  files: Pick<CertificateFiles, 'privkey' | 'cert' | 'chain'>,
  settings: PfxSettings,
): Promise<boolean> {
  const scheme = settings.legacy ? SCHEMES.legacy : SCHEMES.modern;
  let opened: OpenedPfx;
  try {
    opened = await openPfx(der, passwordBytes(settings.password));
  } catch {
    return false; // not a PFX, another password, or contents it cannot read: write it anew
  }
  const key = createPrivateKey(files.privkey).export({ type: 'pkcs8', format: 'der' });
  const certificates = [...pemToDer(files.cert, 'CERTIFICATE'), ...pemToDer(files.chain, 'CERTIFICATE')];
  return (
    opened.macOid === scheme.macOid &&
    opened.encryptionOids.length > 0 &&
    opened.encryptionOids.every((oid) => oid === scheme.encryptionOid) &&
    opened.keys.length === 1 &&
    sameBytes(opened.keys[0], key) &&
    opened.certificates.length === certificates.length &&
    opened.certificates.every((certificate, i) => sameBytes(certificate, certificates[i]))
  );
}

interface OpenedPfx {
  readonly macOid: string | undefined;
  /** Of the encrypted safes and the shrouded key bags. */
  readonly encryptionOids: string[];
  /** DER, in the file's order. */
  readonly certificates: Buffer[];
  /** PKCS#8 DER. */
  readonly keys: Buffer[];
}

/** Checks the MAC of a PFX and decrypts what it holds; throws when `password` does not open it. */
async function openPfx(der: Uint8Array, password: ArrayBuffer): Promise<OpenedPfx> {
  const { pkijs, engine } = await loadPkcs12();
  const pfx = pkijs.PFX.fromBER(toArrayBuffer(der));
  await pfx.parseInternalValues({ password, checkIntegrity: true }, engine);
  const opened: OpenedPfx = {
    macOid: pfx.macData?.mac.digestAlgorithm.algorithmId,
    encryptionOids: [],
    certificates: [],
    keys: [],
  };
  for (const info of pfx.parsedValue?.authenticatedSafe?.safeContents ?? []) {
    let contents: ArrayBuffer;
    if (info.contentType === OID.encryptedData) {
      const encrypted = new pkijs.EncryptedData({ schema: info.content });
      opened.encryptionOids.push(encrypted.encryptedContentInfo.contentEncryptionAlgorithm.algorithmId);
      contents = await encrypted.decrypt({ password }, engine);
    } else if (info.contentType === OID.data) {
      contents = (info.content as OctetString).getValue();
    } else {
      throw new Error(`pkcs12: a safe of content type ${info.contentType}, which certwright does not write`);
    }
    for (const { bagValue } of pkijs.SafeContents.fromBER(contents).safeBags) {
      if (bagValue instanceof pkijs.CertBag)
        opened.certificates.push(Buffer.from((bagValue.certValue as OctetString).valueBlock.valueHexView));
      if (bagValue instanceof pkijs.PKCS8ShroudedKeyBag) {
        opened.encryptionOids.push(bagValue.encryptionAlgorithm.algorithmId);
        const encryptedContentInfo = new pkijs.EncryptedContentInfo({
          contentEncryptionAlgorithm: bagValue.encryptionAlgorithm,
          encryptedContent: bagValue.encryptedData,
        });
        opened.keys.push(Buffer.from(await engine.decryptEncryptedContentInfo({ password, encryptedContentInfo })));
      }
    }
  }
  return opened;
}

/**
 * The password as PBES2 takes it (its UTF-8 bytes, as OpenSSL passes them); pkijs turns it
 * into the BMPString that the PKCS#12 MAC key derivation takes.
 */
function passwordBytes(password: string): ArrayBuffer {
  return toArrayBuffer(new TextEncoder().encode(password));
}

/** A copy of `bytes` in an ArrayBuffer of its own, as pkijs takes them. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

function toBer(value: { toSchema(): { toBER(sizeOnly?: boolean): ArrayBuffer } }): ArrayBuffer {
  return value.toSchema().toBER(false);
}

function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && timingSafeEqual(a, b);
}

/** pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 appendix C): 3DES-CBC with key and IV from the PKCS#12 KDF over SHA-1. */
function tripleDesPbe(
  direction: 'encrypt' | 'decrypt',
  password: ArrayBuffer,
  salt: Uint8Array,
  iterations: number,
  data: ArrayBuffer | Uint8Array,
): Buffer {
  const text = new TextDecoder().decode(password);
  const key = pkcs12Kdf(text, salt, iterations, 1, 24);
  const iv = pkcs12Kdf(text, salt, iterations, 2, 8);
  const cipher =
    direction === 'encrypt' ? createCipheriv('des-ede3-cbc', key, iv) : createDecipheriv('des-ede3-cbc', key, iv);
  return Buffer.concat([cipher.update(new Uint8Array(data)), cipher.final()]);
}

/**
 * The PKCS#12 key derivation (RFC 7292 appendix B.2) with SHA-1: `id` 1 derives a key, 2 an
 * IV. The password is a BMPString (UTF-16BE) with its two-byte terminator, as OpenSSL and
 * Windows read it.
 */
function pkcs12Kdf(password: string, salt: Uint8Array, iterations: number, id: number, length: number): Buffer {
  const v = 64; // SHA-1's block size
  const u = 20; // and its digest size
  const bmp = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) bmp.writeUInt16BE(password.charCodeAt(i), i * 2);
  const fill = (data: Uint8Array) =>
    Buffer.from(Array.from({ length: v * Math.ceil(data.length / v) }, (_, i) => data[i % data.length] ?? 0));
  const input = Buffer.concat([fill(salt), fill(bmp)]);
  const blocks: Buffer[] = [];
  for (let size = 0; size < length; size += u) {
    let digest = createHash('sha1').update(Buffer.alloc(v, id)).update(input).digest();
    for (let i = 1; i < iterations; i++) digest = createHash('sha1').update(digest).digest();
    blocks.push(digest);
    // Each v-byte block of the input becomes (block + B + 1) mod 2^(8v), B being the digest repeated.
    for (let start = 0; start < input.length; start += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (input[start + k] ?? 0) + (digest[k % digest.length] ?? 0) + carry;
        input[start + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}
