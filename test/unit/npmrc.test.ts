import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tokenFromNpmrc } from '../../src/release/npmrc.js';

describe('.npmrc auth', () => {
  it('finds the token npm would send, longest matching path first, with ${VAR} expanded', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certwright-npmrc-'));
    const project = join(dir, 'project.npmrc');
    const user = join(dir, 'user.npmrc');
    await writeFile(project, '//npm.example.com/:_authToken=host-wide\n//npm.example.com/team/:_authToken=${TEAM_TOKEN}\n');
    await writeFile(user, 'registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken="${NODE_AUTH_TOKEN}"\n');
    const env = { TEAM_TOKEN: 'team-secret', NODE_AUTH_TOKEN: 'public-secret' };
    assert.equal(await tokenFromNpmrc('https://npm.example.com/team', [project, user], env), 'team-secret');
    assert.equal(await tokenFromNpmrc('https://npm.example.com/other/', [project, user], env), 'host-wide');
    assert.equal(await tokenFromNpmrc('https://registry.npmjs.org', [project, user], env), 'public-secret');
    assert.equal(await tokenFromNpmrc('https://elsewhere.example/', [project, user, join(dir, 'missing')], env), undefined);
  });
});
