import { NPM_STEPS, PYPI_STEPS, type ReleaseConfig, type ReleaseStep } from '../release/steps/shared.js';
import { parseBoolean, value, type InputSpec, type RawInputs } from './inputs.js';

/** Inputs of `release-step/action.yml`: one step of the npm or PyPI release workflow. */
export const RELEASE_INPUTS: readonly InputSpec[] = [
  {
    name: 'step',
    description:
      `npm: ${NPM_STEPS.join(', ')}; PyPI: ${PYPI_STEPS.join(', ')}. One step of the release; ` +
      'the reusable workflows run them in this order.',
    required: true,
  },
  { name: 'ecosystem', description: '`npm` or `pypi`.', default: 'npm' },
  {
    name: 'tag',
    description:
      'The release tag (`v1.2.3`); every package must carry its version. ' +
      'Default: the tag the workflow runs for (GITHUB_REF_NAME).',
  },
  {
    name: 'packages',
    description:
      'Folders of the packages released together (package.json or pyproject.toml in each), ' +
      'comma- or newline-separated.',
    default: '.',
  },
  {
    name: 'out-dir',
    description:
      'Where the tarballs (npm) or sdists and wheels (PyPI) and SHA256SUMS go. ' +
      'Default: `release` for npm, `dist` for PyPI.',
  },
  {
    name: 'registry',
    description:
      "npm: the registry (default: npm's own configuration). PyPI: the index, e.g. " +
      'https://test.pypi.org: uploads go to /legacy/, installs come from /simple/ (default https://pypi.org).',
  },
  {
    name: 'registry-token',
    description:
      'npm: a token for publish and dist-tag (without it npm uses its configuration, or trusted publishing). ' +
      'PyPI: an API token for upload.',
    secret: true,
  },
  {
    name: 'staging-tag',
    description: 'npm: the dist-tag a version is published under until it has been verified and promoted.',
    default: 'staging',
  },
  {
    name: 'provenance',
    description:
      'npm publish: `true` adds a provenance statement (needs `id-token: write`); ' +
      '`auto` does when the job can get an OIDC token.',
    default: 'auto',
  },
  {
    name: 'smoke',
    description:
      'install-test: a shell command run where the released packages were installed from the registry (npm: ' +
      'an empty folder with them in node_modules; PyPI: a fresh virtual environment, activated). ' +
      'RELEASE_VERSION holds the version.',
  },
  {
    name: 'extra-index-url',
    description:
      'PyPI install-test: a second index for dependencies the test index does not have, ' +
      'such as https://pypi.org/simple/.',
  },
  {
    name: 'build-isolation',
    description:
      'PyPI build: `false` builds with the backend already installed for `python` instead of an isolated ' +
      'environment (offline runners).',
    default: 'true',
  },
  {
    name: 'python',
    description: 'PyPI: the Python interpreter that builds, checks (twine) and creates the virtual environment.',
    default: 'python3',
  },
];

function url(raw: RawInputs, name: string): string | undefined {
  const text = value(raw, name);
  if (text === undefined) return undefined;
  try {
    return new URL(text).toString().replace(/\/$/, '');
  } catch {
    throw new Error(`${name}: "${text}" is not a URL; expected such as https://test.pypi.org`);
  }
}

/** Validates the release inputs; `tagFallback` is the workflow's tag (GITHUB_REF_NAME on a tag push). */
export function parseReleaseConfig(raw: RawInputs, tagFallback?: string): ReleaseConfig {
  const ecosystem = (value(raw, 'ecosystem') ?? 'npm').toLowerCase();
  if (ecosystem !== 'npm' && ecosystem !== 'pypi')
    throw new Error(`ecosystem: "${ecosystem}" is not supported; expected npm or pypi`);
  const steps: readonly string[] = ecosystem === 'npm' ? NPM_STEPS : PYPI_STEPS;
  const step = value(raw, 'step');
  if (!step || !steps.includes(step))
    throw new Error(
      `step: ${step ? `"${step}" is not a step of the ${ecosystem} release` : 'missing'}; ` +
        `expected one of ${steps.join(', ')}`,
    );
  const tag = value(raw, 'tag') ?? tagFallback;
  if (!tag)
    throw new Error(
      'tag: missing; expected the release tag such as v1.2.3 (the workflow must run for a tag, or pass tag)',
    );
  const packages = (value(raw, 'packages') ?? '.')
    .split(/[\n,]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const provenanceText = (value(raw, 'provenance') ?? 'auto').toLowerCase();
  const provenance = provenanceText === 'auto' ? 'auto' : parseBoolean(raw, 'provenance');
  const registry = url(raw, 'registry');
  const token = value(raw, 'registry-token');
  const smoke = value(raw, 'smoke');
  const extraIndexUrl = url(raw, 'extra-index-url');
  return {
    ecosystem,
    step: step as ReleaseStep,
    tag,
    packages: packages.length > 0 ? packages : ['.'],
    outDir: value(raw, 'out-dir') ?? (ecosystem === 'npm' ? 'release' : 'dist'),
    stagingTag: value(raw, 'staging-tag') ?? 'staging',
    provenance,
    python: value(raw, 'python') ?? 'python3',
    buildIsolation: value(raw, 'build-isolation') === undefined ? true : parseBoolean(raw, 'build-isolation'),
    ...(registry ? { registry } : {}),
    ...(token ? { token } : {}),
    ...(smoke ? { smoke } : {}),
    ...(extraIndexUrl ? { extraIndexUrl } : {}),
  };
}
