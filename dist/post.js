"use strict";
// Built by scripts/build.mjs: calls runPost of src/action/post.ts.
import("./chunks/entry-post.js").then((entry) => entry["runPost"]());
