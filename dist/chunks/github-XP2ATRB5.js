import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  context,
  getOctokit
} from "./chunk-HDYRSIPC.js";
import "./chunk-2FTTL5MF.js";
import "./chunk-G3YGIENW.js";
import "./chunk-DAX5P5NA.js";
export {
  context,
  getOctokit
};
