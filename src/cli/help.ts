import { CORE_INPUTS, inputDescription, RENEW_INPUTS, type InputSpec } from '../config/inputs.js';
import { VERIFY_INPUTS } from '../config/verify.js';
import { PROVIDERS } from '../dns/providers/index.js';

export const VERSION = '0.1.0';

function describe(input: InputSpec): string {
  const short = input.cliAliases?.filter((a) => a.length === 1).map((a) => `-${a}, `) ?? [];
  const long = [input.name, ...(input.cliAliases?.filter((a) => a.length > 1) ?? [])].map((n) => `--${n}`).join(', ');
  const flag = `  ${short.join('')}${long}${input.flag ? '' : ' VALUE'}`;
  const def = input.default ? ` [default: ${input.default}]` : '';
  return `${flag}\n      ${inputDescription(input)}${def}`;
}

/** `certwright --help`, from the same input specs as action.yml. */
export function helpText(): string {
  const providers = PROVIDERS.map((p) => `\nProvider ${p.name}: ${p.description}\n${p.options.map(describe).join('\n')}`).join('\n');
  return `certwright ${VERSION}: ACME DNS-01 certificates for CI and terminals

Usage:
  certwright certonly -d NAME [-d NAME...] --dns PROVIDER [options]
  certwright renew -d NAME [-d NAME...] --dns PROVIDER --state-key KEY [options]
  certwright certificates | revoke --cert-name NAME [--reason R] | delete --cert-name NAME
  certwright verify-release --package NAME --version V --tarball FILE [--registry URL] [--tag vV]
  certwright verify-release --ecosystem pypi --package PROJECT --version V [--dist DIR] [--registry URL]

Commands:
  certonly       Obtain a certificate and write cert.pem, chain.pem, fullchain.pem, privkey.pem
  renew          Issue if missing, renew if due or changed, else say when it will be due (keeps state)
  certificates   List the certificates in the state with expiry and next renewal
  revoke         Revoke a certificate in the state (--reason unspecified, keycompromise, superseded, ...)
  delete         Remove a certificate from the state
  verify-release Check that the published npm tarball / PyPI files are the ones built here (exit 1 if not)

Options:
${CORE_INPUTS.map(describe).join('\n')}

Renewal options (renew, certificates, revoke, delete):
${RENEW_INPUTS.map(describe).join('\n')}

verify-release options:
${VERIFY_INPUTS.map(describe).join('\n')}
  -v, --verbose   Log every step (never keys or secrets)
  -q, --quiet     Log only warnings and errors; print nothing on success (for cron)
  --json          Print the result as JSON
  --version, -h --help
${providers}

Secret options can come from the environment instead: CERTWRIGHT_<OPTION> (e.g. CERTWRIGHT_RFC2136_TSIG_SECRET).
`;
}
