import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  readInputs
} from "./chunks/chunk-2NDVYIDB.js";
import {
  info,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunks/chunk-U5EYDS2F.js";
import "./chunks/chunk-G3YGIENW.js";
import {
  VERIFY_INPUTS,
  formatReport,
  parseVerifyConfig,
  runVerifyRelease,
  withNpmrcToken
} from "./chunks/chunk-VJOBEHNT.js";
import "./chunks/chunk-C5EH7K6H.js";
import {
  errorMessage
} from "./chunks/chunk-RIJFAPDZ.js";
import "./chunks/chunk-TSHVVRYQ.js";
import "./chunks/chunk-DAX5P5NA.js";

// src/action/verify-release.ts
async function runVerifyAction() {
  try {
    const config = await withNpmrcToken(parseVerifyConfig(readInputs(VERIFY_INPUTS, process.env)), process.env);
    if (config.token) setSecret(config.token);
    const result = await runVerifyRelease(config, { env: process.env });
    const subject = `${config.name}@${config.version} on ${config.registry}`;
    setOutput("verified", String(result.verified));
    setOutput("integrity", result.integrity ?? "");
    setOutput("tarball-url", result.tarballUrl ?? "");
    info(formatReport(subject, result));
    await summary.addHeading(`verify-release: ${subject}`, 2).addTable([["Check", "Result", "Detail"].map((data) => ({ data, header: true })), ...result.checks.map((c) => [c.name, c.ok ? "ok" : "FAIL", c.detail])]).write().catch((error) => warning(`job summary not written: ${errorMessage(error)}`));
    if (!result.verified) setFailed(`${subject} is not what this pipeline built: ${result.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`).join("; ")}`);
  } catch (error) {
    setFailed(errorMessage(error));
  }
}

// src/action/entry/verify-release.ts
await runVerifyAction();
