"use strict";
// Built by scripts/build.mjs: calls runVerifyAction of src/action/verify-release.ts.
import("./chunks/entry-verify-release.js").then((entry) => entry["runVerifyAction"]());
