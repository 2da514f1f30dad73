import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { renderSummary, tableRows } from '../harness/browser.js';
import { bedInputs } from '../../src/testing/engine.js';
import { ACTION_NODE, actionNodeVersion } from '../../src/testing/node24.js';
import { runActionStep as runStep, type StepRun } from '../../src/testing/runner.js';
import { startTestbed, type Testbed } from '../../src/testing/testbed.js';

const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** The workflow commands of a step's log: `::error title=T::message` → { command, title, message }. */
function commands(output: string, command: string): { title: string; message: string }[] {
  return [...output.matchAll(new RegExp(`^::${command}(?: ([^:]*))?::(.*)$`, 'gm'))].map(([, props, message]) => ({
    title: decodeURIComponent(/title=([^,]*)/.exec(props ?? '')?.[1]?.replace(/%2C/g, ',') ?? ''),
    message: message ?? '',
  }));
}

/** The lines of the log group titled `title`. */
function group(output: string, title: string): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`::group::${title}`));
  assert.notEqual(start, -1, `a group ${title}:\n${output}`);
  const end = lines.indexOf('::endgroup::', start);
  assert.notEqual(end, -1, `group ${title} is closed`);
  return lines.slice(start + 1, end);
}

describe('what the Action reports', () => {
  const runActionStep = (inputs: Record<string, string | undefined>, env: Record<string, string> = {}) =>
    runStep(main, inputs, {}, ACTION_NODE, env);
  const label = `node${actionNodeVersion().split('.')[0]}`;
  let bed: Testbed;
  before(async () => {
    bed = await startTestbed();
  });
  after(async () => {
    await bed?.stop();
  });

  /** Two issued, one not due, one failed: the run a summary has to show at a glance. */
  async function mixedRun(): Promise<StepRun> {
    const configPath = `${bed.dir}/report-${label}.yml`;
    const store = `file:${bed.dir}/report-${label}.jwe`;
    const inputs = {
      ...bedInputs(bed, []),
      domains: undefined,
      config: configPath,
      store,
      'state-key': 'a passphrase for the report state',
    };
    await writeFile(configPath, `certificates:\n  - domains: [kept.${label}.example.test]\n`);
    assert.equal((await runActionStep(inputs)).code, 0);
    await writeFile(
      configPath,
      `certificates:
  - domains: [kept.${label}.example.test]
  - cert-name: new-one
    domains: [one.${label}.example.test, "*.one.${label}.example.test"]
  - cert-name: new-two
    domains: [two.${label}.other.test]
  - cert-name: broken
    domains: [broken.${label}.example.test]
    rfc2136-tsig-key: a-key-bind-does-not-know
`,
    );
    return runActionStep(inputs);
  }

  it('two issued, one not due, one failed: a group per order, an annotation each, and a summary table that renders', async () => {
    const run = await mixedRun();
    assert.equal(run.code, 1, 'a failed certificate fails the step');
    const results = JSON.parse(run.outputs.certificates ?? '[]') as { name: string; action: string; error?: string }[];
    assert.deepEqual(
      results.map((r) => [r.name, r.action]),
      [
        [`kept.${label}.example.test`, 'not-due'],
        ['new-one', 'issued'],
        ['new-two', 'issued'],
        ['broken', 'failed'],
      ],
    );

    const errors = commands(run.output, 'error');
    assert.equal(errors.length, 1, `one annotation per failure:\n${run.output}`);
    assert.equal(errors[0]?.title, 'certwright: broken failed');
    assert.equal(errors[0]?.message, results[3]?.error);
    assert.deepEqual(
      commands(run.output, 'notice')
        .map((n) => n.title)
        .sort(),
      ['certwright: new-one issued', 'certwright: new-two issued'],
    );

    // Each ordered certificate's lines are one group, every line carries its name, and the wait is told.
    const lines = group(run.output, 'new-one: issuing: no certificate yet');
    assert.ok(lines.length >= 5, lines.join('\n'));
    for (const line of lines.filter((l) => !l.startsWith('::'))) assert.match(line, /^new-one: /);
    for (const step of [
      /order placed: 2 name\(s\) to prove/,
      /2 TXT record\(s\) created with rfc2136/,
      /TXT records served by all 1 authoritative nameserver\(s\) after/,
      /validated: the CA saw all 2 TXT records/,
      /issued: serial [0-9a-f]+, valid until/,
    ]) {
      assert.ok(
        lines.some((line) => step.test(line)),
        `${step} in\n${lines.join('\n')}`,
      );
    }
    assert.ok(group(run.output, 'broken: issuing').length > 0);
    assert.equal(
      run.output.match(/^::group::/gm)?.length,
      run.output.match(/^::endgroup::/gm)?.length,
      'every group is closed',
    );

    const rows = tableRows((await renderSummary(run.summary, `summary-mixed-${label}`)).dom);
    assert.deepEqual(
      rows[0]?.map((c) => c.text),
      ['Certificate', 'Status', 'Names', 'Days left', 'Next renewal', 'Serial'],
    );
    const body = rows.slice(1);
    assert.equal(body.length, 5, 'a row per certificate and one for the error');
    assert.deepEqual(
      body.map((r) => r[0]?.text),
      [`kept.${label}.example.test`, 'new-one', 'new-two', 'broken', `Error: ${results[3]?.error}`],
    );
    for (const row of body.slice(0, 4)) assert.equal(row.length, 6, 'every certificate row has all six cells');
    assert.deepEqual(
      body[4]?.map((c) => c.colspan),
      [6],
      'the error has a row of its own across the table',
    );
    assert.match(body[1]?.[1]?.text ?? '', /issued/);
    assert.match(body[0]?.[1]?.text ?? '', /not due/);
    assert.match(body[3]?.[1]?.text ?? '', /failed/);
    assert.equal(
      body[3]?.[2]?.text,
      `broken.${label}.example.test`,
      'a failed certificate with none in place still shows the names it asked for',
    );
    assert.match(body[1]?.[2]?.text ?? '', /^\*\.one\.|one\./);
    assert.match(body[0]?.[3]?.text ?? '', /^\d+ \(until \d{4}-\d\d-\d\d\)$/);
    assert.match(body[0]?.[4]?.text ?? '', /^\d{4}-\d\d-\d\d \(in \d+ d\)$/);
    assert.match(run.summary, /4 certificate\(s\): 1 not due, 2 issued, 1 failed\./);
  });

  it('a step that fails on bad input still writes a summary with the error, escaped', async () => {
    const run = await runActionStep({
      ...bedInputs(bed, ['ok.example.test']),
      'renew-before-days': '<b>soon</b> & "now"',
    });
    assert.equal(run.code, 1);
    assert.equal(commands(run.output, 'error').length, 1);
    assert.ok(!run.summary.includes('<b>soon'), 'the input is not HTML in the summary');
    const { dom } = await renderSummary(run.summary, `summary-bad-input-${label}`);
    assert.match(dom, /renew-before-days: "&lt;b&gt;soon&lt;\/b&gt; &amp; "now"" is not a number of days/);
    assert.ok(!dom.includes('<b>'), 'no element comes out of the error text');
  });

  it('warns once a certificate is within warn-days of expiry, sets expires-in-days, and CERTWRIGHT_SUMMARY=false writes no summary', async () => {
    const inputs = bedInputs(bed, [`warn.${label}.example.test`], {
      store: `file:${bed.dir}/warn-${label}.jwe`,
      'state-key': 'a passphrase for the warn state',
    });
    const first = await runActionStep(inputs);
    assert.equal(first.code, 0, first.output);
    assert.equal(commands(first.output, 'warning').length, 0, 'a new certificate is not close to expiry by default');
    const days = Number(first.outputs['expires-in-days']);
    assert.ok(days > 0, first.outputs['expires-in-days']);
    const warned = await runActionStep({ ...inputs, 'warn-days': String(days + 1) }, { CERTWRIGHT_SUMMARY: 'false' });
    assert.equal(warned.code, 0, warned.output);
    const warnings = commands(warned.output, 'warning');
    assert.equal(warnings.length, 1, warned.output);
    assert.equal(warnings[0]?.title, `certwright: warn.${label}.example.test expires soon`);
    assert.match(
      warnings[0]?.message ?? '',
      new RegExp(`^warn\\.${label}\\.example\\.test expires in ${days} days \\(\\d{4}-`),
    );
    assert.equal(warned.summary, '', 'CERTWRIGHT_SUMMARY=false leaves the job summary alone');
    const bad = await runActionStep({ ...inputs, 'warn-days': 'a week' });
    assert.equal(bad.code, 1);
    assert.match(bad.output, /^::error::warn-days: "a week" is not a number of days; expected a number such as 7$/m);
  });
});
