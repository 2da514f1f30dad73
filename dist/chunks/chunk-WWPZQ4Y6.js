import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  debug,
  getInput,
  info,
  setSecret,
  warning
} from "./chunk-GJI5R3KT.js";
import {
  CORE_INPUTS,
  DEPLOY_INPUTS,
  DEPLOY_TARGETS,
  PROVIDERS,
  RENEW_INPUTS,
  secretsIn
} from "./chunk-3QFPO7D7.js";
import {
  withEnvFallbacks
} from "./chunk-432U3UQU.js";
import {
  neutralise
} from "./chunk-HXHQ2ZRY.js";

// src/action/inputs.ts
import { join } from "node:path";
var ACTION_INPUTS = [
  ...CORE_INPUTS,
  ...RENEW_INPUTS,
  ...DEPLOY_INPUTS,
  ...PROVIDERS.flatMap((p) => p.options),
  ...DEPLOY_TARGETS.flatMap((t) => t.options)
];
function readInputs(specs, env) {
  const given = {};
  for (const input of specs) {
    const value = getInput(input.name);
    if (value !== "") given[input.name] = value;
  }
  const { raw } = withEnvFallbacks(given, specs, env);
  for (const secret of secretsIn(raw, specs)) setSecret(secret);
  return raw;
}
function readActionInputs(env) {
  const raw = { ...readInputs(ACTION_INPUTS, env) };
  if (raw["output-dir"] === void 0 && env.RUNNER_TEMP) raw["output-dir"] = join(env.RUNNER_TEMP, "certwright");
  raw["github-repository"] ??= env.GITHUB_REPOSITORY;
  raw["github-api-url"] ??= env.GITHUB_API_URL;
  raw["github-workflow-ref"] = env.GITHUB_WORKFLOW_REF;
  raw["github-server-url"] = env.GITHUB_SERVER_URL;
  return raw;
}
function maskPem(pem) {
  setSecret(pem);
  for (const line of pem.split("\n")) if (line.length >= 16 && !line.startsWith("-----")) setSecret(line);
}
var actionLogger = {
  info: (message) => info(neutralise(message)),
  warn: (message) => warning(neutralise(message)),
  debug: (message) => debug(neutralise(message))
};

export {
  ACTION_INPUTS,
  readInputs,
  readActionInputs,
  maskPem,
  actionLogger
};
