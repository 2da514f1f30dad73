import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  escapeHtml
} from "./chunks/chunk-NNRI6DWH.js";
import {
  actionExec
} from "./chunks/chunk-AKPYMJXT.js";
import {
  readInputs
} from "./chunks/chunk-JCLEGHOA.js";
import {
  ExitCode,
  error,
  info,
  setFailed,
  setOutput,
  summary,
  warning
} from "./chunks/chunk-Z2FULWF4.js";
import "./chunks/chunk-G3YGIENW.js";
import {
  VERIFY_INPUTS,
  parseVerifyConfig,
  runVerifyRelease
} from "./chunks/chunk-3YGH6PMN.js";
import "./chunks/chunk-AFFV2JSZ.js";
import {
  formatReport,
  subjectOf
} from "./chunks/chunk-EDLOT4LE.js";
import "./chunks/chunk-N26WCX3K.js";
import "./chunks/chunk-I22QA6YU.js";
import "./chunks/chunk-NF7WY4IJ.js";
import "./chunks/chunk-XHE75UW2.js";
import "./chunks/chunk-7GCSLWNP.js";
import "./chunks/chunk-2EF6RNNY.js";
import "./chunks/chunk-2OQ4F5LX.js";
import "./chunks/chunk-SB7LR6QT.js";
import {
  errorMessage,
  neutralise
} from "./chunks/chunk-3QUSWK4C.js";
import "./chunks/chunk-OO2ISJUG.js";
import "./chunks/chunk-FW5QD7ZG.js";
import "./chunks/chunk-NWWLKT5N.js";
import "./chunks/chunk-ZMXQ63VX.js";
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
