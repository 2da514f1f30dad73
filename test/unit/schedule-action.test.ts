import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nextScheduledRun } from '../../src/action/schedule.js';
import { silentLogger } from '../../src/runtime.js';

describe("the workflow's own schedule", () => {
  it('reads on.schedule from the workflow named by GITHUB_WORKFLOW_REF', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'certwright-ws-'));
    await mkdir(join(workspace, '.github', 'workflows'), { recursive: true });
    await writeFile(join(workspace, '.github', 'workflows', 'renew.yml'), "on:\n  schedule:\n    - cron: '17 4 * * *'\n    - cron: '0 12 * * 1'\n  workflow_dispatch: {}\njobs: {}\n");
    const env = { GITHUB_WORKSPACE: workspace, GITHUB_WORKFLOW_REF: 'acme/site/.github/workflows/renew.yml@refs/heads/main' };
    const next = await nextScheduledRun(env, new Date('2026-11-23T05:00:00Z'), silentLogger);
    assert.equal(next?.toISOString(), '2026-11-23T12:00:00.000Z', 'the earliest of the crons');
    assert.equal(await nextScheduledRun({ ...env, GITHUB_WORKFLOW_REF: 'acme/site/.github/workflows/other.yml@refs/heads/main' }, new Date(), silentLogger), undefined);
    assert.equal(await nextScheduledRun({}, new Date(), silentLogger), undefined);
  });
});
