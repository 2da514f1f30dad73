import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import { CLI_STORE_KINDS, UsageError } from "./start.js";
import { AcmeSession, loadState, parseStateSpec, runHttpClients, saveState$28 as saveState } from "./start.js";
import "./start.js";
import { REVOCATION_REASONS, deleteLineage, listLineages, markRevoked, revokeLineage } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import { DEFAULT_OUTPUT_DIR, parseRenewalPolicy, value } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import { errorMessage, silentLogger, systemClock } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";

// src/cli/state-commands.ts
import { access } from "node:fs/promises";
import { join } from "node:path";
async function openState(raw) {
  const spec = parseStateSpec(raw, CLI_STORE_KINDS);
  const clients = runHttpClients({ logger: silentLogger, clock: systemClock, env: process.env });
  const store = await spec.store.open({ http: clients.forTrust(), logger: silentLogger, now: () => systemClock.now() });
  return { bundle: await loadState(store, spec.key), store, key: spec.key, clients };
}
var FILES = { cert: "cert.pem", fullchain: "fullchain.pem", privkey: "privkey.pem" };
function certificateDir(raw, name) {
  return join(value(raw, "output-dir") ?? DEFAULT_OUTPUT_DIR, name);
}
async function filesIn(dir) {
  const found = await Promise.all(
    Object.entries(FILES).map(async ([kind, file]) => {
      const path = join(dir, file);
      return access(path).then(
        () => [[kind, path]],
        () => []
      );
    })
  );
  return Object.fromEntries(found.flat());
}
function keyTypeLabel(keyType) {
  const [algorithm = "", size = ""] = keyType.split("-");
  return algorithm === "ecdsa" ? `ECDSA ${size.toUpperCase().replace("P", "P-")}` : `${algorithm.toUpperCase()} ${size}`;
}
function validity(item, now) {
  if (item.status !== "valid") return `INVALID: ${item.status.toUpperCase()}`;
  if (item.daysLeft >= 1) return `VALID: ${item.daysLeft} day${item.daysLeft === 1 ? "" : "s"}`;
  return `VALID: ${Math.floor((item.notAfter.getTime() - now) / 36e5)} hour(s)`;
}
function describeCertificate(item, paths, now) {
  const due = item.nextRenewal.getTime() <= now ? ` (due: the next renew replaces it${item.revoked ? ", as it was revoked" : ""})` : "";
  return [
    `Certificate Name: ${item.name}`,
    `  Serial Number: ${item.serial}`,
    `  Key Type: ${keyTypeLabel(item.keyType)}`,
    `  Domains: ${item.domains.join(" ")}`,
    `  Expiry Date: ${item.notAfter.toISOString()} (${validity(item, now)})`,
    `  Next Renewal: ${item.nextRenewal.toISOString()}${due}`,
    ...paths.fullchain ? [`  Certificate Path: ${paths.fullchain}`] : [],
    ...paths.cert ? [`  Cert Only Path: ${paths.cert}`] : [],
    ...paths.privkey ? [`  Private Key Path: ${paths.privkey}`] : [],
    ...deployedLines(item)
  ];
}
function deployedLines(item) {
  return Object.entries(item.deployed ?? {}).map(([key, record]) => {
    const behind = record.serial === item.serial ? "" : "; an older certificate: the next renew deploys this one";
    const at = new Date(record.at).toISOString();
    return `  Deployed to ${key}: ${record.id} (serial ${record.serial}, ${at}${behind})`;
  });
}
async function certificatesCommand(raw, invocation) {
  const { bundle } = await openState(raw);
  const now = Date.now();
  const name = value(raw, "cert-name");
  const listing = (await listLineages(bundle, now, parseRenewalPolicy(raw).renewBeforeDays)).filter(
    (item) => !name || item.name === name
  );
  const withPaths = await Promise.all(
    listing.map(async (item) => ({ ...item, paths: await filesIn(certificateDir(raw, item.name)) }))
  );
  if (invocation.json) {
    process.stdout.write(`${JSON.stringify(withPaths, null, 2)}
`);
    return;
  }
  if (withPaths.length === 0) {
    process.stdout.write(name ? `No certificate named ${name} in the state.
` : "No certificates in the state.\n");
    return;
  }
  process.stdout.write(
    `${withPaths.map((item) => describeCertificate(item, item.paths, now).join("\n")).join("\n\n")}
`
  );
}
function certNameOf(raw) {
  const name = value(raw, "cert-name");
  if (!name) throw new UsageError("cert-name: missing; expected --cert-name NAME (see certwright certificates)");
  return name;
}
async function filesLeft(raw, name) {
  const dir = certificateDir(raw, name);
  return Object.keys(await filesIn(dir)).length > 0 ? `; its files are left in ${dir}` : "";
}
async function revokeCommand(raw, invocation, logger) {
  const reasonName = (invocation.reason ?? "unspecified").toLowerCase();
  const reason = REVOCATION_REASONS[reasonName];
  if (reason === void 0)
    throw new Error(
      `reason: "${reasonName}" is not a revocation reason; expected one of ${Object.keys(REVOCATION_REASONS).join(", ")}`
    );
  const name = certNameOf(raw);
  const { bundle, store, key, clients } = await openState(raw);
  const acme = new AcmeSession({
    clients,
    accounts: { find: (url) => bundle.accounts[url], remember: () => void 0 },
    clock: systemClock,
    logger
  });
  const serial = await revokeLineage(bundle, name, reason, acme, value(raw, "server-ca-file"));
  process.stdout.write(`Revoked certificate ${serial} (${reasonName}).
`);
  const next = invocation.deleteAfterRevoke ? deleteLineage(bundle, name) : markRevoked(bundle, name, { at: new Date(systemClock.now()).toISOString(), reason: reasonName });
  await saveState(store, key, next).catch((error) => {
    throw new Error(
      `state: ${name} was revoked, but the state could not be written (${errorMessage(error)}); run certwright renew --force-renewal to replace it`,
      { cause: error }
    );
  });
  process.stdout.write(
    invocation.deleteAfterRevoke ? `Deleted ${name} from the state${await filesLeft(raw, name)}.
` : `The next certwright renew of ${name} replaces it.
`
  );
}
async function deleteCommand(raw) {
  const name = certNameOf(raw);
  const { bundle, store, key } = await openState(raw);
  await saveState(store, key, deleteLineage(bundle, name));
  process.stdout.write(`Deleted ${name} from the state${await filesLeft(raw, name)}.
`);
}
export {
  certificatesCommand,
  deleteCommand,
  revokeCommand
};
