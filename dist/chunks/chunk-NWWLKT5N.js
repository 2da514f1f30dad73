import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/vendor/body.ts
var BODY_SHOWN = 200;
function shownBody(body, secrets) {
  let text = body.toString("utf8");
  for (const secret of secrets) if (secret.length >= 4) text = text.split(secret).join("***");
  text = text.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  return text.length > BODY_SHOWN ? `${text.slice(0, BODY_SHOWN)}\u2026` : text;
}
function parseJson(body) {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return void 0;
  }
}

export {
  shownBody,
  parseJson
};
