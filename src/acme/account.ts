import { externalAccountBinding, signAcmeRequest, type AccountKey } from './jws.js';
import type { AcmeTransport } from './transport.js';

export interface AccountRequest {
  /** Contact e-mail addresses, without the `mailto:` scheme. */
  readonly emails: readonly string[];
  readonly termsOfServiceAgreed: boolean;
  readonly externalAccountBinding?: { readonly kid: string; readonly hmacKey: string };
}

export interface Account {
  readonly url: string;
  readonly status: string;
  readonly contact?: readonly string[];
}

/**
 * Creates the account for the transport's key, or finds it when it already exists
 * (RFC 8555 §7.3, §7.3.1). Sets the account URL on the transport for later `kid` signing.
 */
export async function newAccount(transport: AcmeTransport, request: AccountRequest): Promise<Account> {
  const directory = await transport.directory();
  if (directory.meta?.externalAccountRequired && !request.externalAccountBinding) {
    throw new Error(
      'acme: this CA requires External Account Binding; pass eab-kid and eab-hmac-key from your CA account',
    );
  }
  const payload: Record<string, unknown> = {
    termsOfServiceAgreed: request.termsOfServiceAgreed,
    contact: request.emails.map((email) => `mailto:${email}`),
  };
  if (request.externalAccountBinding) {
    payload.externalAccountBinding = await externalAccountBinding(
      transport.accountKey,
      request.externalAccountBinding,
      directory.newAccount,
    );
  }
  const response = await transport.post<{ status: string; contact?: string[] }>(
    directory.newAccount,
    payload,
    'newAccount',
    {
      useJwk: true,
    },
  );
  return accountFrom(transport, response.location, response.body);
}

/**
 * Looks up the account of the transport's key without creating one (§7.3.1,
 * `onlyReturnExisting`). Returns undefined when the CA knows no such account.
 */
export async function findAccount(transport: AcmeTransport): Promise<Account | undefined> {
  const directory = await transport.directory();
  try {
    const response = await transport.post<{ status: string; contact?: string[] }>(
      directory.newAccount,
      { onlyReturnExisting: true },
      'find account',
      { useJwk: true },
    );
    return accountFrom(transport, response.location, response.body);
  } catch (error) {
    if (
      error instanceof Error &&
      'type' in error &&
      (error as { type: string }).type.endsWith(':accountDoesNotExist')
    ) {
      return undefined;
    }
    throw error;
  }
}

function accountFrom(
  transport: AcmeTransport,
  location: string | undefined,
  body: { status: string; contact?: string[] },
): Account {
  if (!location) throw new Error('acme: newAccount response has no Location header (RFC 8555 §7.3)');
  if (body.status !== 'valid') throw new Error(`acme: account ${location} is ${body.status}; expected valid`);
  transport.setAccountUrl(location);
  return { url: location, status: body.status, ...(body.contact ? { contact: body.contact } : {}) };
}

/**
 * Replaces the account's key with `newKey` (RFC 8555 §7.3.5): the inner JWS, signed by the new key with its `jwk`
 * and the keyChange URL, carries `{account, oldKey}`; the outer one is signed by the current key with `kid`. From
 * the CA's answer on, only the new key signs for this account.
 */
export async function changeAccountKey(transport: AcmeTransport, newKey: AccountKey): Promise<void> {
  const directory = await transport.directory();
  const account = transport.kid;
  if (!directory.keyChange) throw new Error('acme: this CA offers no keyChange (RFC 8555 §7.3.5); the key stays');
  if (!account) throw new Error('acme: keyChange: no account yet; look up the account first');
  const inner = await signAcmeRequest(
    newKey,
    { url: directory.keyChange },
    { account, oldKey: transport.accountKey.publicJwk },
  );
  await transport.post(directory.keyChange, inner, 'keyChange');
}

/**
 * Deactivates the account (RFC 8555 §7.3.6): the CA refuses every later request signed for it, and it cannot be
 * brought back.
 */
export async function deactivateAccount(transport: AcmeTransport): Promise<Account> {
  const response = await transport.post<{ status: string; contact?: string[] }>(
    accountUrlOf(transport, 'deactivate'),
    { status: 'deactivated' },
    'deactivate account',
  );
  return accountBody(accountUrlOf(transport, 'deactivate'), response.body);
}

/** Replaces the account's contact addresses (RFC 8555 §7.3.2). */
export async function updateAccountContact(transport: AcmeTransport, emails: readonly string[]): Promise<Account> {
  const url = accountUrlOf(transport, 'update contact');
  const response = await transport.post<{ status: string; contact?: string[] }>(
    url,
    { contact: emails.map((email) => `mailto:${email}`) },
    'update account contact',
  );
  return accountBody(url, response.body);
}

function accountUrlOf(transport: AcmeTransport, what: string): string {
  if (!transport.kid) throw new Error(`acme: ${what}: no account yet; look up the account first`);
  return transport.kid;
}

function accountBody(url: string, body: { status: string; contact?: string[] }): Account {
  return { url, status: body.status, ...(body.contact ? { contact: body.contact } : {}) };
}
