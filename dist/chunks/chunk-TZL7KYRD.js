import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  pemToDer
} from "./chunk-DQUHBUNO.js";

// src/crypto/pkcs12.ts
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  randomBytes,
  timingSafeEqual,
  webcrypto
} from "node:crypto";
var ITERATIONS = 2048;
var TRIPLE_DES_PBE = "pbeWithSHAAnd3-KeyTripleDES-CBC";
var OID = {
  data: "1.2.840.113549.1.7.1",
  encryptedData: "1.2.840.113549.1.7.6",
  pbes2: "1.2.840.113549.1.5.13",
  tripleDesPbe: "1.2.840.113549.1.12.1.3",
  keyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  friendlyName: "1.2.840.113549.1.9.20",
  localKeyId: "1.2.840.113549.1.9.21",
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1"
};
var SCHEMES = {
  modern: {
    encryption: { name: "AES-CBC", length: 256 },
    prfHash: "SHA-256",
    encryptionOid: OID.pbes2,
    macHash: "SHA-256",
    macOid: OID.sha256
  },
  legacy: {
    encryption: { name: TRIPLE_DES_PBE },
    prfHash: "SHA-1",
    encryptionOid: OID.tripleDesPbe,
    macHash: "SHA-1",
    macOid: OID.sha1
  }
};
var loaded;
function loadPkcs12() {
  loaded ??= (async () => {
    const [pkijs, asn1js] = await Promise.all([import("./build-YF5ABABN.js"), import("./build-A435MLGF.js")]);
    class Pkcs12Engine extends pkijs.CryptoEngine {
      async encryptEncryptedContentInfo(parameters) {
        let algorithm;
        let encrypted;
        if (parameters.contentEncryptionAlgorithm.name === TRIPLE_DES_PBE) {
          const salt = randomBytes(8);
          const params = new asn1js.Sequence({
            value: [
              new asn1js.OctetString({ valueHex: salt }),
              new asn1js.Integer({ value: parameters.iterationCount })
            ]
          });
          algorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.tripleDesPbe, algorithmParams: params });
          encrypted = tripleDesPbe(
            "encrypt",
            parameters.password,
            salt,
            parameters.iterationCount,
            parameters.contentToEncrypt
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
          disableSplit: true
        });
      }
      async decryptEncryptedContentInfo(parameters) {
        const info = parameters.encryptedContentInfo;
        if (info.contentEncryptionAlgorithm.algorithmId !== OID.tripleDesPbe)
          return super.decryptEncryptedContentInfo(parameters);
        const [salt, iterations] = info.contentEncryptionAlgorithm.algorithmParams.valueBlock.value;
        const plain = tripleDesPbe(
          "decrypt",
          parameters.password,
          salt.valueBlock.valueHexView,
          iterations.valueBlock.valueDec,
          info.getEncryptedContent()
        );
        return toArrayBuffer(plain);
      }
    }
    return {
      pkijs,
      asn1js,
      engine: new Pkcs12Engine({
        name: "certwright",
        crypto: webcrypto
      })
    };
  })();
  return loaded;
}
async function buildPfx(files, settings) {
  const { pkijs, asn1js, engine } = await loadPkcs12();
  const scheme = settings.legacy ? SCHEMES.legacy : SCHEMES.modern;
  const password = passwordBytes(settings.password);
  const encryption = {
    password,
    contentEncryptionAlgorithm: scheme.encryption,
    hmacHashAlgorithm: scheme.prfHash,
    iterationCount: ITERATIONS
  };
  const [leaf, ...issuers] = [...pemToDer(files.cert, "CERTIFICATE"), ...pemToDer(files.chain, "CERTIFICATE")];
  if (!leaf) throw new Error("pkcs12: no certificate to put in the PFX");
  const attributes = [
    new pkijs.Attribute({ type: OID.friendlyName, values: [new asn1js.BmpString({ value: settings.friendlyName })] }),
    new pkijs.Attribute({
      type: OID.localKeyId,
      values: [new asn1js.OctetString({ valueHex: createHash("sha1").update(leaf).digest() })]
    })
  ];
  const certBags = [leaf, ...issuers].map(
    (der, index) => new pkijs.SafeBag({
      bagId: OID.certBag,
      bagValue: new pkijs.CertBag({
        certId: OID.x509Certificate,
        certValue: new asn1js.OctetString({ valueHex: der })
      }),
      ...index === 0 ? { bagAttributes: attributes } : {}
    })
  );
  const certSafe = await engine.encryptEncryptedContentInfo({
    ...encryption,
    contentType: OID.data,
    contentToEncrypt: toBer(new pkijs.SafeContents({ safeBags: certBags }))
  });
  const keyDer = createPrivateKey(files.privkey).export({ type: "pkcs8", format: "der" });
  const key = await engine.encryptEncryptedContentInfo({
    ...encryption,
    contentType: OID.data,
    contentToEncrypt: toArrayBuffer(keyDer)
  });
  const keyBag = new pkijs.SafeBag({
    bagId: OID.keyBag,
    bagValue: new pkijs.PKCS8ShroudedKeyBag({
      encryptionAlgorithm: key.contentEncryptionAlgorithm,
      ...key.encryptedContent ? { encryptedData: key.encryptedContent } : {}
    }),
    bagAttributes: attributes
  });
  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    safeContents: [
      new pkijs.ContentInfo({
        contentType: OID.encryptedData,
        content: new pkijs.EncryptedData({ encryptedContentInfo: certSafe }).toSchema()
      }),
      new pkijs.ContentInfo({
        contentType: OID.data,
        content: new asn1js.OctetString({ valueHex: toBer(new pkijs.SafeContents({ safeBags: [keyBag] })) })
      })
    ]
  });
  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues(
    {
      password,
      iterations: ITERATIONS,
      hmacHashAlgorithm: scheme.macHash,
      pbkdf2HashAlgorithm: { name: scheme.macHash }
    },
    engine
  );
  return new Uint8Array(toBer(pfx));
}
async function pfxHolds(der, files, settings) {
  const scheme = settings.legacy ? SCHEMES.legacy : SCHEMES.modern;
  let opened;
  try {
    opened = await openPfx(der, passwordBytes(settings.password));
  } catch {
    return false;
  }
  const key = createPrivateKey(files.privkey).export({ type: "pkcs8", format: "der" });
  const certificates = [...pemToDer(files.cert, "CERTIFICATE"), ...pemToDer(files.chain, "CERTIFICATE")];
  return opened.macOid === scheme.macOid && opened.encryptionOids.length > 0 && opened.encryptionOids.every((oid) => oid === scheme.encryptionOid) && opened.keys.length === 1 && sameBytes(opened.keys[0], key) && opened.certificates.length === certificates.length && opened.certificates.every((certificate, i) => sameBytes(certificate, certificates[i]));
}
async function openPfx(der, password) {
  const { pkijs, engine } = await loadPkcs12();
  const pfx = pkijs.PFX.fromBER(toArrayBuffer(der));
  await pfx.parseInternalValues({ password, checkIntegrity: true }, engine);
  const opened = {
    macOid: pfx.macData?.mac.digestAlgorithm.algorithmId,
    encryptionOids: [],
    certificates: [],
    keys: []
  };
  for (const info of pfx.parsedValue?.authenticatedSafe?.safeContents ?? []) {
    let contents;
    if (info.contentType === OID.encryptedData) {
      const encrypted = new pkijs.EncryptedData({ schema: info.content });
      opened.encryptionOids.push(encrypted.encryptedContentInfo.contentEncryptionAlgorithm.algorithmId);
      contents = await encrypted.decrypt({ password }, engine);
    } else if (info.contentType === OID.data) {
      contents = info.content.getValue();
    } else {
      throw new Error(`pkcs12: a safe of content type ${info.contentType}, which certwright does not write`);
    }
    for (const { bagValue } of pkijs.SafeContents.fromBER(contents).safeBags) {
      if (bagValue instanceof pkijs.CertBag)
        opened.certificates.push(Buffer.from(bagValue.certValue.valueBlock.valueHexView));
      if (bagValue instanceof pkijs.PKCS8ShroudedKeyBag) {
        opened.encryptionOids.push(bagValue.encryptionAlgorithm.algorithmId);
        const encryptedContentInfo = new pkijs.EncryptedContentInfo({
          contentEncryptionAlgorithm: bagValue.encryptionAlgorithm,
          encryptedContent: bagValue.encryptedData
        });
        opened.keys.push(Buffer.from(await engine.decryptEncryptedContentInfo({ password, encryptedContentInfo })));
      }
    }
  }
  return opened;
}
function passwordBytes(password) {
  return toArrayBuffer(new TextEncoder().encode(password));
}
function toArrayBuffer(bytes) {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}
function toBer(value) {
  return value.toSchema().toBER(false);
}
function sameBytes(a, b) {
  return a !== void 0 && b !== void 0 && a.length === b.length && timingSafeEqual(a, b);
}
function tripleDesPbe(direction, password, salt, iterations, data) {
  const text = new TextDecoder().decode(password);
  const key = pkcs12Kdf(text, salt, iterations, 1, 24);
  const iv = pkcs12Kdf(text, salt, iterations, 2, 8);
  const cipher = direction === "encrypt" ? createCipheriv("des-ede3-cbc", key, iv) : createDecipheriv("des-ede3-cbc", key, iv);
  return Buffer.concat([cipher.update(new Uint8Array(data)), cipher.final()]);
}
function pkcs12Kdf(password, salt, iterations, id, length) {
  const v = 64;
  const u = 20;
  const bmp = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) bmp.writeUInt16BE(password.charCodeAt(i), i * 2);
  const fill = (data) => Buffer.from(Array.from({ length: v * Math.ceil(data.length / v) }, (_, i) => data[i % data.length] ?? 0));
  const input = Buffer.concat([fill(salt), fill(bmp)]);
  const blocks = [];
  for (let size = 0; size < length; size += u) {
    let digest = createHash("sha1").update(Buffer.alloc(v, id)).update(input).digest();
    for (let i = 1; i < iterations; i++) digest = createHash("sha1").update(digest).digest();
    blocks.push(digest);
    for (let start = 0; start < input.length; start += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (input[start + k] ?? 0) + (digest[k % digest.length] ?? 0) + carry;
        input[start + k] = sum & 255;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}

export {
  buildPfx,
  pfxHolds
};
