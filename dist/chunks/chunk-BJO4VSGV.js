import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  parseJson,
  shownBody
} from "./chunk-NWWLKT5N.js";

// src/dns/providers/acme-dns/api.ts
var AcmeDnsError = class extends Error {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
  status;
  code;
  /** Throttled by a proxy in front, or a server error (acme-dns's `db_error`): worth another try. */
  get retryable() {
    return this.status === 429 || this.status >= 500;
  }
};
function errorCode(response) {
  const code = parseJson(response.body)?.error;
  return typeof code === "string" ? code : void 0;
}
function answerOf(response, secrets) {
  const code = errorCode(response);
  if (code) return `${response.status} ${code}`;
  const body = shownBody(response.body, secrets);
  return `HTTP ${response.status}${body ? `: ${body}` : ""}`;
}
async function post(http, url, headers, body, what) {
  try {
    return await http({
      method: "POST",
      url,
      headers: {
        accept: "application/json",
        ...body === void 0 ? {} : { "content-type": "application/json" },
        ...headers
      },
      ...body === void 0 ? {} : { body }
    });
  } catch (cause) {
    throw new AcmeDnsError(
      `acme-dns: ${what}: no answer from ${new URL(url).origin} (${cause.message})`,
      0,
      void 0
    );
  }
}
async function updateTxt(http, account, value, what) {
  const headers = { "x-api-user": account.username, "x-api-key": account.password };
  const response = await post(
    http,
    `${account.server}/update`,
    headers,
    JSON.stringify({ subdomain: account.subdomain, txt: value }),
    what
  );
  if (response.status === 200) return;
  const code = errorCode(response);
  const answer = answerOf(response, [account.password, account.username]);
  let advice;
  if (response.status === 401 || code === "forbidden") {
    advice = `acme-dns refused the account: a wrong username or password, a subdomain other than the account's, or an address outside the account's allowfrom; check the entry for ${account.names.filter(Boolean).join(", ") || account.fulldomain} in the credentials, and allowfrom against the runner's address`;
  } else if (code === "bad_txt") advice = "acme-dns takes only 43-character values (a dns-01 digest)";
  else if (code === "bad_subdomain")
    advice = `the subdomain "${account.subdomain}" in the credentials is not one acme-dns accepts`;
  else if (response.status === 404 || response.status === 405)
    advice = `${account.server} has no acme-dns /update; acme-dns-server (or the account's server_url) must be the API's base URL`;
  else advice = "the acme-dns server or a proxy in front of it failed";
  throw new AcmeDnsError(`acme-dns: ${what}: ${answer}; ${advice}`, response.status, code);
}
async function registerAccount(http, server, allowFrom) {
  const what = `registering an account at ${server}`;
  const body = allowFrom.length > 0 ? JSON.stringify({ allowfrom: allowFrom }) : void 0;
  const response = await post(http, `${server}/register`, {}, body, what);
  if (response.status !== 201 && response.status !== 200) {
    const code = errorCode(response);
    let advice;
    if (code === "invalid_allowfrom_cidr")
      advice = "an allowfrom entry is not a network in CIDR notation, such as 192.0.2.0/24";
    else if (response.status === 404 || response.status === 405)
      advice = `${server} does not register accounts (acme-dns with disable_registration, or not the API's base URL); ask its operator for an account`;
    else advice = "the acme-dns server or a proxy in front of it failed";
    throw new AcmeDnsError(`acme-dns: ${what}: ${answerOf(response, [])}; ${advice}`, response.status, code);
  }
  const parsed = parseJson(response.body);
  if (typeof parsed !== "object" || parsed === null)
    throw new AcmeDnsError(
      `acme-dns: ${what}: the answer is not JSON; is ${server} an acme-dns API?`,
      response.status,
      void 0
    );
  const { username, password, fulldomain, subdomain, allowfrom } = parsed;
  if (typeof username !== "string" || typeof password !== "string" || typeof fulldomain !== "string" || typeof subdomain !== "string" || !username || !password || !fulldomain || !subdomain) {
    throw new AcmeDnsError(
      `acme-dns: ${what}: the answer lacks username, password, fulldomain or subdomain; is ${server} an acme-dns API?`,
      response.status,
      void 0
    );
  }
  return {
    username,
    password,
    fulldomain,
    subdomain,
    allowfrom: Array.isArray(allowfrom) ? allowfrom.filter((a) => typeof a === "string") : []
  };
}

export {
  AcmeDnsError,
  updateTxt,
  registerAccount
};
