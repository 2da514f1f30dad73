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
  const body = Buffer.from(der).toString("base64").replace(/(.{64})(?=.)/g, "$1\n");
  return `-----BEGIN ${label}-----
${body}
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
