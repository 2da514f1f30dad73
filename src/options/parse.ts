/**
 * The parsers of the option model, one per kind: each reads a value by option name and throws
 * one line that names the option, quotes the value (never a secret's) and says what is expected.
 */
import { isLoopbackHost } from '../net/loopback.js';
import type { OptionValues } from './option.js';

/** The value given for `name`, trimmed; undefined when it is missing or blank. */
export function optionalOption(values: OptionValues, name: string): string | undefined {
  const value = values[name]?.trim();
  return value ? value : undefined;
}

/** A value that must be given; `expected` says what it holds. */
export function requireOption(values: OptionValues, name: string, expected: string): string {
  const value = optionalOption(values, name);
  if (!value) throw new Error(`${name}: missing; expected ${expected}`);
  return value;
}

/** true/yes/1 or false/no/0, any case. `expected`: what true and false mean, when it helps to say. */
export function booleanOption(
  values: OptionValues,
  name: string,
  fallback: boolean,
  expected = 'true or false',
): boolean {
  const text = optionalOption(values, name)?.toLowerCase();
  if (text === undefined) return fallback;
  if (['true', 'yes', '1'].includes(text)) return true;
  if (['false', 'no', '0'].includes(text)) return false;
  throw new Error(`${name}: "${text}" is not a boolean; expected ${expected}`);
}

/**
 * A whole number from `min` to `max` (`unit`: what it counts, plural). `hint`: said after the
 * range when the range alone does not explain it.
 */
export function integerOption(
  values: OptionValues,
  name: string,
  fallback: number,
  min: number,
  max: number,
  unit: string,
  hint?: string,
): number {
  const text = optionalOption(values, name) ?? String(fallback);
  const number = Number(text);
  if (/^\d+$/.test(text) && number >= min && number <= max) return number;
  const expected = `expected whole ${unit} from ${min} to ${max}`;
  throw new Error(
    hint
      ? `${name}: "${text}" is not supported; ${expected}, ${hint}`
      : `${name}: "${text}" is out of range; ${expected}`,
  );
}

/** Seconds (decimals allowed, more than 0), as milliseconds. */
export function secondsOption(values: OptionValues, name: string, fallback: string): number {
  const text = optionalOption(values, name) ?? fallback;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds <= 0)
    throw new Error(`${name}: "${text}" is not a duration; expected seconds, such as ${fallback}`);
  return Math.round(seconds * 1000);
}

/** Items separated by commas, spaces or newlines. */
export function listOption(values: OptionValues, name: string): string[] {
  return splitList(values[name]);
}

/** `text` split at commas, spaces and newlines, without empty items. */
export function splitList(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter((item) => item !== '');
}

/** What a URL option accepts, and how its errors say it. */
export interface UrlRule {
  /** What the errors say is expected, after "expected" (`one such as https://api.example.com`). */
  readonly expected: string;
  /** Why plain http is refused, after "is plain http, " (`so the token would cross the network readable`). */
  readonly plainHttp: string;
  /** Where credentials go instead of the URL's user and password; undefined: a URL may carry them. */
  readonly credentialsGo?: string;
  /** What plain http is still allowed to, in the error (`a loopback test server`); default: a loopback address. */
  readonly loopback?: string;
}

/**
 * Refuses plain http to anything but this machine: `what` (a token, a password) would cross the
 * network readable. A loopback address keeps local test endpoints working.
 */
export function refusePlainHttp(name: string, url: URL, what: string): void {
  refuseHttpOffLoopback(name, url, `so ${what} would cross the network readable`, 'a loopback address');
}

function refuseHttpOffLoopback(name: string, url: URL, why: string, loopback: string): void {
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return;
  const shown = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  throw new Error(
    `${name}: ${shown} is plain http, ${why}; use https (plain http only for ${loopback} such as 127.0.0.1)`,
  );
}

/**
 * URLs parseUrl accepted, by whether they could carry credentials: the rules depend on nothing
 * else, and a config file of 1,000 certificates hands the same URL over for each.
 */
const acceptedUrls = new Set<string>();

/** `text`, checked to be an https URL (or http to a loopback address). */
export function parseUrl(name: string, text: string, rule: UrlRule): string {
  const accepted = `${rule.credentialsGo === undefined ? 'any' : 'bare'} ${text}`;
  if (acceptedUrls.has(accepted)) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${name}: "${text}" is not a URL; expected ${rule.expected}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`${name}: "${text}" is not an http(s) URL; expected ${rule.expected}`);
  if (rule.credentialsGo !== undefined && (url.username || url.password))
    throw new Error(`${name}: the URL carries credentials; ${rule.credentialsGo}`);
  refuseHttpOffLoopback(name, url, rule.plainHttp, rule.loopback ?? 'a loopback address');
  acceptedUrls.add(accepted);
  return text;
}

/** A provider's API URL: https (or http to a loopback address), without credentials in it, nor a trailing slash. */
export function urlOption(values: OptionValues, name: string, example: string): string | undefined {
  const text = optionalOption(values, name);
  if (text === undefined) return undefined;
  const url = parseUrl(name, text, {
    expected: `one such as ${example}`,
    plainHttp: "so the provider's credentials would cross the network readable",
    credentialsGo: "pass them through the provider's credential inputs instead",
  });
  return url.replace(/\/+$/, '');
}

/**
 * A JSON document that holds secrets (an accounts file, a key file). JSON.parse's own message
 * quotes the text, so it never reaches the error: `expected` says what the document should be.
 */
export function parseJsonSecret(source: string, text: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${source}: not valid JSON; expected ${expected}`);
  }
}
