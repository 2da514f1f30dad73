import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkSource,
  isWorkflow,
  localActionFolder,
  markdownYamlBlocks,
  node20Major,
  type LocalActions,
} from '../../scripts/check-workflows.js';

const actions: LocalActions = {
  repository: 'certwright/certwright',
  inputs: new Map([
    ['', new Set(['domains', 'store', 'state-key', 'github-token'])],
    ['verify-release', new Set(['package', 'version'])],
  ]),
};

/** Problems in a workflow file `w.yml` whose text is `lines`. */
function check(...lines: string[]): string[] {
  return checkSource({ file: 'w.yml', line: 1, text: lines.join('\n') + '\n' }, actions);
}

const head = [
  'on: { workflow_dispatch: {} }',
  'permissions: { contents: read }',
  'jobs:',
  '  renew:',
  '    runs-on: ubuntu-latest',
  '    steps:',
];

describe('check-workflows', () => {
  it('names the file, line, job, step and input of an input the action does not declare', () => {
    assert.deepEqual(
      check(
        ...head,
        '      - id: cert',
        '        uses: certwright/certwright@v1',
        '        with:',
        '          domains: example.com',
        '          pfx: true',
      ),
      [
        'w.yml:11: job renew, step 1 (cert): certwright/certwright@v1: unknown input "pfx" (not declared in action.yml)',
      ],
    );
  });

  it('checks each local action against its own action.yml', () => {
    assert.deepEqual(check(...head, '      - uses: ./verify-release', '        with: { package: x, domains: y }'), [
      'w.yml:8: job renew, step 1: ./verify-release: unknown input "domains" (not declared in verify-release/action.yml)',
    ]);
    assert.deepEqual(check(...head, '      - uses: ./nowhere'), [
      'w.yml:7: job renew, step 1: ./nowhere: there is no nowhere/action.yml in this repository',
    ]);
  });

  it('leaves other actions alone, except for majors that run on Node 20', () => {
    assert.deepEqual(check(...head, '      - uses: someone/else@v1', '        with: { anything: 1 }'), []);
    assert.deepEqual(check(...head, '      - uses: actions/checkout@v4'), [
      'w.yml:7: job renew, step 1: actions/checkout@v4 runs on Node 20; use actions/checkout@v5 or later',
    ]);
  });

  it('asks for permissions at the top or on every job', () => {
    assert.deepEqual(
      check(
        'on: push',
        'jobs:',
        '  a:',
        '    runs-on: x',
        '    permissions: {}',
        '    steps: []',
        '  b:',
        '    runs-on: x',
        '    steps: []',
      ),
      [
        "w.yml:7: no permissions: for job(s) b (set them at the top or on each job; without them the token gets the repository's default, which may be read-write)",
      ],
    );
  });

  it('asks a job that writes state for a concurrency group that does not cancel', () => {
    const step = ['      - uses: ./', '        with: { store: "secret:S" }'];
    assert.deepEqual(check(...head, ...step), [
      'w.yml:4: job renew, step 1 keeps state (store:) but runs in no concurrency: group, so two runs could write it at once',
    ]);
    assert.deepEqual(
      check(head[0] ?? '', 'concurrency: { group: g, cancel-in-progress: true }', ...head.slice(1), ...step),
      [
        'w.yml:2: job renew, step 1 keeps state but its concurrency: group cancels runs in progress; set cancel-in-progress: false',
      ],
    );
    assert.deepEqual(check(head[0] ?? '', 'concurrency: certwright-state', ...head.slice(1), ...step), []);
  });

  it('reads Markdown yaml blocks with their line numbers, as workflows, step lists or a lone with:', () => {
    const markdown = [
      '# x',
      '```yaml',
      'on: push',
      'jobs: {}',
      '```',
      'text',
      '```yaml',
      '- uses: ./',
      '  with: { nope: 1 }',
      '```',
      '```yaml',
      'with:',
      '  also-nope: 1',
      '```',
    ].join('\n');
    const blocks = markdownYamlBlocks('README.md', markdown);
    assert.deepEqual(
      blocks.map((b) => [b.line, isWorkflow(b)]),
      [
        [3, true],
        [8, false],
        [12, false],
      ],
    );
    assert.deepEqual(
      blocks.flatMap((b) => checkSource(b, actions)),
      [
        'README.md:9: step 1: ./: unknown input "nope" (not declared in action.yml)',
        'README.md:13: the certwright/certwright step: unknown input "also-nope" (not declared in action.yml)',
      ],
    );
  });

  it('reports a block that is not valid YAML', () => {
    const [problem] = checkSource({ file: 'README.md', line: 40, text: 'a: { b: c-${{ x }} }\n' }, actions);
    assert.match(problem ?? '', /^README\.md:40: not valid YAML: /);
  });

  it('recognises this repository and its folders in uses:', () => {
    const cases: [string, string | undefined][] = [
      ['./', ''],
      ['.', ''],
      ['./verify-release', 'verify-release'],
      ['certwright/certwright@v1', ''],
      ['Certwright/Certwright@0123456789abcdef', ''],
      ['certwright/certwright/verify-release@v1', 'verify-release'],
      ['certwright/other@v1', undefined],
      ['actions/checkout@v7', undefined],
      ['docker://alpine:3', undefined],
    ];
    for (const [uses, folder] of cases) assert.equal(localActionFolder(uses, 'certwright/certwright'), folder, uses);
  });

  it('knows which majors run on Node 20', () => {
    assert.equal(node20Major('actions/setup-node@v4'), 'actions/setup-node@v5');
    assert.equal(
      node20Major('aws-actions/configure-aws-credentials@v5.1.0'),
      'aws-actions/configure-aws-credentials@v6',
    );
    assert.equal(node20Major('actions/create-github-app-token@v3'), undefined);
    assert.equal(node20Major('actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8'), undefined);
  });
});
