import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startRegistry, type Registry } from '../harness/verdaccio.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const version = (
  JSON.parse((await import('node:fs')).readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version;

/** Runs one step of scripts/release.sh, the script release.yml runs, against the local registry. */
async function step(
  registry: Registry,
  releaseDir: string,
  name: string,
  tag = `v${version}`,
): Promise<{ stdout: string; stderr: string }> {
  return run('bash', ['scripts/release.sh', name], {
    cwd: root,
    env: {
      ...process.env,
      REGISTRY: registry.url,
      RELEASE_DIR: releaseDir,
      TAG: tag,
      VERIFY_TIMEOUT: '20',
      npm_config_userconfig: registry.npmrc,
      npm_config_cache: join(registry.dir, 'npm-cache'),
      npm_config_update_notifier: 'false',
    },
  });
}

describe('the release workflow, step by step, against a real Verdaccio', () => {
  let registry: Registry;
  let releaseDir: string;
  before(async () => {
    registry = await startRegistry();
    releaseDir = await mkdtemp(join(tmpdir(), 'certwright-release-'));
  });
  after(async () => {
    await registry?.stop();
  });

  it('refuses a tag that does not match package.json', async () => {
    await assert.rejects(step(registry, releaseDir, 'check-tag', 'v9.9.9'), (error: { stderr: string }) => {
      assert.equal(error.stderr, `release: tag v9.9.9 does not match package.json version ${version}\n`);
      return true;
    });
  });

  it('packs, publishes under staging, verifies, installs and runs the CLI, then promotes to latest', async () => {
    await step(registry, releaseDir, 'check-tag');
    await step(registry, releaseDir, 'pack');
    await step(registry, releaseDir, 'publish');
    const tagsBefore = JSON.parse(
      (
        await run('npm', ['view', 'certwright', 'dist-tags', '--json', '--registry', registry.url], {
          env: { ...process.env, npm_config_userconfig: registry.npmrc },
        })
      ).stdout,
    ) as Record<string, string>;
    assert.equal(tagsBefore.staging, version, 'published under staging');
    const verified = await step(registry, releaseDir, 'verify');
    assert.match(verified.stdout, /^verified: certwright@.* is what was built$/m);
    const installed = await step(registry, releaseDir, 'install-test');
    assert.match(
      installed.stdout,
      new RegExp(`^release: certwright@${version.replace(/\./g, '\\.')} installs and runs$`, 'm'),
    );
    await step(registry, releaseDir, 'promote');
    const tags = JSON.parse(
      (
        await run('npm', ['view', 'certwright', 'dist-tags', '--json', '--registry', registry.url], {
          env: { ...process.env, npm_config_userconfig: registry.npmrc },
        })
      ).stdout,
    ) as Record<string, string>;
    assert.equal(tags.latest, version, 'promoted to latest');
  });
});
