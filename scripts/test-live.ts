// `npm run test:live [provider...]`: the provider contract against the real vendors whose
// variables are set (src/testing/live.ts says which), never part of the test command. Without any,
// it says what each provider needs and exits 0 having run nothing. Everything the tests print
// passes through a mask of the credentials found in the environment.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describeLivePlan, LIVE_PROVIDERS, liveSecrets, maskingWriter, planLiveRun } from '../src/testing/live.js';

const suite = fileURLToPath(new URL('../src/testing/live-suite.ts', import.meta.url));

function selectedProviders(args: readonly string[]): readonly string[] {
  const unknown = args.filter((name) => !LIVE_PROVIDERS.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(
      `test:live: no live tests for ${unknown.join(', ')}; they exist for ${LIVE_PROVIDERS.join(', ')}\n`,
    );
    process.exit(2);
  }
  return args.length > 0 ? args : LIVE_PROVIDERS;
}

function runSuite(providers: readonly string[]): Promise<number> {
  const secrets = liveSecrets(process.env);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', suite],
    { env: { ...process.env, CERTWRIGHT_LIVE_PROVIDERS: providers.join(',') }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const out = maskingWriter(secrets, (text) => process.stdout.write(text));
  const err = maskingWriter(secrets, (text) => process.stderr.write(text));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => out.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => err.push(chunk));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      out.end();
      err.end();
      resolve(code ?? 1);
    }),
  );
}

const plan = planLiveRun(selectedProviders(process.argv.slice(2)), process.env);
for (const line of describeLivePlan(plan)) process.stdout.write(`test:live: ${line}\n`);
if (plan.ready.length === 0) {
  process.stdout.write(
    'test:live: no provider has its variables set: ran nothing, checked nothing (exit 0 is not a pass of any live test)\n',
  );
  process.exit(0);
}
process.stdout.write(`test:live: running the provider contract against ${plan.ready.join(', ')}\n`);
process.exit(await runSuite(plan.ready));
