/** The github-secret target's settings, parsed from its options: every error names the option. */
import type { OptionValues } from '../../options/option.js';
import { optionalOption, requireOption } from '../../options/parse.js';
import { githubApiUrl, parseRepository } from '../../store/github.js';
import { parseSecretPlace, usableSecretName, type SecretTarget } from '../../store/secret/secret-writer.js';
import { NAME_FORMS } from './metadata.js';

/** One secret the target writes: its place, and what it holds. */
export interface SecretSlot {
  readonly target: SecretTarget;
  readonly holds: 'fullchain' | 'privkey' | 'pfx';
}

export interface GithubSecretSettings {
  /** The secrets, each with its place (all in one scope). */
  readonly slots: readonly SecretSlot[];
  readonly token: string;
  readonly apiUrl: string;
  /** The repository a new organisation secret is made readable by. */
  readonly repository: { readonly owner: string; readonly repo: string } | undefined;
  /** With format pfx. */
  readonly pfxPassword?: string;
  /** Where the secrets are: `repository acme/site`, `environment prod of acme/site`, `organisation acme`. */
  readonly scope: string;
}

function repositoryOf(values: OptionValues): { owner: string; repo: string } {
  const repository = optionalOption(values, 'github-secret-repository');
  if (repository === undefined)
    return parseRepository(values, 'whose secrets the github-secret target writes (or set github-secret-repository)');
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0)
    throw new Error(`github-secret-repository: "${repository}" is not owner/repo; it names the repository to write to`);
  return { owner, repo };
}

function secretName(values: OptionValues, option: string, fallback: string): string {
  const name = optionalOption(values, option) ?? fallback;
  if (!usableSecretName(name))
    throw new Error(
      `${option}: "${String(name)}" is not a usable secret name; ` +
        'expected letters, digits and underscores, not starting with a digit or GITHUB_',
    );
  return name;
}

function scopeOf(target: SecretTarget): string {
  switch (target.kind) {
    case 'repository':
      return `repository ${target.owner}/${target.repo}`;
    case 'environment':
      return `environment ${target.environment} of ${target.owner}/${target.repo}`;
    case 'organization':
      return `organisation ${target.org}`;
  }
}

function parseFormat(values: OptionValues): 'pem' | 'pfx' {
  const format = (optionalOption(values, 'github-secret-format') ?? 'pem').toLowerCase();
  if (format !== 'pem' && format !== 'pfx')
    throw new Error(`github-secret-format: "${format}" is not a format; expected pem or pfx`);
  return format;
}

function parseToken(values: OptionValues): string {
  const token = optionalOption(values, 'github-secret-token') ?? optionalOption(values, 'github-token');
  if (!token)
    throw new Error(
      'github-secret-token: missing; expected a token that may write the secrets (a fine-grained PAT or GitHub App ' +
        'token with "Secrets: Read and write"), or set github-token',
    );
  return token;
}

export function parseGithubSecretSettings(values: OptionValues): GithubSecretSettings {
  const text = requireOption(values, 'github-secret-name', `${NAME_FORMS.join(', ')}, such as TLS`);
  const place = parseSecretPlace(text, { option: 'github-secret-name', shown: text, forms: NAME_FORMS }, () =>
    repositoryOf(values),
  );
  const prefix = place.name;
  const format = parseFormat(values);
  const at = (name: string): SecretTarget => ({ ...place, name });
  const slots: SecretSlot[] =
    format === 'pem'
      ? [
          { target: at(secretName(values, 'github-secret-fullchain-name', `${prefix}_FULLCHAIN`)), holds: 'fullchain' },
          { target: at(secretName(values, 'github-secret-key-name', `${prefix}_PRIVKEY`)), holds: 'privkey' },
        ]
      : [{ target: at(secretName(values, 'github-secret-pfx-name', `${prefix}_PFX`)), holds: 'pfx' }];
  const pfxPassword = optionalOption(values, 'github-secret-pfx-password');
  if (format === 'pfx' && !pfxPassword)
    throw new Error(
      'github-secret-pfx-password: missing; expected the password of the PFX (or set ' +
        'CERTWRIGHT_GITHUB_SECRET_PFX_PASSWORD): github-secret-format is pfx',
    );
  const repository =
    place.kind === 'organization'
      ? optionalOption(values, 'github-repository') || optionalOption(values, 'github-secret-repository')
        ? repositoryOf(values)
        : undefined
      : { owner: place.owner, repo: place.repo };
  return {
    slots,
    token: parseToken(values),
    apiUrl: githubApiUrl(values),
    repository,
    scope: scopeOf(place),
    ...(format === 'pfx' && pfxPassword ? { pfxPassword } : {}),
  };
}

/** The scope of a secret as a path: `acme/site`, `acme/site/environments/prod`, `orgs/acme`. */
function scopePath(target: SecretTarget): string {
  switch (target.kind) {
    case 'repository':
      return `${target.owner}/${target.repo}`;
    case 'environment':
      return `${target.owner}/${target.repo}/environments/${target.environment}`;
    case 'organization':
      return `orgs/${target.org}`;
  }
}

/** The state's key for the target: its scope and secret names, so another place is a first deploy there. */
export function githubSecretKey(settings: GithubSecretSettings): string {
  const [first] = settings.slots;
  const scope = first ? scopePath(first.target) : '';
  return `github-secret:${scope}/${settings.slots.map((s) => s.target.name).join(',')}`;
}
