import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  parseUrl
} from "./chunk-K34JUBMG.js";

// src/deploy/azure-key-vault/metadata.ts
var API_VERSION = "2025-07-01";
var IMPORT_ACTION = "Microsoft.KeyVault/vaults/certificates/import/action";
var metadata = {
  name: "azure-key-vault",
  description: "Azure Key Vault: each certificate imported as a new version of a named Key Vault certificate (App Gateway and Front Door follow the latest version), with @azure/identity's DefaultAzureCredential",
  options: [
    {
      name: "azure-key-vault-url",
      description: "The vault: its URL (`https://NAME.vault.azure.net`, or another cloud's `vault.azure.cn`, `vault.usgovcloudapi.net`), or only its name for the public cloud.",
      required: true
    },
    {
      name: "azure-key-vault-certificate",
      description: "Name of the Key Vault certificate the versions go to (letters, digits and dashes, up to 127). Default: the certificate's `cert-name` with every other character made a dash (`www.example.com` -> `www-example-com`)."
    },
    {
      name: "azure-key-vault-tags",
      description: "Tags set on each version, as `name=value` pairs separated by commas or newlines (at most 15; names up to 512 characters, values up to 256)."
    }
  ]
};

// src/deploy/azure-key-vault/names.ts
var VAULT_NAME = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
var CERTIFICATE_NAME = /^[0-9a-zA-Z-]{1,127}$/;
var CLOUDS = [
  { suffix: ".vault.azure.net", resource: "https://vault.azure.net" },
  { suffix: ".vault.azure.cn", resource: "https://vault.azure.cn" },
  { suffix: ".vault.usgovcloudapi.net", resource: "https://vault.usgovcloudapi.net" },
  { suffix: ".vault.microsoftazure.de", resource: "https://vault.microsoftazure.de" }
];
function parseVaultUrl(text) {
  if (VAULT_NAME.test(text)) return `https://${text.toLowerCase()}.vault.azure.net`;
  if (!text.includes("/") && !text.includes(".")) {
    throw new Error(
      `azure-key-vault-url: "${text}" is not a vault name; expected 3 to 24 letters, digits and dashes starting with a letter, or the vault URL such as https://my-vault.vault.azure.net`
    );
  }
  const url = new URL(
    parseUrl("azure-key-vault-url", text, {
      expected: "the vault URL, such as https://my-vault.vault.azure.net, or the vault name",
      plainHttp: "so the certificate and its key would cross the network readable",
      credentialsGo: "certwright signs in with DefaultAzureCredential (azure/login), not with the URL"
    })
  );
  if (url.pathname.replace(/\/+$/, "") !== "" || url.search !== "") {
    throw new Error(
      `azure-key-vault-url: "${text}" has a path; expected the vault URL alone, such as https://my-vault.vault.azure.net`
    );
  }
  return url.origin;
}
function tokenScope(vaultUrl) {
  const host = new URL(vaultUrl).hostname.toLowerCase();
  const cloud = CLOUDS.find((c) => host.endsWith(c.suffix)) ?? CLOUDS[0];
  return `${cloud?.resource ?? "https://vault.azure.net"}/.default`;
}
function parseCertificateName(text) {
  if (CERTIFICATE_NAME.test(text)) return text;
  throw new Error(
    `azure-key-vault-certificate: "${text}" is not a Key Vault certificate name; expected 1 to 127 letters, digits and dashes, such as www-example-com`
  );
}
function certificateNameFor(certName) {
  const name = certName.replace(/[^0-9a-zA-Z]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 127).replace(/-+$/, "");
  return name === "" ? "certificate" : name;
}
function parseVersionId(id, vaultUrl) {
  let url;
  try {
    url = new URL(id);
  } catch {
    return void 0;
  }
  const match = /^\/certificates\/([0-9a-zA-Z-]{1,127})\/([0-9a-zA-Z]+)$/.exec(url.pathname);
  if (url.origin.toLowerCase() !== vaultUrl.toLowerCase() || !match) return void 0;
  return { vaultUrl, name: match[1] ?? "", version: match[2] ?? "" };
}

export {
  API_VERSION,
  IMPORT_ACTION,
  metadata,
  parseVaultUrl,
  tokenScope,
  parseCertificateName,
  certificateNameFor,
  parseVersionId
};
