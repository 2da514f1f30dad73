import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  Octokit
} from "./chunk-2FTTL5MF.js";
import "./start.js";
export {
  Octokit
};
