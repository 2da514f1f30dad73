import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/acme/http.ts
import http from "node:http";
import https from "node:https";
import tls from "node:tls";
function createHttpClient(options) {
  const secureContext = options.extraCaPem ? tls.createSecureContext({ ca: [...tls.rootCertificates, options.extraCaPem] }) : void 0;
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8, ...secureContext ? { secureContext } : {} });
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const timeoutMs = options.timeoutMs ?? 3e4;
  return (request) => new Promise((resolve, reject) => {
    const target = new URL(request.url);
    const isHttps = target.protocol === "https:";
    if (!isHttps && target.protocol !== "http:") {
      reject(new Error(`http: unsupported URL scheme in ${request.url}; expected https:// or http://`));
      return;
    }
    const headers = { "user-agent": options.userAgent, ...request.headers };
    if (request.body !== void 0) headers["content-length"] = String(Buffer.byteLength(request.body));
    const req = (isHttps ? https : http).request(
      target,
      { method: request.method, headers, agent: isHttps ? httpsAgent : httpAgent, timeout: timeoutMs },
      (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on(
          "end",
          () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: request.url })
        );
        res.on("error", reject);
      }
    );
    req.on("timeout", () => req.destroy(new Error(`http: ${request.method} ${request.url} timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    if (request.body !== void 0) req.write(request.body);
    req.end();
  });
}
function parseLinks(response) {
  const raw = response.headers.link;
  const values = raw === void 0 ? [] : Array.isArray(raw) ? raw : [raw];
  const links = [];
  for (const value of values) {
    for (const match of value.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
      const rel = /;\s*rel="?([^";,]+)"?/i.exec(match[2] ?? "");
      if (rel?.[1]) links.push({ url: new URL(match[1] ?? "", response.url).toString(), rel: rel[1] });
    }
  }
  return links;
}
function retryAfterMs(response, now) {
  const value = response.headers["retry-after"];
  if (typeof value !== "string" || value.trim() === "") return void 0;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1e3;
  const date = Date.parse(value);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - now);
}

export {
  createHttpClient,
  parseLinks,
  retryAfterMs
};
