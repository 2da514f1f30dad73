import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  silentLogger
} from "./chunk-HXHQ2ZRY.js";

// src/net/http.ts
import http2 from "node:http";
import https2 from "node:https";
import tls2 from "node:tls";
import { X509Certificate } from "node:crypto";

// src/net/proxy.ts
import http from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
function proxyFor(target, env) {
  const scheme = target.protocol === "https:" ? "https" : target.protocol === "http:" ? "http" : void 0;
  if (scheme === void 0) return void 0;
  const lower = `${scheme}_proxy`;
  const upper = lower.toUpperCase();
  const variable = env[lower] !== void 0 ? lower : upper;
  const value = env[variable]?.trim();
  if (!value) return void 0;
  if (bypassesProxy(target, env.no_proxy ?? env.NO_PROXY ?? "")) return void 0;
  return parseProxyUrl(value, variable);
}
function redactCredentials(url) {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/i, (_, scheme) => `${scheme ?? ""}***@`);
}
function parseProxyUrl(value, variable) {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(
      `proxy: ${variable} is not a valid URL: "${redactCredentials(withScheme)}"; expected http://[user:password@]host[:port]`
    );
  }
  const credentials = url.username !== "" || url.password !== "";
  const port = url.port === "" ? 80 : Number(url.port);
  const display = `http://${credentials ? "***@" : ""}${url.hostname}:${port}`;
  if (url.protocol !== "http:") {
    throw new Error(
      `proxy: ${variable} must be an http:// proxy URL; got ${url.protocol}//${credentials ? "***@" : ""}${url.host} (${url.protocol.slice(0, -1)} proxies are not supported)`
    );
  }
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const route = { host, port, variable, display };
  return credentials ? { ...route, authorization: basicAuthorization(url, variable) } : route;
}
function basicAuthorization(url, variable) {
  try {
    const userPass = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    return `Basic ${Buffer.from(userPass, "utf8").toString("base64")}`;
  } catch (cause) {
    throw new Error(
      `proxy: the credentials in ${variable} are not valid percent-encoding; encode special characters (%40 for @)`,
      { cause }
    );
  }
}
function bypassesProxy(target, noProxy) {
  const host = normalizeHost(target.hostname);
  const port = Number(target.port || (target.protocol === "https:" ? 443 : 80));
  return noProxy.split(/[\s,]+/).filter((entry) => entry !== "").some((entry) => entryMatches(entry.toLowerCase(), host, port));
}
function entryMatches(entry, host, port) {
  if (entry === "*") return true;
  const parsed = splitPort(entry);
  if (parsed === void 0 || parsed.port !== void 0 && parsed.port !== port) return false;
  const pattern = parsed.host;
  const slash = pattern.indexOf("/");
  if (slash >= 0) return inIpv4Cidr(host, pattern.slice(0, slash), pattern.slice(slash + 1));
  if (net.isIP(pattern) !== 0) return net.isIP(host) !== 0 && normalizeHost(pattern) === host;
  if (net.isIP(host) !== 0) return false;
  const domain = normalizeHost(pattern.replace(/^\*?\./, ""));
  return domain !== "" && (host === domain || host.endsWith(`.${domain}`));
}
function splitPort(entry) {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed)
    return bracketed[2] === void 0 ? { host: bracketed[1] ?? "" } : { host: bracketed[1] ?? "", port: Number(bracketed[2]) };
  if (entry.startsWith("[")) return void 0;
  const colons = entry.split(":").length - 1;
  if (colons !== 1) return { host: entry };
  const [host = "", port = ""] = entry.split(":");
  return /^\d+$/.test(port) ? { host, port: Number(port) } : void 0;
}
function normalizeHost(host) {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
  if (net.isIPv6(bare)) return new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  return bare;
}
function inIpv4Cidr(host, network, bits) {
  if (!net.isIPv4(host) || !net.isIPv4(network) || !/^\d+$/.test(bits) || Number(bits) > 32) return false;
  const prefix = Number(bits);
  const mask = prefix === 0 ? 0 : 4294967295 << 32 - prefix >>> 0;
  return (ipv4ToNumber(host) & mask) >>> 0 === (ipv4ToNumber(network) & mask) >>> 0;
}
function ipv4ToNumber(address) {
  return address.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
}
function authorityOf(host, port) {
  return `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
}
var HttpsProxyAgent = class extends https.Agent {
  #route;
  #connectTimeoutMs;
  constructor(route, options) {
    const { connectTimeoutMs, ...agentOptions } = options;
    super(agentOptions);
    this.#route = route;
    this.#connectTimeoutMs = connectTimeoutMs;
  }
  /** Node's agent accepts the socket through `callback` when this returns undefined. */
  createConnection(options, callback) {
    const done = callback;
    const host = options.host ?? options.hostname ?? "localhost";
    const port = Number(options.port ?? 443);
    openTunnel(this.#route, authorityOf(host, port), this.#connectTimeoutMs).then(
      (socket) => {
        const tlsSocket = tls.connect({
          socket,
          host,
          // SNI carries names only; for an address the certificate is checked against `host`.
          ...net.isIP(host) === 0 ? { servername: options.servername || host } : {},
          ...options.secureContext ? { secureContext: options.secureContext } : {},
          ...options.ca ? { ca: options.ca } : {},
          ...options.rejectUnauthorized !== void 0 ? { rejectUnauthorized: options.rejectUnauthorized } : {}
        });
        done?.(null, tlsSocket);
      },
      (error) => done?.(error)
    );
    return void 0;
  }
};
function openTunnel(route, authority, timeoutMs) {
  const proxy = `proxy: ${route.display} (from ${route.variable})`;
  return new Promise((resolve, reject) => {
    const headers = { host: authority };
    if (route.authorization) headers["proxy-authorization"] = route.authorization;
    const request = http.request({
      host: route.host,
      port: route.port,
      method: "CONNECT",
      path: authority,
      headers,
      agent: false
    });
    const timer = setTimeout(
      () => request.destroy(new Error(`${proxy} did not set up a tunnel to ${authority} within ${timeoutMs} ms`)),
      timeoutMs
    );
    request.once("connect", (response, socket) => {
      clearTimeout(timer);
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        socket.setNoDelay(true);
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(
        new Error(
          `${proxy} refused CONNECT to ${authority}: HTTP ${status} ${response.statusMessage ?? ""}`.trimEnd() + refusalHint(status, route)
        )
      );
    });
    request.once("error", (error) => {
      clearTimeout(timer);
      reject(
        error.message.startsWith("proxy: ") ? error : new Error(`${proxy} could not be reached for CONNECT to ${authority}`, { cause: error })
      );
    });
    request.end();
  });
}
function refusalHint(status, route) {
  if (status !== 407) return "";
  return route.authorization ? `; check the proxy credentials in ${route.variable}` : `; the proxy wants credentials: set ${route.variable} to http://user:password@host:port`;
}

