import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import { helpText, helpWidth } from "./start.js";
import "./start.js";
import { CLI_ONLY, parseFlags } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import {
  runVerifyRelease
} from "./chunk-GBBIQWB6.js";
import { VERIFY_INPUTS, parseVerifyConfig } from "./start.js";
import {
  formatReport
} from "./chunk-UNVE4X35.js";
import "./chunk-N26WCX3K.js";
import "./chunk-I22QA6YU.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import { withEnvFallbacks } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";

// src/cli/verify.ts
async function verifyReleaseCommand(argv, env) {
  const own = CLI_ONLY.filter((option) => option.commands.includes("verify-release"));
  const { values } = parseFlags(argv, [...VERIFY_INPUTS, ...own], "verify-release");
  if (values.help) {
    process.stdout.write(helpText("verify-release", helpWidth(process.stdout.columns, env)));
    return 0;
  }
  const config = parseVerifyConfig(withEnvFallbacks(values, VERIFY_INPUTS, env).raw);
  const report = await runVerifyRelease(config, { env });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}
` : `${formatReport(report)}
`);
  return report.verified ? 0 : 1;
}
export {
  verifyReleaseCommand
};
