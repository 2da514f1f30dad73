import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  require_dist
} from "./chunk-7TQ2G3SI.js";
import "./chunk-DAX5P5NA.js";
export default require_dist();
