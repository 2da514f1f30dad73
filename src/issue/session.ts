import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Account } from '../acme/account.js';
import { accountKeyFrom } from '../acme/jws.js';
import { AcmeTransport, fetchDirectory, fetchNonce, type Directory } from '../acme/transport.js';
import type { HttpClient, HttpClients } from '../net/http.js';
import type { Clock, Logger } from '../runtime.js';
import { markingUnreachable } from './fallback.js';
import { ensureAccount, generateAccountKey, loadOrCreateAccountKey } from './account.js';
import { keepContactCurrent, settleRollover } from './account-changes.js';
import type { CaSettings } from './request.js';

/** An account as the state keeps it. */
export interface StoredAccount {
  readonly url: string;
  /** PKCS#8 PEM. */
  readonly keyPem: string;
  /** The new key of a rollover that may not have finished (see account-changes.ts). */
  readonly pendingKeyPem?: string;
}

/** Where the session finds accounts it already has and keeps the ones it registers (the state). */
export interface AccountBook {
  find(directoryUrl: string): StoredAccount | undefined;
  remember(directoryUrl: string, account: StoredAccount): void;
}

export interface AcmeSessionOptions {
  readonly clients: HttpClients;
  readonly accounts: AccountBook;
  readonly clock: Clock;
  readonly logger: Logger;
}

interface CaConnection {
  readonly transport: AcmeTransport;
  readonly key: KeyObject;
  /** Where the key came from: the state, the account key file, or made now. */
  readonly source: 'state' | 'file' | 'new';
  account?: Promise<Account> | undefined;
}

/**
 * One run's link to its CAs, shared by every certificate of the run: per directory URL one
 * transport (one directory fetch, one nonce pool) and one account lookup; per trust set one
 * HTTP client (one TLS context).
 */
export class AcmeSession {
  private readonly connections = new Map<string, Promise<CaConnection>>();
  private readonly trustPems = new Map<string, string>();
  /** Started by warm() and not asked for yet: the first to ask gets them, failed or not. */
  private readonly warmed = new Map<
    string,
    { connection?: Promise<CaConnection> | undefined; account?: Promise<Account> }
  >();

  constructor(private readonly options: AcmeSessionOptions) {}

  /** The HTTP client that trusts the system roots plus `trustFile`, if given; throws when it cannot be read. */
  http(trustFile: string | undefined): HttpClient {
    if (!trustFile) return this.options.clients.forTrust();
    let pem = this.trustPems.get(trustFile);
    if (pem === undefined) {
      // Read at once rather than through the thread pool: the TLS context that needs it is the
      // start of a run's critical path (a small file, read once per run).
      try {
        pem = readFileSync(trustFile, 'utf8');
      } catch (cause) {
        throw new Error(
          `server-ca-file: cannot read ${trustFile}; ` +
            `expected a PEM file with the CA that signed the ACME server's certificate`,
          { cause },
        );
      }
      this.trustPems.set(trustFile, pem);
    }
    return this.options.clients.forTrust(pem);
  }

  /**
   * Starts the connection to the CA at `directoryUrl` (the TLS connection, the directory, a nonce,
   * the account key) and the account, for a certificate that will be ordered: they arrive while
   * the run does its other checks. The first transport() and account() get what this started,
   * failed or not, so a CA that is down is not asked twice.
   */
  warm(ca: CaSettings, directoryUrl = ca.directoryUrl): void {
    if (this.connections.has(directoryUrl)) return;
    const connection = this.connection(ca, directoryUrl);
    const account = this.account(ca, directoryUrl);
    connection.catch(() => undefined);
    account.catch(() => undefined);
    this.warmed.set(directoryUrl, { connection, account });
  }

  /** The signed-request transport for the CA at `directoryUrl` (default: the request's). */
  async transport(ca: CaSettings, directoryUrl = ca.directoryUrl): Promise<AcmeTransport> {
    const warmed = this.warmed.get(directoryUrl);
    const connection = warmed?.connection ?? this.connection(ca, directoryUrl);
    if (warmed) warmed.connection = undefined;
    return (await connection).transport;
  }

