/**
 * The scenarios every deploy target must pass, through the shipped bundles (`dist/cli.js`, and the
 * Action's `dist/main.js` run as the runner runs it) against Pebble and BIND, with the target
 * pointed at its local fake API. A target's test file supplies a fixture and calls
 * `deployScenarios` inside a `describe` (see src/deploy/github-secret/testing/target.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { ALL_INPUTS } from '../config/file-keys.js';
import { runCli } from './cli.js';
import { bedInputs, STATE_KEY } from './engine.js';
import { node24 } from './node24.js';
import { keyMaterialLines, runActionStep, visibleLog } from './runner.js';
import type { Testbed } from './testbed.js';

/** What a deploy target's test tells the scenarios about the target and its fake. */
export interface DeployTargetFixture {
  /** The target's name (`deploy-to`). */
  readonly name: string;
  /**
   * The target's own settings for the place of certificate `place` (full option names, such as
   * `acm-regions`): each place distinct, so several certificates or targets do not share one.
   */
  settings(place: string): Record<string, string>;
  /** Inputs of the step (CLI flags) the target needs beside its settings, such as an API URL a config file may not set. */
  stepInputs(): Record<string, string>;
  /** Credentials as CI puts them in the environment. */
  credentialsEnv(): Record<string, string>;
  /** What the fake holds at `place`: its identifier and the serial (lower-case hex) of the certificate there. */
  held(place: string): { id: string; serial: string } | undefined;
  /** Requests the fake has answered so far. */
  requestCount(): number;
  /** Makes the next deploy fail: the fake answers one request with an error the target does not retry away. */
  failOnce(): void;
  /** Values that must never appear in any output (tokens, passwords). */
  secrets(): string[];
  /** What a renewal leaves: the same identifier (an ARN, a Secret, a secret name) or a new one (a version). */
  readonly renewal: 'same-id' | 'new-id';
}

export interface DeployScenarioContext {
  readonly bed: Testbed;
  readonly fixture: DeployTargetFixture;
}

const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));
const FLAGS = new Set(ALL_INPUTS.filter((input) => input.flag).map((input) => input.name));

/** Inputs as CLI flags: `--name value`, a switch as `--name`. */
function flagsOf(raw: Record<string, string | undefined>): string[] {
  return Object.entries(raw).flatMap(([name, value]) => {
    if (value === undefined) return [];
    if (FLAGS.has(name)) return value === 'true' ? [`--${name}`] : [];
    return [`--${name}`, value];
  });
}

/** A folder for one scenario's state, files and config. */
interface Workspace {
  readonly dir: string;
  readonly statePath: string;
  readonly outputDir: string;
}

async function workspace(name: string): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), `certwright-deploy-${name}-`));
  return { dir, statePath: join(dir, 'state.jwe'), outputDir: join(dir, 'out') };
}

/**
 * The CLI through dist/cli.js with the state in the workspace and the fixture's credentials; `issuing`
 * adds the bed's inputs (CA, DNS) and the fixture's step inputs.
 */
async function cli(context: DeployScenarioContext, ws: Workspace, args: string[], issuing = true) {
  const { bed, fixture } = context;
  const state = { store: `file:${ws.statePath}`, 'output-dir': ws.outputDir };
  const base = issuing
    ? bedInputs(bed, [], {
        domains: undefined,
        ...state,
        'dry-run-server': bed.directoryUrl,
        ...fixture.stepInputs(),
      })
    : state;
  const run = await runCli([...args, ...flagsOf(base)], {
    CERTWRIGHT_STATE_KEY: STATE_KEY,
    XDG_CONFIG_HOME: join(ws.dir, 'config'),
    ...fixture.credentialsEnv(),
  });
  return { ...run, output: run.stdout + run.stderr };
}

