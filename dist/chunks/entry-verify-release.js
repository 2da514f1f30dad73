import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  runVerifyRelease
} from "./chunk-GBBIQWB6.js";
import { escapeHtml } from "./start.js";
import { VERIFY_INPUTS, parseVerifyConfig } from "./start.js";
import "./start.js";
import "./start.js";
import {
  actionExec
} from "./chunk-AMKLTDN7.js";
import {
  formatReport,
  subjectOf
} from "./chunk-UNVE4X35.js";
import "./chunk-N26WCX3K.js";
import "./chunk-I22QA6YU.js";
import { readInputs } from "./start.js";
import { ExitCode, error, info, setFailed, setOutput, summary, warning } from "./start.js";
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
import { errorMessage, neutralise } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";

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
export {
  runVerifyAction
};