  /** The CA's directory, fetched once per run. */
  async directory(ca: CaSettings, directoryUrl = ca.directoryUrl): Promise<Directory> {
    return (await this.transport(ca, directoryUrl)).directory();
  }

  /**
   * The account at the CA, looked up or registered once per run (RFC 8555 §7.3). A newly
   * registered account goes into the account book.
   */
  async account(ca: CaSettings, directoryUrl = ca.directoryUrl): Promise<Account> {
    const warmed = this.warmed.get(directoryUrl)?.account;
    if (warmed) {
      this.warmed.delete(directoryUrl);
      return warmed;
    }
    const connection = await this.connection(ca, directoryUrl);
    connection.account ??= this.lookUp(connection, ca, directoryUrl);
    return connection.account;
  }

  private async lookUp(connection: CaConnection, ca: CaSettings, directoryUrl: string): Promise<Account> {
    const account = await ensureAccount(connection.transport, ca.account, connection.source === 'new').catch(
      (error: unknown) => {
        connection.account = undefined; // a later certificate may try again
        throw error;
      },
    );
    this.options.logger.debug(`acme: account ${account.url} at ${directoryUrl}`);
    if (connection.source !== 'state') {
      this.options.accounts.remember(directoryUrl, {
        url: account.url,
        keyPem: connection.key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      });
    }
    // A changed `email` reaches the CA once (a new account was registered with it already).
    if (connection.source === 'new') return account;
    return keepContactCurrent(connection.transport, account, ca.account.emails, this.options.logger);
  }

  /** The account and its key, as the state keeps them. */
  async storedAccount(ca: CaSettings, directoryUrl = ca.directoryUrl): Promise<StoredAccount> {
    const account = await this.account(ca, directoryUrl);
    const { key } = await this.connection(ca, directoryUrl);
    return { url: account.url, keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }

  /** Drops what this run knows of the CA's account (its key changed): the next request reads the account book. */
  forget(directoryUrl: string): void {
    this.connections.delete(directoryUrl);
    this.warmed.delete(directoryUrl);
  }

  private connection(ca: CaSettings, directoryUrl: string): Promise<CaConnection> {
    let connection = this.connections.get(directoryUrl);
    if (!connection) {
      connection = this.connect(ca, directoryUrl);
      connection.catch(() => this.connections.delete(directoryUrl));
      this.connections.set(directoryUrl, connection);
    }
    return connection;
  }

  private async connect(ca: CaSettings, directoryUrl: string): Promise<CaConnection> {
    const { clock, logger } = this.options;
    // The TLS connection, the directory and a first nonce while the account key is read, or made
    // and written. "No answer" marked as the CA's, so a run can try its next CA (src/issue/fallback.ts).
    const http = markingUnreachable(this.http(ca.trustFile), directoryUrl);
    const directory = fetchDirectory(http, directoryUrl);
    const nonce = directory.then((d) => fetchNonce(http, d.newNonce));
    // The transport hands these errors to whoever asks.
    directory.catch(() => undefined);
    nonce.catch(() => undefined);
    const stored = this.options.accounts.find(directoryUrl);
    let key: KeyObject;
    let source: CaConnection['source'];
    if (stored?.pendingKeyPem) {
      const transportFor = async (k: KeyObject) =>
        new AcmeTransport({ http, directoryUrl, directory, accountKey: await accountKeyFrom(k), clock, logger });
      key = await settleRollover({ ...stored, pendingKeyPem: stored.pendingKeyPem }, transportFor, logger);
      source = 'state';
      this.options.accounts.remember(directoryUrl, {
        url: stored.url,
        keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      });
    } else if (stored) {
      [key, source] = [createPrivateKey(stored.keyPem), 'state'];
    } else if (ca.account.keyFile) {
      const loaded = await loadOrCreateAccountKey(ca.account.keyFile);
      [key, source] = [loaded.key, loaded.isNew ? 'new' : 'file'];
    } else {
      [key, source] = [generateAccountKey(), 'new'];
    }
    const accountKey = await accountKeyFrom(key);
    const transport = new AcmeTransport({ http, directoryUrl, directory, nonce, accountKey, clock, logger });
    return { transport, key, source };
  }
}
