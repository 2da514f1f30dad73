import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/dns/providers/txt.ts
function quoteTxt(value) {
  const strings = value.match(/[^]{1,255}/g) ?? [""];
  return strings.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(" ");
}
function unquoteTxt(rdata) {
  const text = rdata.trim();
  if (!text.startsWith('"')) return text;
  let value = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') {
      i++;
      continue;
    }
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\" && /^\d{3}$/.test(text.slice(i + 1, i + 4))) {
        value += String.fromCharCode(Number(text.slice(i + 1, i + 4)));
        i += 4;
      } else if (text[i] === "\\") {
        value += text[i + 1] ?? "";
        i += 2;
      } else {
        value += text[i];
        i++;
      }
    }
    i++;
  }
  return value;
}

export {
  quoteTxt,
  unquoteTxt
};
