import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  runVerifyRelease
} from "./chunks/chunk-WEQXUTIW.js";
import {
  escapeHtml
} from "./chunks/chunk-6RRWDL5E.js";
import {
  actionExec
} from "./chunks/chunk-F4HN25LP.js";
import {
  formatReport,
  subjectOf
} from "./chunks/chunk-XCPJBRHL.js";
import "./chunks/chunk-I22QA6YU.js";
import "./chunks/chunk-N26WCX3K.js";
import {
  readInputs
} from "./chunks/chunk-WWPZQ4Y6.js";
import {
  ExitCode,
  error,
  info,
  setFailed,
  setOutput,
  summary,
  warning
} from "./chunks/chunk-GJI5R3KT.js";
import {
  VERIFY_INPUTS,
  parseVerifyConfig
} from "./chunks/chunk-EQT6BEZV.js";
import "./chunks/chunk-ABQPYDPN.js";
import "./chunks/chunk-3OUG6M4G.js";
import "./chunks/chunk-GGRKRW7C.js";
import "./chunks/chunk-3QFPO7D7.js";
import "./chunks/chunk-AUO4QLKG.js";
import "./chunks/chunk-432U3UQU.js";
import "./chunks/chunk-FCEZFUTQ.js";
import "./chunks/chunk-OB4OUFN5.js";
import "./chunks/chunk-6I5QMOKT.js";
import "./chunks/chunk-KDJURYN6.js";
import "./chunks/chunk-TH7D5OD5.js";
import "./chunks/chunk-JXHFAGGQ.js";
import "./chunks/chunk-FKCKQQ54.js";
import "./chunks/chunk-PLUBPX6A.js";
import "./chunks/chunk-U7G2ANFC.js";
import "./chunks/chunk-6GRIDMUM.js";
import {
  errorMessage,
  neutralise
} from "./chunks/chunk-HXHQ2ZRY.js";
import "./chunks/chunk-S7CSDXG7.js";
import "./chunks/chunk-K34JUBMG.js";
import "./chunks/chunk-OYDUDBUO.js";
import "./chunks/chunk-NWWLKT5N.js";
import "./chunks/chunk-5RVS5AVY.js";
import "./chunks/chunk-DAX5P5NA.js";

// src/action/verify-release.ts
async function runVerifyAction() {
  try {
    const config = parseVerifyConfig(readInputs(VERIFY_INPUTS, process.env), {
      workflowRepository: process.env.GITHUB_REPOSITORY
    });
    const report = await runVerifyRelease(config, { env: process.env, exec: actionExec });
    const [first] = report.packages;
    setOutput("verified", String(report.verified));
    setOutput("report", JSON.stringify(report));
    setOutput("integrity", report.packages.length === 1 ? first?.integrity ?? "" : "");
    setOutput("tarball-url", report.packages.length === 1 ? first?.tarballUrl ?? "" : "");
    for (const line of formatReport(report).split("\n")) info(neutralise(line));
    const rows = report.packages.flatMap(
      (p) => p.checks.map((c) => [
        `<code>${escapeHtml(p.name)}</code>`,
        escapeHtml(c.name),
        c.ok ? "\u2705 ok" : "\u274C FAIL",
        escapeHtml(c.detail)
      ])
    );
    await summary.addHeading(
      `verify-release: ${report.verified ? "\u2705" : "\u274C"} ${escapeHtml(config.names.join(", "))} ${escapeHtml(config.version)}`,
      2
    ).addTable([["Package", "Check", "Result", "Detail"].map((data) => ({ data, header: true })), ...rows]).write().catch((error2) => warning(`job summary not written: ${errorMessage(error2)}`));
    for (const p of report.packages.filter((p2) => !p2.verified)) {
      error(
        p.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`).join("; "),
        { title: `verify-release: ${subjectOf(p)} is not what this pipeline built` }
      );
    }
    if (!report.verified) process.exitCode = ExitCode.Failure;
  } catch (error2) {
    setFailed(errorMessage(error2));
  }
}

// src/action/entry/verify-release.ts
await runVerifyAction();
