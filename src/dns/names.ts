import { domainToASCII } from 'node:url';

/** Lower-cases, strips one trailing dot, and converts IDNs to their A-label form. */
export function normalizeName(name: string): string {
  const trimmed = name.trim().replace(/\.$/, '').toLowerCase();
  if (!/\P{ASCII}/u.test(trimmed)) return trimmed;
  const wildcard = trimmed.startsWith('*.');
  const ascii = domainToASCII(wildcard ? trimmed.slice(2) : trimmed);
  return ascii === '' ? trimmed : (wildcard ? '*.' : '') + ascii;
}

/**
 * Why a certificate name is invalid, or undefined when it is a valid DNS name (with an
 * optional `*.` as the whole left-most label, the only wildcard form CAs accept).
 */
export function domainNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  const body = name.startsWith('*.') ? name.slice(2) : name;
  if (body.includes('*')) return 'a wildcard must be the whole left-most label, as in *.example.com';
  if (name.length > 253) return 'it is longer than 253 characters';
  const labels = body.split('.');
  if (labels.length < 2) return 'it needs at least two labels, as in example.com';
  for (const label of labels) {
    if (label === '') return 'it has an empty label (two dots in a row, or a leading dot)';
    if (label.length > 63) return `the label "${label.slice(0, 20)}…" is longer than 63 characters`;
    if (!/^[a-z0-9-]+$/.test(label))
      return `the label "${label}" has characters other than letters, digits and hyphens`;
    if (label.startsWith('-') || label.endsWith('-')) return `the label "${label}" starts or ends with a hyphen`;
  }
  if (/^\d+$/.test(labels.at(-1) ?? '')) return 'it looks like an IP address; certwright issues for DNS names only';
  return undefined;
}

/** The name whose TXT record answers a dns-01 challenge (RFC 8555 §8.4). */
export function challengeRecordName(domain: string): string {
  return `_acme-challenge.${domain.startsWith('*.') ? domain.slice(2) : domain}`;
}

/**
 * Whether `name` is `zone` or below it, label by label: `a.example.com` is in `example.com`,
 * `xexample.com` is not. Case and one trailing dot do not matter; `''` is the root, which holds
 * every name. The one zone match of the DNS core and the providers: never `endsWith` alone.
 */
export function isInZone(name: string, zone: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  const z = zone.toLowerCase().replace(/\.$/, '');
  return z === '' || n === z || n.endsWith(`.${z}`);
}

/**
 * Why `name`, read from a DNS answer (a CNAME target, an SOA or NS owner, an NS target), is
 * not a host name, or undefined when it is one: labels of letters, digits, `-` and `_`, each
 * 1 to 63 octets, 253 in all. Such a name is data that reaches hooks, providers and logs, so
 * nothing else gets through (no spaces, newlines, shell or nsupdate syntax).
 */
export function hostNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (Buffer.byteLength(name) > 253) return 'it is longer than 253 octets';
  for (const label of name.split('.')) {
    if (label === '') return 'it has an empty label';
    if (Buffer.byteLength(label) > 63) return 'a label is longer than 63 octets';
    if (!/^[A-Za-z0-9_-]+$/.test(label)) return "a label has characters other than letters, digits, '-' and '_'";
  }
  return undefined;
}

/**
 * `text` in double quotes with every control, line-breaking and non-ASCII character escaped
 * (`"a\nb"`): how a name that failed hostNameProblem is shown, so the message stays one line.
 */
export function quotedName(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `a.b.example.com` -> [`a.b.example.com`, `b.example.com`, `example.com`, `com`]. */
export function selfAndParents(name: string): string[] {
  const labels = name.split('.');
  return labels.map((_, i) => labels.slice(i).join('.'));
}
