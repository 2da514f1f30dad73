/** Certificate Manager's names: projects, locations, certificate IDs and the resource names made of them. */

/** A certificate ID (Google's resource ID rule, RFC 1035 labels of up to 63 characters). */
const CERTIFICATE_ID = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A project ID: 6 to 30 lower-case letters, digits and hyphens, starting with a letter, not ending in a hyphen. */
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** `global` or a region such as `europe-west1`. */
const LOCATION = /^(global|[a-z]+-[a-z]+[0-9]+)$/;

export function parseCertificateId(text: string): string {
  if (CERTIFICATE_ID.test(text)) return text;
  throw new Error(
    `google-certificate-manager-certificate: "${text}" is not a certificate ID; expected a lower-case letter, ` +
      'then up to 62 lower-case letters, digits and hyphens, not ending in a hyphen, such as www-example-com',
  );
}

/** `name` is the option the project came from (the option, or the environment variable). */
export function parseProjectId(text: string, name: string): string {
  if (PROJECT_ID.test(text)) return text;
  throw new Error(
    `${name}: "${text}" is not a project ID; expected 6 to 30 lower-case letters, digits and hyphens ` +
      'starting with a letter, such as my-project-123',
  );
}

export function parseLocation(text: string): string {
  if (LOCATION.test(text)) return text;
  throw new Error(
    `google-certificate-manager-location: "${text}" is not a location; ` +
      'expected global or a region such as europe-west1',
  );
}

/** A certificate ID made from a certificate's `cert-name`: lower case, anything else a hyphen, a letter first. */
export function certificateIdFor(certName: string): string {
  let id = certName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(id)) id = `cert-${id}`;
  return id.slice(0, 63).replace(/-+$/, '');
}

/** A certificate's resource name. */
export function certificateName(project: string, location: string, id: string): string {
  return `projects/${project}/locations/${location}/certificates/${id}`;
}

/** The parts of a certificate's resource name; undefined for anything else. */
export function parseCertificateName(
  name: string,
): { readonly project: string; readonly location: string; readonly id: string } | undefined {
  const match = /^projects\/([^/]+)\/locations\/([^/]+)\/certificates\/([^/]+)$/.exec(name);
  return match ? { project: match[1] ?? '', location: match[2] ?? '', id: match[3] ?? '' } : undefined;
}