/** `renew` of one certificate named `name` (its domain `name.example.test`) deploying to the fixture's place `name`. */
function renewOne(context: DeployScenarioContext, ws: Workspace, name: string, extra: string[] = []) {
  const { fixture } = context;
  return cli(context, ws, [
    'renew',
    '-d',
    `${name}.example.test`,
    '--cert-name',
    name,
    '--deploy-to',
    fixture.name,
    ...flagsOf(fixture.settings(name)),
    ...extra,
  ]);
}

/** The serial the state holds for `name`, as `certwright certificates --json` lists it. */
async function stateSerial(context: DeployScenarioContext, ws: Workspace, name: string): Promise<string> {
  const listed = await cli(context, ws, ['certificates', '--cert-name', name, '--json'], false);
  assert.equal(listed.code, 0, listed.output);
  const [item] = JSON.parse(listed.stdout) as { serial: string }[];
  assert.ok(item, `${name} is in the state`);
  return item.serial;
}

/** Asserts that no credential of the fixture and no line of any private key under `outputDir` is in `text`. */
async function assertNothingSecret(fixture: DeployTargetFixture, text: string, keyFiles: string[] = []): Promise<void> {
  for (const secret of fixture.secrets())
    assert.ok(!text.includes(secret), `a credential of ${fixture.name} appears in the output`);
  for (const file of keyFiles)
    for (const line of keyMaterialLines(await readFile(file, 'utf8')))
      assert.ok(!text.includes(line), `a line of the private key ${file} appears in the output`);
}

/** A config file of `names`, each certificate deploying to the fixture's places `places(name)`. */
async function writeConfig(
  ws: Workspace,
  fixture: DeployTargetFixture,
  names: readonly string[],
  places: (name: string) => string[],
): Promise<string> {
  const item = (place: string) => {
    const prefix = `${fixture.name}-`;
    const settings = Object.entries(fixture.settings(place)).map(
      ([key, value]) => `${key.startsWith(prefix) ? key.slice(prefix.length) : key}: ${JSON.stringify(value)}`,
    );
    return `{ target: ${fixture.name}, ${settings.join(', ')} }`;
  };
  const entries = names.map(
    (name) =>
      `  - cert-name: ${name}\n    domains: [${name}.example.test]\n    deploy:\n` +
      places(name)
        .map((place) => `      - ${item(place)}\n`)
        .join(''),
  );
  const path = join(ws.dir, 'certwright.yml');
  await writeFile(path, `concurrency: 8\ncertificates:\n${entries.join('')}`);
  return path;
}

