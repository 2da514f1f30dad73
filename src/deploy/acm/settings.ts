/**
 * The acm target's settings, parsed from its options (no SDK here: the registry loads this file
 * for every run). Each error names the option, quotes the value and says what is expected.
 */
import { listOption, urlOption } from '../../options/parse.js';
import type { OptionValues } from '../../options/option.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** `arn:<partition>:acm:<region>:<account>:certificate/<uuid>`. */
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z]{2}(?:-[a-z]+)+-\d+):\d{12}:certificate\/[0-9a-f-]{36}$/;
/** ACM's tag rules (the Tag shape of its API reference). */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_TAGS = 50;

export interface AcmTag {
  readonly Key: string;
  readonly Value: string;
}

export interface AcmSettings {
  /** Regions to import into, sorted; undefined: the run's AWS_REGION / AWS_DEFAULT_REGION. */
  readonly regions: readonly string[] | undefined;
  /** Adopted certificates (`acm-certificate-arn`), by the region their ARN names. */
  readonly adopted: ReadonlyMap<string, string>;
  /** One API URL for every region (`acm-endpoint`). */
  readonly endpoint: string | undefined;
  /** Put on a certificate when it is first imported or adopted. */
  readonly tags: readonly AcmTag[];
}

/** The region an ACM certificate ARN names, or undefined for a string that is not one. */
export function arnRegion(arn: string): string | undefined {
  return CERTIFICATE_ARN.exec(arn)?.[1];
}

function parseRegions(values: OptionValues): string[] | undefined {
  const regions = [...new Set(listOption(values, 'acm-regions'))].sort();
  const bad = regions.find((region) => !REGION.test(region));
  if (bad !== undefined)
    throw new Error(`acm-regions: "${bad}" is not an AWS region; expected regions such as us-east-1, eu-west-1`);
  return regions.length > 0 ? regions : undefined;
}

function parseAdopted(values: OptionValues): Map<string, string> {
  const adopted = new Map<string, string>();
  for (const arn of listOption(values, 'acm-certificate-arn')) {
    const region = arnRegion(arn);
    if (region === undefined)
      throw new Error(
        `acm-certificate-arn: "${arn}" is not an ACM certificate ARN; expected one such as ` +
          'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012',
      );
    const other = adopted.get(region);
    if (other !== undefined)
      throw new Error(
        `acm-certificate-arn: two certificates in ${region} (${other}, ${arn}); give at most one per region`,
      );
    adopted.set(region, arn);
  }
  return adopted;
}

function parseTag(pair: string): AcmTag {
  const at = pair.indexOf('=');
  const [Key, Value] = at < 0 ? [pair, undefined] : [pair.slice(0, at), pair.slice(at + 1)];
  if (Value === undefined || Key === '')
    throw new Error(`acm-tags: "${pair}" is not key=value; expected pairs such as team=web,env=prod`);
  if (Key.length > 128 || Value.length > 256 || !TAG_TEXT.test(Key) || !TAG_TEXT.test(Value))
    throw new Error(
      `acm-tags: "${pair}" breaks ACM's tag rules; keys up to 128 and values up to 256 characters, ` +
        'of letters, digits, spaces and _ . : / = + - @',
    );
  if (Key.toLowerCase().startsWith('aws:'))
    throw new Error(`acm-tags: "${Key}" starts with aws:, which AWS keeps for itself; pick another key`);
  return { Key, Value };
}

function parseTags(values: OptionValues): AcmTag[] {
  const tags = listOption(values, 'acm-tags').map(parseTag);
  const keys = tags.map((tag) => tag.Key);
  const twice = keys.find((key, i) => keys.indexOf(key) !== i);
  if (twice !== undefined) throw new Error(`acm-tags: the key "${twice}" is given twice; give each key once`);
  if (tags.length > MAX_TAGS)
    throw new Error(`acm-tags: ${tags.length} tags; ACM keeps at most ${MAX_TAGS} per certificate`);
  return tags;
}

/** The settings from the option values; throws one line naming the option. */
export function parseAcmSettings(values: OptionValues): AcmSettings {
  const regions = parseRegions(values);
  const adopted = parseAdopted(values);
  const outside = [...adopted].find(([region]) => regions !== undefined && !regions.includes(region));
  if (outside)
    throw new Error(
      `acm-certificate-arn: ${outside[1]} is in ${outside[0]}, which acm-regions (${regions?.join(', ')}) ` +
        `does not list; add ${outside[0]} to acm-regions or drop the ARN`,
    );
  return {
    regions: regions ?? (adopted.size > 0 ? [...adopted.keys()].sort() : undefined),
    adopted,
    endpoint: urlOption(values, 'acm-endpoint', 'https://acm.us-east-1.amazonaws.com'),
    tags: parseTags(values),
  };
}

/**
 * The regions to import into: the configured ones, else the environment's region (as the SDK
 * reads it). Throws, naming acm-regions, when there is none.
 */
export function resolveRegions(
  settings: AcmSettings,
  env: Readonly<Record<string, string | undefined>>,
): readonly string[] {
  if (settings.regions) return settings.regions;
  const region = (env.AWS_REGION || env.AWS_DEFAULT_REGION)?.trim();
  if (!region)
    throw new Error(
      'acm-regions: not set, and neither is AWS_REGION or AWS_DEFAULT_REGION; set acm-regions ' +
        '(us-east-1 for CloudFront) or aws-region in aws-actions/configure-aws-credentials',
    );
  if (!REGION.test(region))
    throw new Error(`acm-regions: not set, and AWS_REGION "${region}" is not an AWS region; set acm-regions`);
  return [region];
}

/** Where the target deploys, stable across runs: the regions, and the certificates adopted there. */
export function acmKey(settings: AcmSettings): string {
  const regions = settings.regions?.join(',') ?? 'AWS_REGION';
  const adopted = [...settings.adopted.values()].sort().map((arn) => arn.replace(/^.*\//, ''));
  return adopted.length > 0 ? `acm:${regions}:${adopted.join(',')}` : `acm:${regions}`;
}
