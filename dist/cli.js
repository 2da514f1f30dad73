#!/usr/bin/env node
"use strict";
// Built by scripts/build.mjs: calls runCli of src/cli/main.ts.
require("./chunks/start.cjs")["runCli"](process.argv.slice(2));
