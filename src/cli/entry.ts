// Runs the command line from the sources (CERTWRIGHT_CLI=src/cli/entry.ts, through tsx); dist/cli.js
// calls runCli the same way.
import { runCli } from './main.js';

runCli(process.argv.slice(2));
