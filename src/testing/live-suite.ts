/**
 * The live suite: the provider contract against each real vendor named in CERTWRIGHT_LIVE_PROVIDERS,
 * which scripts/test-live.ts sets to the providers whose variables are all there. Not a `.test.ts`
 * file, so the test command never picks it up; `npm run test:live` runs it.
 *
 * With CERTWRIGHT_LIVE_ACME_SERVER (`letsencrypt-staging`, or any ACME directory URL but Let's
 * Encrypt's production one), each provider also gets a certificate for a fresh name in its zone.
 */
import assert from 'node:assert/strict';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { challengeRecordName } from '../dns/names.js';
import { query, txtValues } from '../dns/wire.js';
import { neutralise, type Logger } from '../runtime.js';
import { only, runInputs } from './engine.js';
import {
  liveContractTarget,
  liveOptionValues,
  livePropagationSeconds,
  LIVE_PROVIDERS,
  liveZone,
  type Environment,
} from './live.js';
import { providerContractScenarios } from './provider-contract.js';

const STAGING = 'https://acme-staging-v02.api.letsencrypt.org/directory';

/** Lines on stderr, one provider's prefix each; the runner masks secrets in them. */
function liveLogger(provider: string, env: Environment): Logger {
  const line = (level: string, message: string) =>
    process.stderr.write(`${provider}: ${level}: ${neutralise(message)}\n`);
  return {
    info: (message) => line('info', message),
    warn: (message) => line('warn', message),
    debug: (message) => (env.CERTWRIGHT_LIVE_DEBUG ? line('debug', message) : undefined),
  };
}

/** The ACME server for the optional issuance: `letsencrypt-staging` or a URL, never Let's Encrypt production. */
function acmeServer(env: Environment): string | undefined {
  const given = env.CERTWRIGHT_LIVE_ACME_SERVER?.trim();
  if (!given) return undefined;
  const url = given === 'letsencrypt-staging' ? STAGING : given;
  if (/acme-v02\.api\.letsencrypt\.org/.test(url) || given === 'letsencrypt')
    throw new Error(
      `live: CERTWRIGHT_LIVE_ACME_SERVER: "${given}" is Let's Encrypt production; use letsencrypt-staging so live tests spend no production rate limit`,
    );
  return url;
}

/** What the zone's authoritative nameservers serve at `name`, all of them together. */
async function servedTxt(provider: string, env: Environment, logger: Logger, name: string): Promise<string[]> {
  const target = liveContractTarget(provider, env, logger);
  const servers = await target.resolver.authoritativeServers(target.zone);
  const answers = await Promise.all(
    servers.map(async (server) => txtValues((await query(server, name, 'TXT')).answers, name)),
  );
  return answers.flat();
}

function issuanceScenario(provider: string, env: Environment, logger: Logger, server: string): void {
  it(`a certificate from ${server} for a fresh name, its TXT records gone afterwards`, async () => {
    const name = `certwright-live-${randomBytes(5).toString('hex')}.${liveZone(provider, env)}`;
    const outputDir = await mkdtemp(join(tmpdir(), 'certwright-live-'));
    try {
      const raw = {
        domains: name,
        server,
        'agree-tos': 'true',
        ...(env.CERTWRIGHT_LIVE_ACME_EMAIL ? { email: env.CERTWRIGHT_LIVE_ACME_EMAIL } : {}),
        'dns-provider': provider,
        ...liveOptionValues(provider, env),
        'output-dir': outputDir,
        'propagation-timeout': String(livePropagationSeconds(env)),
        ...(env.CERTWRIGHT_LIVE_RESOLVERS ? { resolvers: env.CERTWRIGHT_LIVE_RESOLVERS } : {}),
        ...(env.CERTWRIGHT_LIVE_NAMESERVERS ? { nameservers: env.CERTWRIGHT_LIVE_NAMESERVERS } : {}),
      };
      const outcome = only(await runInputs(raw, { logger, env }));
      assert.ok(outcome.paths, 'the certificate files are written');
      const certificate = new X509Certificate(await readFile(outcome.paths.cert, 'utf8'));
      assert.equal(certificate.subjectAltName, `DNS:${name}`);
      assert.deepEqual(await servedTxt(provider, env, logger, challengeRecordName(name)), [], 'no TXT value is left');
    } finally {
      await rm(outputDir, { recursive: true, force: true });
    }
  });
}

const env: Environment = process.env;
const selected = (env.CERTWRIGHT_LIVE_PROVIDERS ?? '').split(',').filter((name) => name !== '');
if (selected.length === 0)
  throw new Error('live: no provider selected; run `npm run test:live`, which selects those whose variables are set');
for (const provider of selected) {
  if (!LIVE_PROVIDERS.includes(provider)) throw new Error(`live: no live tests for ${provider}`);
  describe(`${provider} at the real vendor, zone ${liveZone(provider, env)}`, () => {
    const logger = liveLogger(provider, env);
    providerContractScenarios(() => liveContractTarget(provider, env, logger));
    const server = acmeServer(env);
    if (server) issuanceScenario(provider, env, logger, server);
  });
}
