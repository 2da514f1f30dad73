import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/net/loopback.ts
import { isIP } from "node:net";
function isLoopbackHost(hostname) {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return isIP(host) === 6 && (host === "::1" || host === "0:0:0:0:0:0:0:1");
}

// src/options/parse.ts
function optionalOption(values, name) {
  const value = values[name]?.trim();
  return value ? value : void 0;
}
function requireOption(values, name, expected) {
  const value = optionalOption(values, name);
  if (!value) throw new Error(`${name}: missing; expected ${expected}`);
  return value;
}
function booleanOption(values, name, fallback, expected = "true or false") {
  const text = optionalOption(values, name)?.toLowerCase();
  if (text === void 0) return fallback;
  if (["true", "yes", "1"].includes(text)) return true;
  if (["false", "no", "0"].includes(text)) return false;
  throw new Error(`${name}: "${text}" is not a boolean; expected ${expected}`);
}
function integerOption(values, name, fallback, min, max, unit, hint) {
  const text = optionalOption(values, name) ?? String(fallback);
  const number = Number(text);
  if (/^\d+$/.test(text) && number >= min && number <= max) return number;
  const expected = `expected whole ${unit} from ${min} to ${max}`;
  throw new Error(
    hint ? `${name}: "${text}" is not supported; ${expected}, ${hint}` : `${name}: "${text}" is out of range; ${expected}`
  );
}
function secondsOption(values, name, fallback) {
  const text = optionalOption(values, name) ?? fallback;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds <= 0)
    throw new Error(`${name}: "${text}" is not a duration; expected seconds, such as ${fallback}`);
  return Math.round(seconds * 1e3);
}
function listOption(values, name) {
  return splitList(values[name]);
}
function splitList(text) {
  return (text ?? "").split(/[\s,]+/).filter((item) => item !== "");
}
function refusePlainHttp(name, url, what) {
  refuseHttpOffLoopback(name, url, `so ${what} would cross the network readable`, "a loopback address");
}
function refuseHttpOffLoopback(name, url, why, loopback) {
  if (url.protocol !== "http:" || isLoopbackHost(url.hostname)) return;
  const shown = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  throw new Error(
    `${name}: ${shown} is plain http, ${why}; use https (plain http only for ${loopback} such as 127.0.0.1)`
  );
}
var acceptedUrls = /* @__PURE__ */ new Set();
function parseUrl(name, text, rule) {
  const accepted = `${rule.credentialsGo === void 0 ? "any" : "bare"} ${text}`;
  if (acceptedUrls.has(accepted)) return text;
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${name}: "${text}" is not a URL; expected ${rule.expected}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(`${name}: "${text}" is not an http(s) URL; expected ${rule.expected}`);
  if (rule.credentialsGo !== void 0 && (url.username || url.password))
    throw new Error(`${name}: the URL carries credentials; ${rule.credentialsGo}`);
  refuseHttpOffLoopback(name, url, rule.plainHttp, rule.loopback ?? "a loopback address");
  acceptedUrls.add(accepted);
  return text;
}
function urlOption(values, name, example) {
  const text = optionalOption(values, name);
  if (text === void 0) return void 0;
  const url = parseUrl(name, text, {
    expected: `one such as ${example}`,
    plainHttp: "so the provider's credentials would cross the network readable",
    credentialsGo: "pass them through the provider's credential inputs instead"
  });
  return url.replace(/\/+$/, "");
}
function parseJsonSecret(source, text, expected) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${source}: not valid JSON; expected ${expected}`);
  }
}

export {
  isLoopbackHost,
  optionalOption,
  requireOption,
  booleanOption,
  integerOption,
  secondsOption,
  listOption,
  splitList,
  refusePlainHttp,
  parseUrl,
  urlOption,
  parseJsonSecret
};
