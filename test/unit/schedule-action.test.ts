import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { workflowNextRun } from '../../src/action/schedule.js';
import { silentLogger } from '../../src/runtime.js';

describe("the workflow's own schedule", () => {
  it('reads on.schedule from the workflow named by GITHUB_WORKFLOW_REF', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'certwright-ws-'));
    await mkdir(join(workspace, '.github', 'workflows'), { recursive: true });
    await writeFile(
      join(workspace, '.github', 'workflows', 'renew.yml'),
      "on:\n  schedule:\n    - cron: '17 4 * * *'\n    - cron: '0 12 * * 1'\n  workflow_dispatch: {}\njobs: {}\n",
    );
    const env = {
      GITHUB_WORKSPACE: workspace,
      GITHUB_WORKFLOW_REF: 'acme/site/.github/workflows/renew.yml@refs/heads/main',
    };
    const nextRun = await workflowNextRun(env, silentLogger);
    assert.equal(
      nextRun?.(new Date('2026-11-23T05:00:00Z')).toISOString(),
      '2026-11-23T12:00:00.000Z',
      'the earliest of the crons',
    );
    assert.equal(
      nextRun?.(new Date('2026-11-23T12:30:00Z')).toISOString(),
      '2026-11-24T04:17:00.000Z',
      'asked again later, the next one',
    );
    assert.equal(
      await workflowNextRun(
        { ...env, GITHUB_WORKFLOW_REF: 'acme/site/.github/workflows/other.yml@refs/heads/main' },
        silentLogger,
      ),
      undefined,
    );
    assert.equal(await workflowNextRun({}, silentLogger), undefined);
  });
});
