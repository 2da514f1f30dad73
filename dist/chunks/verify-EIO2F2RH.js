import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  runVerifyRelease
} from "./chunk-WEQXUTIW.js";
import {
  formatReport
} from "./chunk-XCPJBRHL.js";
import "./chunk-I22QA6YU.js";
import "./chunk-N26WCX3K.js";
import {
  CLI_ONLY,
  helpText,
  helpWidth,
  parseFlags
} from "./chunk-PQDNGZYT.js";
import "./chunk-DMZG5Z4S.js";
import "./chunk-DQUHBUNO.js";
import {
  VERIFY_INPUTS,
  parseVerifyConfig
} from "./chunk-EQT6BEZV.js";
import "./chunk-3QFPO7D7.js";
import "./chunk-AUO4QLKG.js";
import {
  withEnvFallbacks
} from "./chunk-432U3UQU.js";
import "./chunk-FCEZFUTQ.js";
import "./chunk-OB4OUFN5.js";
import "./chunk-6I5QMOKT.js";
import "./chunk-KDJURYN6.js";
import "./chunk-TH7D5OD5.js";
import "./chunk-JXHFAGGQ.js";
import "./chunk-FKCKQQ54.js";
import "./chunk-PLUBPX6A.js";
import "./chunk-U7G2ANFC.js";
import "./chunk-6GRIDMUM.js";
import "./chunk-HXHQ2ZRY.js";
import "./chunk-BJO4VSGV.js";
import "./chunk-S7CSDXG7.js";
import "./chunk-K34JUBMG.js";
import "./chunk-OYDUDBUO.js";
import "./chunk-NWWLKT5N.js";
import "./chunk-5RVS5AVY.js";
import "./chunk-DAX5P5NA.js";

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
