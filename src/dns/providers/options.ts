/**
 * What a provider folder uses of the option model (src/options), in one import: the parsers of
 * the kinds providers share (booleans, ranges, URLs, IDs per zone).
 */
export type { OptionValues } from '../../options/option.js';
export {
  booleanOption,
  integerOption,
  parseJsonSecret,
  refusePlainHttp,
  requireOption,
  urlOption,
} from '../../options/parse.js';
export { ZoneIds } from '../../options/zone-ids.js';
