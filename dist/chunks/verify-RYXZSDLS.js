import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  runVerifyRelease
} from "./chunk-XA233YDN.js";
import {
  formatReport
} from "./chunk-UNVE4X35.js";
import "./chunk-N26WCX3K.js";
import "./chunk-I22QA6YU.js";
import {
  CLI_ONLY,
  helpText,
  helpWidth,
  parseFlags
} from "./chunk-LYMARCBT.js";
import "./chunk-XB7CAK4O.js";
import "./chunk-DPTXCTFH.js";
import {
  VERIFY_INPUTS,
  parseVerifyConfig
} from "./chunk-AFR4QBYI.js";
import "./chunk-MCTZI6AJ.js";
import "./chunk-FCEZFUTQ.js";
import "./chunk-OB4OUFN5.js";
import "./chunk-OH2SJRUQ.js";
import "./chunk-JOX3VCEC.js";
import "./chunk-JS3BOECH.js";
import {
  withEnvFallbacks
} from "./chunk-U6XVDTWC.js";
import "./chunk-PEX7DNTT.js";
import "./chunk-F44DSKDO.js";
import "./chunk-PLUBPX6A.js";
import "./chunk-TH7D5OD5.js";
import "./chunk-U7G2ANFC.js";
import "./chunk-6GRIDMUM.js";
import "./chunk-HXHQ2ZRY.js";
import "./chunk-BJO4VSGV.js";
import "./chunk-SP5QG5HU.js";
import "./chunk-LCBY4XDX.js";
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