export function deployScenarios(context: () => DeployScenarioContext): void {
  it('CLI: the first run deploys, a no-op run makes no target call, a forced renewal goes into the same place', async () => {
    const ctx = context();
    const { fixture } = ctx;
    const ws = await workspace(fixture.name);
    const first = await renewOne(ctx, ws, 'first');
    assert.equal(first.code, 0, first.output);
    const serial = await stateSerial(ctx, ws, 'first');
    const held = fixture.held('first');
    assert.equal(held?.serial, serial, 'the target holds the certificate the state holds');
    assert.match(
      first.stdout,
      new RegExp(`-> ${fixture.name} +deployed ${escape(held?.id ?? '')} \\(serial ${serial}\\)`),
    );

    const before = fixture.requestCount();
    const noop = await renewOne(ctx, ws, 'first');
    assert.equal(noop.code, 0, noop.output);
    assert.match(noop.stdout, /Not due for renewal/);
    assert.equal(fixture.requestCount() - before, 0, 'a no-op run makes no request to the target');
    assert.match(noop.stdout, new RegExp(`-> ${fixture.name} +holds +${escape(held?.id ?? '')}`));

    const renewed = await renewOne(ctx, ws, 'first', ['--force-renewal']);
    assert.equal(renewed.code, 0, renewed.output);
    const newSerial = await stateSerial(ctx, ws, 'first');
    assert.notEqual(newSerial, serial, 'a new certificate');
    const after = fixture.held('first');
    assert.equal(after?.serial, newSerial, 'the target holds the renewed certificate');
    if (fixture.renewal === 'same-id') assert.equal(after?.id, held?.id, 'the renewal went into the same place');
    else assert.notEqual(after?.id, held?.id, 'the renewal is a new version');

    const listed = await cli(ctx, ws, ['certificates', '--cert-name', 'first'], false);
    assert.match(
      listed.stdout,
      new RegExp(`Deployed to ${fixture.name}:.*: ${escape(after?.id ?? '')} \\(serial ${newSerial}, `),
    );
    const keyFile = join(ws.outputDir, 'first', 'privkey.pem');
    await assertNothingSecret(fixture, first.output + noop.output + renewed.output + listed.output, [keyFile]);
  });

  it('CLI: a target failing once fails the run but keeps the certificate; the next run deploys it without a new order', async () => {
    const ctx = context();
    const { fixture } = ctx;
    const ws = await workspace(fixture.name);
    fixture.failOnce();
    const failed = await renewOne(ctx, ws, 'flaky');
    assert.equal(failed.code, 1, failed.output);
    assert.match(failed.stdout, new RegExp(`-> ${fixture.name} +FAILED +deploy to ${fixture.name}`));
    assert.match(failed.stdout, /Successfully received certificate/, 'the certificate was issued and kept');
    const serial = await stateSerial(ctx, ws, 'flaky');
    assert.notEqual(fixture.held('flaky')?.serial, serial, 'the failed target does not hold it');

    fixture.failOnce();
    const warned = await renewOne(ctx, ws, 'flaky', ['--deploy-failure', 'warn']);
    assert.equal(warned.code, 0, `deploy-failure warn: the run succeeds\n${warned.output}`);
    assert.match(warned.stdout, /FAILED/);

    const retried = await renewOne(ctx, ws, 'flaky');
    assert.equal(retried.code, 0, retried.output);
    assert.match(retried.stdout, /Not due for renewal/, 'no new order: the state had the certificate');
    assert.equal(await stateSerial(ctx, ws, 'flaky'), serial, 'the same certificate, no re-issue');
    assert.equal(fixture.held('flaky')?.serial, serial, 'the target holds it now');
    await assertNothingSecret(fixture, failed.output + warned.output + retried.output, [
      join(ws.outputDir, 'flaky', 'privkey.pem'),
    ]);
  });

  it('CLI: --dry-run says what the target would receive and sends it nothing', async () => {
    const ctx = context();
    const { fixture } = ctx;
    const ws = await workspace(fixture.name);
    const before = fixture.requestCount();
    const run = await renewOne(ctx, ws, 'dry', ['--dry-run']);
    assert.equal(run.code, 0, run.output);
    assert.match(
      run.stderr,
      new RegExp(
        `dry run: ${fixture.name} \\(.*\\) would receive the certificate for dry\\.example\\.test, serial [0-9a-f]+`,
      ),
    );
    assert.match(run.stdout, /dry run: would receive it/);
    assert.equal(fixture.requestCount() - before, 0, 'nothing sent');
    assert.equal(fixture.held('dry'), undefined);
    await assertNothingSecret(fixture, run.output);
  });

  it('CLI config: two targets on one certificate, deployed side by side, each recorded', async () => {
    const ctx = context();
    const { fixture } = ctx;
    const ws = await workspace(fixture.name);
    const config = await writeConfig(ws, fixture, ['pair'], () => ['pair-a', 'pair-b']);
    const run = await cli(ctx, ws, ['renew', '--config', config]);
    assert.equal(run.code, 0, run.output);
    const serial = await stateSerial(ctx, ws, 'pair');
    assert.equal(fixture.held('pair-a')?.serial, serial);
    assert.equal(fixture.held('pair-b')?.serial, serial);
    assert.equal(run.stdout.match(new RegExp(`-> ${fixture.name} +deployed`, 'g'))?.length, 2, run.stdout);
    const listed = await cli(ctx, ws, ['certificates', '--cert-name', 'pair'], false);
    assert.equal(listed.stdout.match(/Deployed to /g)?.length, 2, listed.stdout);
    await assertNothingSecret(fixture, run.output + listed.output, [join(ws.outputDir, 'pair', 'privkey.pem')]);
  });

  const fifty =
    'CLI config of 50 certificates with a target each: all deployed; the no-op run after it calls no target';
  it(fifty, async () => {
    const ctx = context();
    const { fixture } = ctx;
    const ws = await workspace(fixture.name);
    const names = Array.from({ length: 50 }, (_, i) => `bulk${i}`);
    const config = await writeConfig(ws, fixture, names, (name) => [name]);
    const first = await cli(ctx, ws, ['renew', '--config', config]);
    assert.equal(first.code, 0, first.output);
    for (const name of names) assert.ok(fixture.held(name), `${name} was deployed`);
    const before = fixture.requestCount();
    const noop = await cli(ctx, ws, ['renew', '--config', config]);
    assert.equal(noop.code, 0, noop.output);
    assert.equal(fixture.requestCount() - before, 0, 'a no-op run of 50 makes no request to the target');
    assert.equal(noop.stdout.match(/ holds /g)?.length, 50);
    await assertNothingSecret(fixture, first.output + noop.output);
  });

  it('the Action (dist/main.js on Node 24): deploys, reports the identifier in its outputs and summary, a no-op run calls nothing, a failure is annotated and fails the step; no credential or key in any output', async () => {
    const ctx = context();
    const { bed, fixture } = ctx;
    const ws = await workspace(fixture.name);
    const inputs = {
      ...bedInputs(bed, ['action.example.test'], {
        'cert-name': 'action',
        store: `file:${ws.statePath}`,
        'state-key': STATE_KEY,
        'deploy-to': fixture.name,
      }),
      ...fixture.stepInputs(),
      ...fixture.settings('action'),
    };
    const step = () => runActionStep(dist('main.js'), inputs, {}, node24(), fixture.credentialsEnv());
    const first = await step();
    assert.equal(first.code, 0, first.output);
    const held = fixture.held('action');
    assert.ok(held, 'the target holds the certificate');
    assert.equal(held.serial, first.outputs.serial);
    const deployed = JSON.parse(first.outputs.deployed ?? '{}') as Record<string, string>;
    assert.deepEqual(Object.values(deployed), [held.id], 'the deployed output maps the target key to its id');
    const [entry] = JSON.parse(first.outputs.certificates ?? '[]') as { deployed: Record<string, { id: string }> }[];
    assert.deepEqual(
      Object.values(entry?.deployed ?? {}).map((d) => d.id),
      [held.id],
    );
    assert.match(first.summary, new RegExp(`deploy to ${fixture.name} .*🚀 deployed <code>${escape(held.id)}</code>`));

    const before = fixture.requestCount();
    const noop = await step();
    assert.equal(noop.code, 0, noop.output);
    assert.equal(fixture.requestCount() - before, 0, 'a no-op run makes no request to the target');
    assert.match(noop.summary, /✔️ holds it/);

    fixture.failOnce();
    const failed = await runActionStep(
      dist('main.js'),
      { ...inputs, 'force-renewal': 'true' },
      {},
      node24(),
      fixture.credentialsEnv(),
    );
    assert.equal(failed.code, 1, failed.output);
    assert.match(failed.output, new RegExp(`::error title=certwright%3A action deploy to ${fixture.name} failed::`));
    assert.match(failed.summary, /❌ 1 deploy target\(s\) failed/);
    assert.equal(failed.outputs.renewed, 'true', 'the certificate was renewed and kept');
    const outputs = [first, noop, failed]
      .map((run) => visibleLog(run.output) + run.summary + JSON.stringify(run.outputs))
      .join('\n');
    await assertNothingSecret(fixture, outputs, [first.outputs['key-path'] ?? '', failed.outputs['key-path'] ?? '']);
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
