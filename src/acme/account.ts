import { externalAccountBinding } from './jws.js';
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
