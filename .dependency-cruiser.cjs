// The layering of src/, checked by the test command (scripts/test.sh) and by
// test/unit/layering.test.ts, which also proves each rule fails on a wrong-way import.
//
//   runtime.ts                       the ground: logger, clock, errors
//   net/ fs/ crypto/ dns/ acme/      floors: protocols and helpers any layer may use
//   options/                         (the one option model: option specs and their parsers)
//   vendor/                          (the vendor-call kit: retries, bodies, pages; knows no plug-in)
//   process/                         (the user's commands: process groups, timeouts, environment)
//   issue/ state/ store/ renewal/    the engine: owns its request types; state/ is the state itself,
//   release/ deploy/                 store/ where it is kept (stores use the state, never the reverse)
//   notify/                          (the run's report: webhooks and heartbeat, after the run)
//   config/                          front-end parsing: inputs and files, down into engine types
//   action/  cli/                    front ends
const tests = '\\.test\\.ts$';
// Fakes, their kit and plug-in tests live in a `testing/` folder next to what they test.
const testing = '(^|/)testing/';
module.exports = {
  forbidden: [
    {
      name: 'floors-import-no-higher-folder',
      comment:
        'net, fs, crypto, dns, acme, process, vendor and options are used by everything above them and use nothing above them.',
      severity: 'error',
      from: { path: '^src/(net|fs|crypto|dns|acme|process|vendor|options)/', pathNot: tests },
      to: { path: '^src/(issue|state|store|renewal|release|deploy|notify|config|action|cli)/' },
    },
    {
      name: 'engine-imports-no-config-or-front-end',
      comment: 'The engine owns its types; config/ parses down into them, never the other way.',
      severity: 'error',
      from: { path: '^src/(issue|state|store|renewal|release|deploy|notify)/', pathNot: tests },
      to: { path: '^src/(config|action|cli)/' },
    },
    {
      name: 'state-imports-no-store',
      comment: 'The state (bundle, encryption, journal) knows where it is kept only as the StateStore it defines.',
      severity: 'error',
      from: { path: '^src/state/', pathNot: tests },
      to: { path: '^src/store/' },
    },
    {
      name: 'config-imports-no-front-end',
      severity: 'error',
      from: { path: '^src/config/', pathNot: tests },
      to: { path: '^src/(action|cli)/' },
    },
    {
      name: 'front-ends-stay-apart',
      comment: 'The CLI and the Action share the engine and config/, not each other.',
      severity: 'error',
      from: { path: '^src/(action|cli)/', pathNot: tests },
      to: { path: '^src/(action|cli)/', pathNot: '^src/$1/' },
    },
    {
      name: 'actions-toolkit-only-in-action',
      comment:
        'Only src/action/ talks to the runner; everything else takes a logger and its I/O as parameters. ' +
        'A fake in testing/ may stand in for a toolkit client (the local artifact service).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/action/', tests, testing] },
      to: { path: '(^|/)node_modules/@actions/|^@actions/' },
    },
    {
      name: 'vendor-kit-imports-no-plug-in',
      comment: 'DNS providers, stores and deploy targets share the vendor kit; it knows none of them.',
      severity: 'error',
      from: { path: '^src/vendor/', pathNot: tests },
      to: { path: '^src/(dns|store|deploy)/' },
    },
    {
      name: 'product-imports-no-testing',
      comment: 'Fakes and their kit live in testing/ folders: no product file imports one, so none reaches dist/.',
      severity: 'error',
      from: { path: '^src/', pathNot: [testing, tests] },
      to: { path: testing },
    },
    {
      name: 'src-imports-no-test-folder',
      comment:
        'The shared test bed lives in src/testing/; test/ builds on it and src/ (its tests too) never reaches down into test/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'src-imports-no-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: tests },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  },
};