// src/net/http.ts
var REDIRECT_STATUSES = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
var PORTABLE_HEADERS = /* @__PURE__ */ new Set([
  "accept",
  "accept-encoding",
  "accept-language",
  "user-agent"
]);
var POOL = { keepAlive: true, maxSockets: 8 };
var DEFAULT_DEADLINE_MS = 6e4;
var DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
function createHttpClient(options) {
  const logger = options.logger ?? silentLogger;
  const secureContext = options.extraCaPem || options.clientCertificate ? buildSecureContext(options.extraCaPem, logger, options.clientCertificate) : void 0;
  return followingRedirects(new Transport(options, secureContext), options.maxRedirects ?? 5);
}
var HttpClients = class {
  #options;
  #clients = /* @__PURE__ */ new Map();
  #tlsContextsBuilt = 0;
  constructor(options) {
    this.#options = options;
  }
  /** The client trusting the system roots plus `extraCaPem` (none: system roots only); memoized by PEM content. */
  forTrust(extraCaPem) {
    const pem = extraCaPem?.trim() ?? "";
    const known = this.#clients.get(pem);
    if (known) return known;
    let secureContext;
    if (pem !== "") {
      secureContext = buildSecureContext(pem, this.#options.logger ?? silentLogger);
      this.#tlsContextsBuilt++;
    }
    const client = followingRedirects(new Transport(this.#options, secureContext), this.#options.maxRedirects ?? 5);
    this.#clients.set(pem, client);
    return client;
  }
  /** How many TLS secure contexts were built so far (tests count them). */
  get tlsContextsBuilt() {
    return this.#tlsContextsBuilt;
  }
};
function buildSecureContext(extraCaPem, logger, identity) {
  const blocks = extraCaPem === void 0 ? [] : extraCaPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  for (const block of blocks ?? [null]) {
    try {
      if (block === null) throw new Error("no PEM certificate block");
      new X509Certificate(block);
    } catch (cause) {
      throw new Error("http: the extra CA is not a valid PEM certificate", { cause });
    }
  }
  const context = withExtraCa(extraCaPem, identity) ?? fromPemStrings(extraCaPem, identity);
  logger.debug(
    `net: TLS context built (system roots${extraCaPem ? " + extra CA" : ""}${identity ? ", client certificate" : ""})`
  );
  return context;
}
function withExtraCa(extraCaPem, identity) {
  const context = withIdentity(identity, {});
  if (extraCaPem === void 0) return context;
  const native = context.context;
  if (typeof native?.addCACert !== "function") return void 0;
  native.addCACert(extraCaPem);
  return context;
}
function withIdentity(identity, options) {
  if (identity === void 0) return tls2.createSecureContext(options);
  try {
    return tls2.createSecureContext({ ...options, cert: identity.certPem, key: identity.keyPem });
  } catch (cause) {
    throw new Error("http: the client certificate or its key is not valid PEM, or they do not match", { cause });
  }
}
function fromPemStrings(extraCaPem, identity) {
  const defaults = tls2.getCACertificates?.("default") ?? tls2.rootCertificates;
  try {
    return withIdentity(identity, extraCaPem === void 0 ? {} : { ca: [...defaults, extraCaPem] });
  } catch (cause) {
    if (cause instanceof Error && cause.message.startsWith("http: ")) throw cause;
    throw new Error("http: the extra CA is not a valid PEM certificate", { cause });
  }
}
function describeUrl(url) {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(an invalid URL)";
  }
}
function followingRedirects(transport, maxRedirects) {
  return async (request) => {
    const original = new URL(request.url).origin;
    const follows = request.redirect !== "manual" && (request.method === "GET" || request.method === "HEAD");
    const deadlineMs = request.deadlineMs ?? transport.deadlineMs;
    const limits = {
      deadlineMs,
      deadlineAt: Date.now() + deadlineMs,
      maxBytes: request.maxResponseBytes ?? transport.maxResponseBytes
    };
    let hop = request;
    let leftOrigin = false;
    for (let redirects = 0; ; redirects++) {
      const response = await transport.send(hop, limits);
      const location = response.headers.location;
      if (!follows || !REDIRECT_STATUSES.has(response.status) || location === void 0) return response;
      if (redirects >= maxRedirects)
        throw new Error(`http: more than ${maxRedirects} redirects from ${describeUrl(request.url)}`);
      const next = redirectTarget(hop.url, location);
      leftOrigin ||= next.origin !== original;
      const headers = leftOrigin ? portableHeaders(request.headers) : request.headers;
      hop = { method: request.method, url: next.href, ...headers ? { headers } : {} };
    }
  };
}
function redirectTarget(from, location) {
  let next;
  try {
    next = new URL(location, from);
  } catch (cause) {
    throw new Error(`http: ${describeUrl(from)} redirected to an invalid Location`, { cause });
  }
  if (new URL(from).protocol === "https:" && next.protocol === "http:") {
    throw new Error(
      `http: refusing the redirect from ${describeUrl(from)} to ${describeUrl(next.href)}: it would downgrade HTTPS to plain HTTP`
    );
  }
  return next;
}
function portableHeaders(headers) {
  if (headers === void 0) return void 0;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => PORTABLE_HEADERS.has(name.toLowerCase())));
}
var Transport = class {
  #userAgent;
  #timeoutMs;
  deadlineMs;
  maxResponseBytes;
  #env;
  #logger;
  #secureContext;
  #directHttps;
  #directHttp = new http2.Agent(POOL);
  /** The proxy for each origin (undefined: direct), worked out and logged once. */
  #routes = /* @__PURE__ */ new Map();
  #proxyAgents = /* @__PURE__ */ new Map();
  constructor(options, secureContext) {
    this.#userAgent = options.userAgent;
    this.#timeoutMs = options.timeoutMs ?? 3e4;
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#env = options.env ?? {};
    this.#logger = options.logger ?? silentLogger;
    this.#secureContext = secureContext;
    this.#directHttps = new https2.Agent({ ...POOL, ...secureContext ? { secureContext } : {} });
  }
  async send(request, limits) {
    const target = new URL(request.url);
    const isHttps = target.protocol === "https:";
    if (!isHttps && target.protocol !== "http:") {
      throw new Error(
        `http: unsupported URL scheme ${target.protocol} in a request to ${target.host}; expected https:// or http://`
      );
    }
    const bounds = { ...limits, timeoutMs: this.#timeoutMs };
    const route = this.#routeFor(target);
    const headers = { "user-agent": this.#userAgent, ...request.headers };
    if (request.body !== void 0) headers["content-length"] = String(Buffer.byteLength(request.body));
    const common = { method: request.method, timeout: this.#timeoutMs };
    if (isHttps) {
      const agent2 = route ? this.#agentFor(route, "https") : this.#directHttps;
      return exchange(
        request,
        bounds,
        (onResponse) => https2.request(target, { ...common, headers, agent: agent2 }, onResponse)
      );
    }
    if (route === void 0) {
      return exchange(
        request,
        bounds,
        (onResponse) => http2.request(target, { ...common, headers, agent: this.#directHttp }, onResponse)
      );
    }
    const proxied = {
      ...headers,
      host: target.host,
      ...route.authorization ? { "proxy-authorization": route.authorization } : {}
    };
    const path = `${target.protocol}//${target.host}${target.pathname}${target.search}`;
    const agent = this.#agentFor(route, "http");
    return exchange(
      request,
      bounds,
      (onResponse) => http2.request({ ...common, host: route.host, port: route.port, path, headers: proxied, agent }, onResponse),
      route
    );
  }
  #routeFor(target) {
    const port = target.port || (target.protocol === "https:" ? "443" : "80");
    const origin = `${target.protocol}//${target.hostname}:${port}`;
    if (this.#routes.has(origin)) return this.#routes.get(origin);
    const route = proxyFor(target, this.#env);
    this.#routes.set(origin, route);
    if (route) this.#logger.debug(`net: ${origin} via proxy ${route.display}`);
    return route;
  }
  #agentFor(route, scheme) {
    const key = `${scheme} ${route.variable} ${route.host} ${route.port} ${route.authorization ?? ""}`;
    let agent = this.#proxyAgents.get(key);
    if (agent === void 0) {
      agent = scheme === "https" ? new HttpsProxyAgent(route, {
        ...POOL,
        connectTimeoutMs: this.#timeoutMs,
        ...this.#secureContext ? { secureContext: this.#secureContext } : {}
      }) : new http2.Agent(POOL);
      this.#proxyAgents.set(key, agent);
    }
    return agent;
  }
};
function exchange(request, limits, start, proxy) {
  const where = `${request.method} ${describeUrl(request.url)}`;
  return new Promise((resolve, reject) => {
    let connected = false;
    let settled = false;
    let response;
    const fail = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      response?.destroy();
      req.destroy();
      reject(error);
    };
    const deadline = setTimeout(
      () => fail(new Error(`http: ${where} did not finish within its deadline of ${formatMs(limits.deadlineMs)}`)),
      Math.max(0, limits.deadlineAt - Date.now())
    );
    const tooLarge = () => new Error(`http: the response to ${where} is larger than its limit of ${formatBytes(limits.maxBytes)}`);
    const req = start((res) => {
      response = res;
      if (Number(res.headers["content-length"]) > limits.maxBytes) return fail(tooLarge());
      const chunks = [];
      let size = 0;
      res.on("data", (chunk) => {
        size += chunk.length;
        if (size > limits.maxBytes) fail(tooLarge());
        else chunks.push(chunk);
      });
      res.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: request.url });
      });
      res.on("error", fail);
      res.on("close", () => fail(new Error(`http: ${where}: the connection closed before the response was complete`)));
    });
    req.on("socket", (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once("connect", () => connected = true);
    });
    req.on("timeout", () => fail(new Error(`http: ${where} timed out after ${limits.timeoutMs} ms`)));
    req.on("error", (error) => {
      if (proxy && !connected)
        fail(
          new Error(`proxy: ${proxy.display} (from ${proxy.variable}) could not be reached for ${where}`, {
            cause: error
          })
        );
      else fail(error);
    });
    if (request.body !== void 0) req.write(request.body);
    req.end();
  });
}
function formatMs(ms) {
  return ms % 1e3 === 0 ? `${ms / 1e3} s` : `${ms} ms`;
}
function formatBytes(bytes) {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
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
  HttpClients,
  describeUrl,
  parseLinks,
  retryAfterMs
};
