/**
 * The settings every store kind shares (`store`, `state-key`, `state-reset`), and the reasons a
 * config file may not hold a store's settings: where the state lives is the step's to say,
 * together with the key that opens it.
 */
import { optionEnvName, type FilePlacement, type OptionSpec } from '../options/option.js';

/** A secret in a config file kept in a repository: refused, and where it goes instead. */
export function refusedAsSecret(name: string): FilePlacement {
  return {
    refused:
      `a secret does not belong in a file kept in a repository; pass it as the ${name} input from a secret ` +
      `(CLI: the ${optionEnvName(name)} variable)`,
  };
}

/** A store setting in a config file: refused, and where it goes instead. */
export function refusedAsStoreSetting(name: string): FilePlacement {
  return { refused: `a setting of the store, which the step's inputs name; give ${name} there too (CLI: --${name})` };
}

export const STORE: OptionSpec = {
  name: 'store',
  description:
    'Where the encrypted state (account, certificates, keys) lives between runs: `file:PATH`; a GitHub Actions ' +
    'secret: `secret:NAME` (this repository), `secret:environments/ENV/NAME`, `secret:orgs/ORG/NAME`; or a ' +
    'workflow artifact: `artifact:NAME` (Action only). With it the Action issues once, renews when due and ' +
    'otherwise does nothing.',
  file: {
    refused:
      'where the state lives goes with state and state-key, which a file may not hold; give store to the step (CLI: ' +
      '--store)',
  },
};

export const STATE_RESET: OptionSpec = {
  name: 'state-reset',
  kind: 'boolean',
  description:
    "Start over with an empty state: what the store holds is not read, and this run's first write replaces it (a new " +
    'ACME account, every certificate issued again). Without it, a state that exists but is empty or cannot be read ' +
    '(wrong state-key, damaged, unreadable) stops the run and is never overwritten.',
  default: 'false',
  flag: true,
};

export const STATE_KEY: OptionSpec = {
  name: 'state-key',
  description:
    'Passphrase (16+ characters, always stretched with PBKDF2) or raw 256-bit key that encrypts the state. A raw key ' +
    'is `cwk1:` followed by 32 random bytes in base64url without padding (43 characters); anything else is a ' +
    'passphrase, however random it looks. A key of an earlier version (43 or 44 base64 characters) still opens the ' +
    'state it wrote, which is then written again with the key stretched.',
  secret: true,
  file: refusedAsSecret('state-key'),
};

/** The settings of every store, whatever its kind. */
export const STORE_OPTIONS: readonly OptionSpec[] = [STORE, STATE_RESET, STATE_KEY];
