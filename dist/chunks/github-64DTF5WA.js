import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  context,
  getOctokit
} from "./chunk-NOGCDCGB.js";
import "./chunk-2FTTL5MF.js";
import "./start.js";
export {
  context,
  getOctokit
};
