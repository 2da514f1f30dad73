import type { ProviderMetadata } from '../../provider.js';

export const metadata: ProviderMetadata = {
  name: 'httpreq',
  description: "Your own DNS backend behind lego's httpreq protocol: POST /present and /cleanup with {fqdn, value}",
  options: [
    {
      name: 'httpreq-endpoint',
      description:
        "Base URL of the backend (lego's HTTPREQ_ENDPOINT): certwright POSTs to `<endpoint>/present` and `<endpoint>/cleanup`.",
      required: true,
    },
    {
      name: 'httpreq-username',
      description: "Basic authentication user name (lego's HTTPREQ_USERNAME); needs httpreq-password.",
    },
    {
      name: 'httpreq-password',
      description: "Basic authentication password (lego's HTTPREQ_PASSWORD); needs httpreq-username.",
      secret: true,
      envAliases: ['HTTPREQ_PASSWORD'],
    },
    {
      name: 'httpreq-timeout',
      description: "Seconds one request may take before it counts as failed (lego's HTTPREQ_HTTP_TIMEOUT).",
      default: '30',
    },
  ],
  docs: {
    credentials:
      'Whatever your backend asks for: none, or HTTP basic authentication with `httpreq-username` and `httpreq-password` (from a secret, or ' +
      "`CERTWRIGHT_HTTPREQ_PASSWORD` / `HTTPREQ_PASSWORD` in the step's environment). Over plain `http://` to anything but the local host " +
      'the password crosses the network readable, and certwright warns; use https. The password never enters the state bundle or the logs, and ' +
      "a backend's error text is quoted bounded and with the password cut out.\n\n" +
      "The protocol is lego's `httpreq` (default mode), so a backend written for lego works unchanged: `POST <endpoint>/present` and " +
      '`POST <endpoint>/cleanup`, each with `Content-Type: application/json` and the body `{"fqdn": "_acme-challenge.example.com.", "value": "<TXT value>"}` ' +
      '(the name after CNAMEs are followed, with a trailing dot). Any 2xx is success; 429, 502, 503 and 504 are retried (429 after its ' +
      "`Retry-After`); any other status fails the run with the status and the start of the body. lego's `RAW` mode " +
      '(`{domain, token, keyAuth}`) is not offered: certwright hands providers the TXT value only, never the key authorization.',
    leastPrivilege:
      'The backend decides what a caller may do; give the credentials certwright uses the right to add and remove TXT values under ' +
      '`_acme-challenge` names only. certwright sends one `present` per value and, after validation (or from the post step or the next run ' +
      'after a crash), one `cleanup` per value with the same `{fqdn, value}`: the backend should remove exactly that value and keep any other TXT ' +
      'value at the name (a wildcard and its apex share one name; other tools keep verification values there), and answer 2xx to a cleanup of ' +
      'a value that is already gone.',
    example: [
      'domains: example.com, *.example.com',
      'email: ops@example.com',
      'agree-tos: true',
      'dns-provider: httpreq',
      'httpreq-endpoint: https://dns-api.example.com/acme',
      'httpreq-username: certwright',
      'httpreq-password: ${{ secrets.HTTPREQ_PASSWORD }}',
    ].join('\n'),
    testedAgainst:
      '`testing/fake-api.ts` in this folder: a local httpreq backend that checks basic authentication (401 with a `WWW-Authenticate` challenge), ' +
      'refuses bodies lego would not send, adds a value on present and removes exactly that value on cleanup, can be scripted to fail, throttle ' +
      "or stall, and writes every change into the test bed's BIND, so Pebble validates through real DNS.",
  },
};
