import { createPrivateKey } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { parseAccountCa, type RawInputs } from '../config/inputs.js';
import { parseStateSpec } from '../config/plan.js';
import { readFileIfExists, writeFileAtomic } from '../fs/atomic-file.js';
import { deactivate, rollOverAccountKey, type RolloverStep } from '../issue/account-changes.js';
import type { CaSettings } from '../issue/request.js';
import { AcmeSession } from '../issue/session.js';
import { accountBookOf, openRunState, runHttpClients } from '../renewal/run.js';
import { systemClock, type Logger } from '../runtime.js';
import type { StateSession } from '../state/session.js';
import { CLI_STORE_KINDS, usageError, type CliInvocation } from './options.js';

const ACTIONS = ['rollover', 'deactivate', 'update'] as const;

/**
 * Test-only: `CERTWRIGHT_TEST_KILL_AT=<step>` makes the process kill itself (SIGKILL) at that step of a key rollover,
 * so the tests can prove a crash at each step loses nothing. It only ever ends this process.
 */
function killAtForTests(step: RolloverStep): void {
  if (process.env.CERTWRIGHT_TEST_KILL_AT === step) process.kill(process.pid, 'SIGKILL');
}

/** `certwright account rollover|deactivate|update`: the account of `server` in the state. */
export async function accountCommand(raw: RawInputs, invocation: CliInvocation, logger: Logger): Promise<void> {
  const action = invocation.accountAction;
  if (!action || !(ACTIONS as readonly string[]).includes(action))
    throw usageError(`account: expected one of ${ACTIONS.join(', ')}, as in certwright account rollover`, 'account');
  const ca = parseAccountCa(raw);
  if (action === 'update' && ca.account.emails.length === 0)
    throw usageError('email: missing; expected certwright account update -m NEW@EXAMPLE.ORG', 'account');
  const clients = runHttpClients({ logger, clock: systemClock, env: process.env });
  const state = await openRunState(
    parseStateSpec(raw, CLI_STORE_KINDS),
    clients,
    {
      logger,
      clock: systemClock,
      env: process.env,
    },
    false,
  );
  const acme = new AcmeSession({ clients, accounts: accountBookOf(state), clock: systemClock, logger });
  try {
    if (action === 'rollover') await rollover(acme, ca, state);
    else if (action === 'deactivate') await deactivateCommand(acme, ca, state, invocation.assumeYes);
    else {
      const account = await acme.account(ca);
      await state.save();
      process.stdout.write(`Account ${account.url} contact: ${(account.contact ?? []).join(', ')}\n`);
    }
  } finally {
    await state.close();
  }
}

async function rollover(acme: AcmeSession, ca: CaSettings, state: StateSession): Promise<void> {
  const old = await acme.storedAccount(ca);
  const rolled = await rollOverAccountKey(acme, ca, {
    keep: async (account) => {
      state.update((b) => ({ ...b, accounts: { ...b.accounts, [ca.directoryUrl]: account } }));
      await state.save();
    },
    reached: killAtForTests,
  });
  await replaceKeyFile(ca.account.keyFile, old.keyPem, rolled.keyPem);
  process.stdout.write(`Rolled over the account key of ${rolled.url}.\n`);
}

/** The account key file, when it holds the old key, gets the new one: the state stays the first place looked. */
async function replaceKeyFile(path: string | undefined, oldPem: string, newPem: string): Promise<void> {
  if (!path || !(await holdsKey(path, oldPem))) return;
  await writeFileAtomic(path, newPem, 0o600);
}

async function holdsKey(path: string, pem: string): Promise<boolean> {
  const text = await readFileIfExists(path);
  if (text === undefined) return false;
  try {
    const der = (p: string) => createPrivateKey(p).export({ type: 'pkcs8', format: 'der' });
    return der(text).equals(der(pem));
  } catch {
    return false;
  }
}

async function confirmed(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

async function deactivateCommand(
  acme: AcmeSession,
  ca: CaSettings,
  state: StateSession,
  assumeYes: boolean,
): Promise<void> {
  const { url, keyPem } = await acme.storedAccount(ca);
  const ask = `Deactivate the ACME account ${url}? The CA refuses it from now on; this cannot be undone. [y/N] `;
  if (!assumeYes && !(await confirmed(ask)))
    throw new Error(
      `account: ${url} was not deactivated; answer yes, or pass --yes (or --non-interactive) where no one can answer`,
    );
  await deactivate(acme, ca);
  // The next run registers a new account with a new key.
  state.update((b) => ({
    ...b,
    accounts: Object.fromEntries(Object.entries(b.accounts).filter(([server]) => server !== ca.directoryUrl)),
  }));
  await state.save();
  const keyFile = ca.account.keyFile;
  if (keyFile && (await holdsKey(keyFile, keyPem))) await rename(keyFile, `${keyFile}.deactivated`);
  process.stdout.write(`Deactivated the account ${url}; the next run registers a new one.\n`);
}
