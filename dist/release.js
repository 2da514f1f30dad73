"use strict";
// Built by scripts/build.mjs: calls runReleaseAction of src/action/release.ts.
import("./chunks/entry-release.js").then((entry) => entry["runReleaseAction"]());
