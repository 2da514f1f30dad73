import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/crypto/pem.ts
function splitPemCertificates(pem) {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((block) => `${block}
`) ?? [];
}
function pemToDer(pem, label) {
  const blocks = pem.matchAll(new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`, "g"));
  return [...blocks].map((block) => Buffer.from((block[1] ?? "").replace(/\s+/g, ""), "base64"));
}
function derToPem(der, label) {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString("base64");
  const lines = [];
  for (let at = 0; at < base64.length; at += 64) lines.push(base64.slice(at, at + 64));
  return `-----BEGIN ${label}-----
${lines.join("\n")}
-----END ${label}-----
`;
}
function canonicalChainPem(pem) {
  return pemToDer(pem, "CERTIFICATE").map((der) => derToPem(der, "CERTIFICATE")).join("");
}

export {
  splitPemCertificates,
  pemToDer,
  derToPem,
  canonicalChainPem
};
