import { generateKeyPairSync, createPrivateKey, type KeyObject } from 'node:crypto';
import { findAccount, newAccount, type Account } from '../acme/account.js';
import type { AcmeTransport } from '../acme/transport.js';
import { readFileIfExists, writeFileAtomic } from '../fs/atomic-file.js';
import type { AccountSettings } from './request.js';

/** A new ECDSA P-256 account key, the most widely supported choice. */
export function generateAccountKey(): KeyObject {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

/**
 * Loads the account key from `path`, or creates one there (mode 0600). Without a path the key
 * lives only for this run.
 */
export async function loadOrCreateAccountKey(path: string | undefined): Promise<{ key: KeyObject; isNew: boolean }> {
  const pem = path ? await readFileIfExists(path) : undefined;
  if (pem !== undefined) {
    try {
      return { key: createPrivateKey(pem), isNew: false };
    } catch (cause) {
      throw new Error(
        `account-key-file: ${path} is not a PEM private key; fix or remove it to register a new account`,
        { cause },
      );
    }
  }
  const key = generateAccountKey();
  if (path) {
    await writeFileAtomic(path, key.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600).catch(
      (cause: unknown) => {
        throw new Error(`account-key-file: cannot keep the new account key in ${path}: ${(cause as Error).message}`, {
          cause,
        });
      },
    );
  }
  return { key, isNew: true };
}

/**
 * The ACME account for the transport's key: looked up when the key is not new, registered
 * otherwise (RFC 8555 §7.3). Refuses to register without agreement to the CA's terms.
 */
export async function ensureAccount(
  transport: AcmeTransport,
  settings: AccountSettings,
  keyIsNew: boolean,
): Promise<Account> {
  if (!keyIsNew) {
    const existing = await findAccount(transport);
    if (existing) return existing;
  }
  const directory = await transport.directory();
  const terms = directory.meta?.termsOfService;
  if (terms && !settings.agreeTos) {
    throw new Error(
      `agree-tos: the CA asks you to accept its terms of service (${terms}); ` +
        'set agree-tos: true (CLI: --agree-tos) to accept them',
    );
  }
  const eab = settings.eab ?? (directory.meta?.externalAccountRequired ? settings.eabIfRequired : undefined);
  return newAccount(transport, {
    emails: settings.emails,
    termsOfServiceAgreed: settings.agreeTos,
    ...(eab ? { externalAccountBinding: eab } : {}),
  });
}
