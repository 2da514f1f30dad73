import type { VerifyConfig } from '../release/verify.js';
import { parseBoolean, value, type InputSpec, type RawInputs } from './inputs.js';

/** Inputs of `certwright verify-release` and `verify-release/action.yml`. */
export const VERIFY_INPUTS: readonly InputSpec[] = [
  { name: 'ecosystem', description: '`npm` or `pypi`.', default: 'npm' },
  { name: 'package', description: 'The npm package name or PyPI project.', required: true },
  { name: 'version', description: 'The version that was published.', required: true },
  { name: 'tarball', description: 'npm: the .tgz that `npm pack` wrote in this pipeline.' },
  { name: 'dist', description: 'PyPI: the folder with the sdist and wheels this pipeline built.', default: 'dist' },
  { name: 'registry', description: 'Registry or index URL. Default: https://registry.npmjs.org for npm, https://pypi.org for PyPI.' },
  { name: 'registry-token', description: "Token for a private registry (sent as a bearer token). Without it, the registry's `_authToken` from the project's and the user's .npmrc (as actions/setup-node writes it, with `${NODE_AUTH_TOKEN}`), then NODE_AUTH_TOKEN / NPM_TOKEN.", secret: true },
  { name: 'tag', description: 'The git tag of the release (`v1.2.3`); the version must match it.' },
  { name: 'require-provenance', description: 'npm: fail unless the version has a provenance attestation.', default: 'false', flag: true },
  { name: 'timeout', description: 'Seconds to wait for the registry to serve the version before declaring it missing.', default: '300' },
];

/** Validates the verify-release inputs; each error names the input and what is expected. */
export function parseVerifyConfig(raw: RawInputs): VerifyConfig {
  const ecosystem = (value(raw, 'ecosystem') ?? 'npm').toLowerCase();
  if (ecosystem !== 'npm' && ecosystem !== 'pypi') throw new Error(`ecosystem: "${ecosystem}" is not supported; expected npm or pypi`);
  const name = value(raw, 'package');
  if (!name) throw new Error(`package: missing; expected the ${ecosystem === 'npm' ? 'npm package name, such as @acme/site' : 'PyPI project name'}`);
  const version = value(raw, 'version');
  if (!version) throw new Error('version: missing; expected the version that was published, such as 1.2.3');
  const tarball = value(raw, 'tarball');
  if (ecosystem === 'npm' && !tarball) throw new Error('tarball: missing; expected the .tgz that npm pack wrote, such as acme-site-1.2.3.tgz');
  const timeoutText = value(raw, 'timeout') ?? '300';
  if (!/^\d+$/.test(timeoutText)) throw new Error(`timeout: "${timeoutText}" is not a number of seconds; expected such as 300`);
  const registry = value(raw, 'registry') ?? (ecosystem === 'npm' ? 'https://registry.npmjs.org' : 'https://pypi.org');
  try {
    new URL(registry);
  } catch {
    throw new Error(`registry: "${registry}" is not a URL; expected such as https://registry.npmjs.org`);
  }
  const token = value(raw, 'registry-token');
  const tag = value(raw, 'tag');
  return {
    ecosystem,
    name,
    version,
    dist: value(raw, 'dist') ?? 'dist',
    registry,
    requireProvenance: parseBoolean(raw, 'require-provenance'),
    timeoutMs: Number(timeoutText) * 1000,
    ...(tarball ? { tarball } : {}),
    ...(token ? { token } : {}),
    ...(tag ? { tag } : {}),
  };
}

