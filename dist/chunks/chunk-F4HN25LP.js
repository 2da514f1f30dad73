import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import { getExecOutput } from "./start.js";

// src/action/exec.ts
var actionExec = async (command, args, options = {}) => {
  const env = {};
  for (const [name, value] of Object.entries({ ...process.env, ...options.env }))
    if (value !== void 0) env[name] = value;
  const result = await getExecOutput(command, [...args], {
    ignoreReturnCode: true,
    silent: options.silent ?? false,
    env,
    ...options.cwd ? { cwd: options.cwd } : {}
  });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
};

export {
  actionExec
};
