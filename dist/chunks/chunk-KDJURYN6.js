import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  listOption,
  urlOption
} from "./chunk-K34JUBMG.js";

// src/deploy/acm/metadata.ts
var ACM_ACTIONS = [
  "acm:ImportCertificate",
  "acm:DescribeCertificate",
  "acm:ListCertificates",
  "acm:AddTagsToCertificate"
];
var metadata = {
  name: "acm",
  description: "AWS Certificate Manager: imported once per region, then re-imported into the same ARN at each renewal, so load balancers, CloudFront and API Gateway keep it (the AWS SDK default credential chain, GitHub OIDC with aws-actions/configure-aws-credentials)",
  options: [
    {
      name: "acm-regions",
      kind: "list",
      description: "Regions to import into, comma-separated (CloudFront uses us-east-1 only). Default: the region of the certificates adopted with acm-certificate-arn, else AWS_REGION or AWS_DEFAULT_REGION."
    },
    {
      name: "acm-certificate-arn",
      kind: "list",
      description: "Existing imported certificates to re-import into instead of creating new ones, at most one per region (each ARN names its region), comma-separated. Regions without one get a new certificate."
    },
    {
      name: "acm-endpoint",
      kind: "url",
      description: "ACM API URL for every region instead of the default (a VPC endpoint, a local test endpoint); requests are still signed for each region."
    },
    {
      name: "acm-tags",
      kind: "list",
      description: "Tags as `key=value` pairs, comma-separated, put on a certificate when certwright first imports or adopts it (ACM takes no tags on a re-import)."
    }
  ]
};

// src/deploy/acm/settings.ts
var REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
var CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z]{2}(?:-[a-z]+)+-\d+):\d{12}:certificate\/[0-9a-f-]{36}$/;
var TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
var MAX_TAGS = 50;
function arnRegion(arn) {
  return CERTIFICATE_ARN.exec(arn)?.[1];
}
function parseRegions(values) {
  const regions = [...new Set(listOption(values, "acm-regions"))].sort();
  const bad = regions.find((region) => !REGION.test(region));
  if (bad !== void 0)
    throw new Error(`acm-regions: "${bad}" is not an AWS region; expected regions such as us-east-1, eu-west-1`);
  return regions.length > 0 ? regions : void 0;
}
function parseAdopted(values) {
  const adopted = /* @__PURE__ */ new Map();
  for (const arn of listOption(values, "acm-certificate-arn")) {
    const region = arnRegion(arn);
    if (region === void 0)
      throw new Error(
        `acm-certificate-arn: "${arn}" is not an ACM certificate ARN; expected one such as arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012`
      );
    const other = adopted.get(region);
    if (other !== void 0)
      throw new Error(
        `acm-certificate-arn: two certificates in ${region} (${other}, ${arn}); give at most one per region`
      );
    adopted.set(region, arn);
  }
  return adopted;
}
function parseTag(pair) {
  const at = pair.indexOf("=");
  const [Key, Value] = at < 0 ? [pair, void 0] : [pair.slice(0, at), pair.slice(at + 1)];
  if (Value === void 0 || Key === "")
    throw new Error(`acm-tags: "${pair}" is not key=value; expected pairs such as team=web,env=prod`);
  if (Key.length > 128 || Value.length > 256 || !TAG_TEXT.test(Key) || !TAG_TEXT.test(Value))
    throw new Error(
      `acm-tags: "${pair}" breaks ACM's tag rules; keys up to 128 and values up to 256 characters, of letters, digits, spaces and _ . : / = + - @`
    );
  if (Key.toLowerCase().startsWith("aws:"))
    throw new Error(`acm-tags: "${Key}" starts with aws:, which AWS keeps for itself; pick another key`);
  return { Key, Value };
}
function parseTags(values) {
  const tags = listOption(values, "acm-tags").map(parseTag);
  const keys = tags.map((tag) => tag.Key);
  const twice = keys.find((key, i) => keys.indexOf(key) !== i);
  if (twice !== void 0) throw new Error(`acm-tags: the key "${twice}" is given twice; give each key once`);
  if (tags.length > MAX_TAGS)
    throw new Error(`acm-tags: ${tags.length} tags; ACM keeps at most ${MAX_TAGS} per certificate`);
  return tags;
}
function parseAcmSettings(values) {
  const regions = parseRegions(values);
  const adopted = parseAdopted(values);
  const outside = [...adopted].find(([region]) => regions !== void 0 && !regions.includes(region));
  if (outside)
    throw new Error(
      `acm-certificate-arn: ${outside[1]} is in ${outside[0]}, which acm-regions (${regions?.join(", ")}) does not list; add ${outside[0]} to acm-regions or drop the ARN`
    );
  return {
    regions: regions ?? (adopted.size > 0 ? [...adopted.keys()].sort() : void 0),
    adopted,
    endpoint: urlOption(values, "acm-endpoint", "https://acm.us-east-1.amazonaws.com"),
    tags: parseTags(values)
  };
}
function resolveRegions(settings, env) {
  if (settings.regions) return settings.regions;
  const region = (env.AWS_REGION || env.AWS_DEFAULT_REGION)?.trim();
  if (!region)
    throw new Error(
      "acm-regions: not set, and neither is AWS_REGION or AWS_DEFAULT_REGION; set acm-regions (us-east-1 for CloudFront) or aws-region in aws-actions/configure-aws-credentials"
    );
  if (!REGION.test(region))
    throw new Error(`acm-regions: not set, and AWS_REGION "${region}" is not an AWS region; set acm-regions`);
  return [region];
}
function acmKey(settings) {
  const regions = settings.regions?.join(",") ?? "AWS_REGION";
  const adopted = [...settings.adopted.values()].sort().map((arn) => arn.replace(/^.*\//, ""));
  return adopted.length > 0 ? `acm:${regions}:${adopted.join(",")}` : `acm:${regions}`;
}

export {
  ACM_ACTIONS,
  metadata,
  arnRegion,
  parseAcmSettings,
  resolveRegions,
  acmKey
};
