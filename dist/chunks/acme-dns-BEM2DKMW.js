import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import { ACME_DNS_REGISTER_INPUTS, acmeDnsCommand } from "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
import "./start.js";
export {
  ACME_DNS_REGISTER_INPUTS,
  acmeDnsCommand
};
