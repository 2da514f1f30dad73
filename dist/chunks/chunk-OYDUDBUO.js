import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/dns/names.ts
import { domainToASCII } from "node:url";
function normalizeName(name) {
  const trimmed = name.trim().replace(/\.$/, "").toLowerCase();
  if (!new RegExp("\\P{ASCII}", "u").test(trimmed)) return trimmed;
  const wildcard = trimmed.startsWith("*.");
  const ascii = domainToASCII(wildcard ? trimmed.slice(2) : trimmed);
  return ascii === "" ? trimmed : (wildcard ? "*." : "") + ascii;
}
function domainNameProblem(name) {
  if (name === "") return "it is empty";
  const body = name.startsWith("*.") ? name.slice(2) : name;
  if (body.includes("*")) return "a wildcard must be the whole left-most label, as in *.example.com";
  if (name.length > 253) return "it is longer than 253 characters";
  const labels = body.split(".");
  if (labels.length < 2) return "it needs at least two labels, as in example.com";
  for (const label of labels) {
    if (label === "") return "it has an empty label (two dots in a row, or a leading dot)";
    if (label.length > 63) return `the label "${label.slice(0, 20)}\u2026" is longer than 63 characters`;
    if (!/^[a-z0-9-]+$/.test(label))
      return `the label "${label}" has characters other than letters, digits and hyphens`;
    if (label.startsWith("-") || label.endsWith("-")) return `the label "${label}" starts or ends with a hyphen`;
  }
  if (/^\d+$/.test(labels.at(-1) ?? "")) return "it looks like an IP address; certwright issues for DNS names only";
  return void 0;
}
function challengeRecordName(domain) {
  return `_acme-challenge.${domain.startsWith("*.") ? domain.slice(2) : domain}`;
}
function isInZone(name, zone) {
  const n = name.toLowerCase().replace(/\.$/, "");
  const z = zone.toLowerCase().replace(/\.$/, "");
  return z === "" || n === z || n.endsWith(`.${z}`);
}
function hostNameProblem(name) {
  if (name === "") return "it is empty";
  if (Buffer.byteLength(name) > 253) return "it is longer than 253 octets";
  for (const label of name.split(".")) {
    if (label === "") return "it has an empty label";
    if (Buffer.byteLength(label) > 63) return "a label is longer than 63 octets";
    if (!/^[A-Za-z0-9_-]+$/.test(label)) return "a label has characters other than letters, digits, '-' and '_'";
  }
  return void 0;
}
function quotedName(text) {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
function selfAndParents(name) {
  const labels = name.split(".");
  return labels.map((_, i) => labels.slice(i).join("."));
}

export {
  normalizeName,
  domainNameProblem,
  challengeRecordName,
  isInZone,
  hostNameProblem,
  quotedName,
  selfAndParents
};
