import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import { CLI_STORE_KINDS, usageError } from "./start.js";
import { AcmeSession, accountBookOf, deactivate, openRunState, parseStateSpec, rollOverAccountKey, runHttpClients } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import { parseAccountCa, readFileIfExists, writeFileAtomic } from "./start.js";
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
import { systemClock } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";

// src/cli/account-commands.ts
import { createPrivateKey } from "node:crypto";
import { rename } from "node:fs/promises";
import { createInterface } from "node:readline/promises";
var ACTIONS = ["rollover", "deactivate", "update"];
function killAtForTests(step) {
  if (process.env.CERTWRIGHT_TEST_KILL_AT === step) process.kill(process.pid, "SIGKILL");
}
async function accountCommand(raw, invocation, logger) {
  const action = invocation.accountAction;
  if (!action || !ACTIONS.includes(action))
    throw usageError(`account: expected one of ${ACTIONS.join(", ")}, as in certwright account rollover`, "account");
  const ca = parseAccountCa(raw);
  if (action === "update" && ca.account.emails.length === 0)
    throw usageError("email: missing; expected certwright account update -m NEW@EXAMPLE.ORG", "account");
  const clients = runHttpClients({ logger, clock: systemClock, env: process.env });
  const state = await openRunState(
    parseStateSpec(raw, CLI_STORE_KINDS),
    clients,
    {
      logger,
      clock: systemClock,
      env: process.env
    },
    false
  );
  const acme = new AcmeSession({ clients, accounts: accountBookOf(state), clock: systemClock, logger });
  try {
    if (action === "rollover") await rollover(acme, ca, state);
    else if (action === "deactivate") await deactivateCommand(acme, ca, state, invocation.assumeYes);
    else {
      const account = await acme.account(ca);
      await state.save();
      process.stdout.write(`Account ${account.url} contact: ${(account.contact ?? []).join(", ")}
`);
    }
  } finally {
    await state.close();
  }
}
async function rollover(acme, ca, state) {
  const old = await acme.storedAccount(ca);
  const rolled = await rollOverAccountKey(acme, ca, {
    keep: async (account) => {
      state.update((b) => ({ ...b, accounts: { ...b.accounts, [ca.directoryUrl]: account } }));
      await state.save();
    },
    reached: killAtForTests
  });
  await replaceKeyFile(ca.account.keyFile, old.keyPem, rolled.keyPem);
  process.stdout.write(`Rolled over the account key of ${rolled.url}.
`);
}
async function replaceKeyFile(path, oldPem, newPem) {
  if (!path || !await holdsKey(path, oldPem)) return;
  await writeFileAtomic(path, newPem, 384);
}
async function holdsKey(path, pem) {
  const text = await readFileIfExists(path);
  if (text === void 0) return false;
  try {
    const der = (p) => createPrivateKey(p).export({ type: "pkcs8", format: "der" });
    return der(text).equals(der(pem));
  } catch {
    return false;
  }
}
async function confirmed(question) {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
async function deactivateCommand(acme, ca, state, assumeYes) {
  const { url, keyPem } = await acme.storedAccount(ca);
  const ask = `Deactivate the ACME account ${url}? The CA refuses it from now on; this cannot be undone. [y/N] `;
  if (!assumeYes && !await confirmed(ask))
    throw new Error(
      `account: ${url} was not deactivated; answer yes, or pass --yes (or --non-interactive) where no one can answer`
    );
  await deactivate(acme, ca);
  state.update((b) => ({
    ...b,
    accounts: Object.fromEntries(Object.entries(b.accounts).filter(([server]) => server !== ca.directoryUrl))
  }));
  await state.save();
  const keyFile = ca.account.keyFile;
  if (keyFile && await holdsKey(keyFile, keyPem)) await rename(keyFile, `${keyFile}.deactivated`);
  process.stdout.write(`Deactivated the account ${url}; the next run registers a new one.
`);
}
export {
  accountCommand
};
