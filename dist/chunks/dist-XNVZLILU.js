import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  require_dist2 as require_dist
} from "./chunk-XZJCQAZ7.js";
import "./start.js";
export default require_dist();
