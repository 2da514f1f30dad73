import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  MAX_YAML_VALUES,
  parseYaml
} from "./chunk-TCXGY52I.js";
import "./start.js";
export {
  MAX_YAML_VALUES,
  parseYaml
};
