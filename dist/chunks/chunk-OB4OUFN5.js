import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/process/command.ts
import { spawn } from "node:child_process";
var DEFAULT_MAX_OUTPUT = 64 * 1024;
var KILL_GRACE_MS = 1e3;
var DRAIN_MS = 500;
var running = /* @__PURE__ */ new Set();
function signalGroup(child, signal) {
  if (child.pid === void 0) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
  }
}
function endGroup(child) {
  signalGroup(child, "SIGTERM");
  setTimeout(() => signalGroup(child, "SIGKILL"), KILL_GRACE_MS).unref();
}
function endAllCommands() {
  for (const child of running) endGroup(child);
}
function bounded(stream, max) {
  const chunks = [];
  let kept = 0;
  let dropped = 0;
  stream.on("data", (chunk) => {
    const part = chunk.subarray(0, Math.max(0, max - kept));
    chunks.push(part);
    kept += part.length;
    dropped += chunk.length - part.length;
  });
  return () => Buffer.concat(chunks).toString("utf8") + (dropped > 0 ? `
[${dropped} more bytes not kept]` : "");
}
function runCommand(options) {
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", options.command], {
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true
    });
    running.add(child);
    const stdout = bounded(child.stdout, max);
    const stderr = bounded(child.stderr, max);
    let timedOut = false;
    const timer = options.timeoutMs === void 0 ? void 0 : setTimeout(() => {
      timedOut = true;
      endGroup(child);
    }, options.timeoutMs);
    let settled = false;
    const finish = (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      running.delete(child);
      signalGroup(child, "SIGKILL");
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, signal, stdout: stdout(), stderr: stderr(), timedOut });
    };
    child.on("error", (error) => {
      clearTimeout(timer);
      running.delete(child);
      settled = true;
      reject(error);
    });
    child.on("close", finish);
    child.on("exit", (code, signal) => setTimeout(() => finish(code, signal), DRAIN_MS).unref());
  });
}
var RUNNER_CHANNELS = /* @__PURE__ */ new Set(["GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STATE", "GITHUB_STEP_SUMMARY"]);
function isRunnerChannel(name) {
  return RUNNER_CHANNELS.has(name) || name.startsWith("ACTIONS_") || name.startsWith("STATE_") || name.startsWith("INPUT_");
}
function idTokenRequestOf(env) {
  const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  return url && token ? { url, token } : void 0;
}
function commandEnv(env, secrets) {
  const known = [...secrets].filter((secret) => secret.length >= 6);
  const out = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === void 0 || isRunnerChannel(name)) continue;
    if (known.some((secret) => value.includes(secret))) continue;
    out[name] = value;
  }
  return out;
}

export {
  endAllCommands,
  runCommand,
  idTokenRequestOf,
  commandEnv
};
