import { createPrivateKey, type KeyObject } from 'node:crypto';
import {
  changeAccountKey,
  deactivateAccount,
  findAccount,
  updateAccountContact,
  type Account,
} from '../acme/account.js';
import { accountKeyFrom } from '../acme/jws.js';
import { AcmeProblem } from '../acme/problem.js';
import type { AcmeTransport } from '../acme/transport.js';
import type { Logger } from '../runtime.js';
import { generateAccountKey } from './account.js';
import type { CaSettings } from './request.js';
import type { AcmeSession, StoredAccount } from './session.js';

/** The points of a key rollover at which the state on disk changes or the CA's answer arrived. */
export type RolloverStep = 'pending-saved' | 'key-changed' | 'promoted';

export interface RolloverHooks {
  /** Puts the account into the state and writes it; the rollover goes on only once it is written. */
  keep(account: StoredAccount): Promise<void>;
  /** Told after each step (tests stop the process there to prove a crash loses nothing). */
  reached?(step: RolloverStep): void;
}

const pemOf = (key: KeyObject): string => key.export({ type: 'pkcs8', format: 'pem' }).toString();

/**
 * Replaces the account key at the CA and in the state (RFC 8555 §7.3.5), in an order that survives a crash or a
 * refused write at any point: the new key is written next to the old one as pending before the CA is asked, and
 * promoted after it agreed. Whatever happens in between, the state holds the key the CA knows, and the next run
 * finds out which one that is (settleRollover). Returns the account as the state now keeps it.
 */
export async function rollOverAccountKey(
  acme: AcmeSession,
  ca: CaSettings,
  hooks: RolloverHooks,
): Promise<StoredAccount> {
  const current = await acme.storedAccount(ca);
  const newKey = generateAccountKey();
  const pending = { ...current, pendingKeyPem: pemOf(newKey) };
  await hooks.keep(pending).catch((cause: unknown) => {
    throw new Error('state: cannot write the new account key before the rollover; nothing was changed at the CA', {
      cause,
    });
  });
  hooks.reached?.('pending-saved');
  await changeAccountKey(await acme.transport(ca), await accountKeyFrom(newKey));
  hooks.reached?.('key-changed');
  const rolled = { url: current.url, keyPem: pemOf(newKey) };
  acme.forget(ca.directoryUrl); // later requests of this run sign with the new key
  await hooks.keep(rolled).catch((cause: unknown) => {
    throw new Error(
      'state: the CA now holds the new account key, but the state could not be written with it promoted; the ' +
        'state still holds it as pending, and the next run finishes the rollover',
      { cause },
    );
  });
  hooks.reached?.('promoted');
  return rolled;
}

/** An error that means "this key signs for no account here": the CA does not know it, or refuses it. */
function keyNotKnown(error: unknown): boolean {
  return (
    error instanceof AcmeProblem &&
    (error.is('accountDoesNotExist') || error.is('unauthorized') || error.is('malformed'))
  );
}

/** The account of the key, if the CA knows one and it is `url`. */
async function accountOfKey(transport: AcmeTransport, url: string): Promise<Account | undefined> {
  try {
    const account = await findAccount(transport);
    return account?.url === url ? account : undefined;
  } catch (error) {
    if (keyNotKnown(error)) return undefined;
    throw error;
  }
}

/**
 * After a rollover that did not finish (a crash, a refused write), which of the two keys the CA holds: the old one
 * when keyChange never arrived, the pending one when it did. Fails when it knows neither for the account.
 */
export async function settleRollover(
  stored: StoredAccount & { readonly pendingKeyPem: string },
  transportFor: (key: KeyObject) => Promise<AcmeTransport>,
  logger: Logger,
): Promise<KeyObject> {
  const current = createPrivateKey(stored.keyPem);
  if (await accountOfKey(await transportFor(current), stored.url)) {
    logger.info(`acme: an earlier account key rollover did not reach the CA; ${stored.url} keeps its key`);
    return current;
  }
  const pending = createPrivateKey(stored.pendingKeyPem);
  if (await accountOfKey(await transportFor(pending), stored.url)) {
    logger.info(`acme: finished the account key rollover of ${stored.url} an earlier run left unfinished`);
    return pending;
  }
  throw new Error(
    `acme: the CA knows neither the account key nor the rollover's new key of ${stored.url}; ` +
      'was it deactivated elsewhere? Restore the state from a backup, or start over with state-reset: true',
  );
}

/**
 * Sets the account's contact at the CA to `emails` when it differs (RFC 8555 §7.3.2): a changed `email` reaches the
 * CA once, in the first run that has it. No address given leaves the contact as it is.
 */
export async function keepContactCurrent(
  transport: AcmeTransport,
  account: Account,
  emails: readonly string[],
  logger: Logger,
): Promise<Account> {
  if (emails.length === 0) return account;
  const wanted = emails.map((email) => `mailto:${email}`).sort();
  const held = [...(account.contact ?? [])].sort();
  if (wanted.length === held.length && wanted.every((c, i) => c === held[i])) return account;
  const updated = await updateAccountContact(transport, emails);
  logger.info(`acme: account contact of ${account.url} is now ${emails.join(', ')}`);
  return updated;
}

/** Deactivates the account of `ca` (RFC 8555 §7.3.6); the CA refuses its key from now on. */
export async function deactivate(acme: AcmeSession, ca: CaSettings): Promise<Account> {
  await acme.account(ca);
  const account = await deactivateAccount(await acme.transport(ca));
  acme.forget(ca.directoryUrl);
  return account;
}
