import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);

// src/deploy/google-certificate-manager/metadata.ts
var DEFAULT_API_URL = "https://certificatemanager.googleapis.com";
var CERTIFICATE_MANAGER_PERMISSIONS = [
  "certificatemanager.certs.create",
  "certificatemanager.certs.update",
  "certificatemanager.operations.get"
];
var metadata = {
  name: "google-certificate-manager",
  description: "Google Cloud Certificate Manager: a self-managed certificate created, then updated in place on each renewal (the certificate maps and load balancers that use it keep it), with Application Default Credentials (Workload Identity Federation)",
  options: [
    {
      name: "google-certificate-manager-project",
      description: "Project that holds the certificate. Default: the credentials' project (`GOOGLE_CLOUD_PROJECT`, which google-github-actions/auth sets, or the key file's)."
    },
    {
      name: "google-certificate-manager-location",
      description: "Location of the certificate: `global` for global external Application Load Balancers, or a region (`europe-west1`) for regional ones.",
      default: "global"
    },
    {
      name: "google-certificate-manager-certificate",
      description: "ID of the certificate (a lower-case letter, then up to 62 lower-case letters, digits and hyphens, not ending in a hyphen). Default: the certificate's `cert-name` made into one (`www.example.com` -> `www-example-com`)."
    },
    {
      name: "google-certificate-manager-api-url",
      description: "Certificate Manager API base URL instead of the public one (a local test endpoint).",
      default: DEFAULT_API_URL
    }
  ]
};

// src/deploy/google-certificate-manager/names.ts
var CERTIFICATE_ID = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
var PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
var LOCATION = /^(global|[a-z]+-[a-z]+[0-9]+)$/;
function parseCertificateId(text) {
  if (CERTIFICATE_ID.test(text)) return text;
  throw new Error(
    `google-certificate-manager-certificate: "${text}" is not a certificate ID; expected a lower-case letter, then up to 62 lower-case letters, digits and hyphens, not ending in a hyphen, such as www-example-com`
  );
}
function parseProjectId(text, name) {
  if (PROJECT_ID.test(text)) return text;
  throw new Error(
    `${name}: "${text}" is not a project ID; expected 6 to 30 lower-case letters, digits and hyphens starting with a letter, such as my-project-123`
  );
}
function parseLocation(text) {
  if (LOCATION.test(text)) return text;
  throw new Error(
    `google-certificate-manager-location: "${text}" is not a location; expected global or a region such as europe-west1`
  );
}
function certificateIdFor(certName) {
  let id = certName.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (!/^[a-z]/.test(id)) id = `cert-${id}`;
  return id.slice(0, 63).replace(/-+$/, "");
}
function certificateName(project, location, id) {
  return `projects/${project}/locations/${location}/certificates/${id}`;
}
function parseCertificateName(name) {
  const match = /^projects\/([^/]+)\/locations\/([^/]+)\/certificates\/([^/]+)$/.exec(name);
  return match ? { project: match[1] ?? "", location: match[2] ?? "", id: match[3] ?? "" } : void 0;
}

export {
  DEFAULT_API_URL,
  CERTIFICATE_MANAGER_PERMISSIONS,
  metadata,
  parseCertificateId,
  parseProjectId,
  parseLocation,
  certificateIdFor,
  certificateName,
  parseCertificateName
};
