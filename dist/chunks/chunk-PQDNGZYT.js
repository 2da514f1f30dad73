import { createRequire as __certwrightCreateRequire } from 'node:module';
const require = __certwrightCreateRequire(import.meta.url);
import {
  ALL_INPUTS,
  REVOCATION_REASONS
} from "./chunk-DMZG5Z4S.js";
import {
  VERIFY_INPUTS
} from "./chunk-EQT6BEZV.js";
import {
  CORE_INPUTS,
  DEPLOY_INPUTS,
  DEPLOY_TARGETS,
  PROVIDERS,
  RENEW_INPUTS,
  SERVER_ALIASES,
  nearest,
  secretParts,
  storeKinds
} from "./chunk-3QFPO7D7.js";
import {
  createOctokit,
  optionDescription,
  withEnvFallbacks
} from "./chunk-432U3UQU.js";
import {
  createHttpClient
} from "./chunk-6GRIDMUM.js";
import {
  USER_AGENT
} from "./chunk-HXHQ2ZRY.js";
import {
  registerAccount
} from "./chunk-BJO4VSGV.js";
import {
  credentialKey
} from "./chunk-S7CSDXG7.js";
import {
  refusePlainHttp
} from "./chunk-K34JUBMG.js";
import {
  challengeRecordName,
  domainNameProblem
} from "./chunk-OYDUDBUO.js";

// src/cli/options.ts
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
var COMMANDS = [
  "certonly",
  "renew",
  "certificates",
  "revoke",
  "delete",
  "account",
  "verify-release",
  "acme-dns",
  "help"
];
var ENGINE_COMMANDS = ["certonly", "renew", "certificates", "revoke", "delete", "account"];
var CLI_STORE_KINDS = storeKinds({ github: createOctokit });
var CLI_ONLY = [
  { name: "help", description: "Show this help and exit.", flag: true, cliAliases: ["h"], commands: COMMANDS },
  { name: "version", description: "Print the version of certwright and exit.", flag: true, commands: ["help"] },
  {
    name: "verbose",
    description: "Log every step (never keys or secrets).",
    flag: true,
    cliAliases: ["v"],
    commands: ENGINE_COMMANDS
  },
  {
    name: "quiet",
    description: "Log only warnings and errors; print nothing on success (for cron).",
    flag: true,
    cliAliases: ["q"],
    commands: ENGINE_COMMANDS
  },
  {
    name: "non-interactive",
    description: "Accepted as in certbot; certwright never prompts.",
    flag: true,
    cliAliases: ["n"],
    commands: ENGINE_COMMANDS
  },
  {
    name: "json",
    description: "Print the result as JSON.",
    flag: true,
    commands: ["certonly", "renew", "certificates", "verify-release"]
  },
  {
    name: "staging",
    description: "Use Let's Encrypt's staging server, as `--server letsencrypt-staging` (certificates no browser trusts, for trying things out).",
    flag: true,
    cliAliases: ["test-cert"],
    commands: ["certonly", "renew"]
  },
  {
    name: "reason",
    description: `Why it is revoked: ${Object.keys(REVOCATION_REASONS).join(", ")}.`,
    default: "unspecified",
    commands: ["revoke"]
  },
  {
    name: "delete-after-revoke",
    description: "Remove the certificate from the state once it is revoked (its files are left in place).",
    flag: true,
    commands: ["revoke"]
  },
  {
    name: "yes",
    description: "Deactivate without asking (`account deactivate`); also implied by --non-interactive or no terminal.",
    flag: true,
    cliAliases: ["y"],
    commands: ["account"]
  }
];
function allInputs() {
  return [...ALL_INPUTS];
}
var UsageError = class extends Error {
  name = "UsageError";
};
function usageError(problem, command) {
  return new UsageError(`${problem} (certwright help${command ? ` ${command}` : ""})`);
}
function argsOptions(specs) {
  const options = {};
  const nameOf = /* @__PURE__ */ new Map();
  for (const spec of specs) {
    const type = spec.flag ? "boolean" : "string";
    const short = spec.cliAliases?.find((alias) => alias.length === 1);
    options[spec.name] = { type, multiple: !spec.flag, ...short ? { short } : {} };
    for (const alias of spec.cliAliases ?? []) {
      if (alias.length === 1) continue;
      options[alias] = { type, multiple: !spec.flag };
      nameOf.set(alias, spec.name);
    }
  }
  return { options, nameOf };
}
function parseFlags(argv, specs, command) {
  const { options, nameOf } = argsOptions(specs);
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: command === void 0, strict: true });
  } catch {
    const [problem, topic] = argvProblem(argv, options, command);
    throw usageError(problem, topic);
  }
  const repeatable = new Set(specs.filter((spec) => spec.repeatable).map((spec) => spec.name));
  const values = {};
  for (const [option, value] of Object.entries(parsed.values)) {
    const name = nameOf.get(option) ?? option;
    const given = [
      ...values[name] === void 0 ? [] : [values[name]],
      ...(Array.isArray(value) ? value : [value]).map(String)
    ];
    if (given.length > 1 && !repeatable.has(name)) {
      throw new UsageError(
        `--${name} was given ${given.length} times (${given.map((v) => JSON.stringify(v)).join(", ")}); give it once`
      );
    }
    values[name] = given.join(",");
  }
  return { values, positionals: parsed.positionals };
}
function secretsInArgv(argv, specs) {
  const { options, nameOf } = argsOptions(specs);
  const secret = new Set(specs.filter((spec) => spec.secret).map((spec) => spec.name));
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  return tokens.flatMap(
    (token) => token.kind === "option" && token.value !== void 0 && secret.has(nameOf.get(token.name) ?? token.name) ? secretParts(token.value) : []
  );
}
function argvProblem(argv, options, command) {
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  const topic = command ?? tokens.flatMap((t) => t.kind === "positional" && isCommand(t.value) ? [t.value] : [])[0];
  for (const token of tokens) {
    if (token.kind === "positional" && command) return [`unexpected argument ${token.value}`, topic];
    if (token.kind !== "option") continue;
    const type = options[token.name]?.type;
    if (!type) return [`unknown option ${token.rawName}${suggestion(token.rawName, Object.keys(options))}`, topic];
    if (type === "string" && (token.value === void 0 || !token.inlineValue && token.value.startsWith("-")))
      return [`option ${token.rawName} needs a value`, topic];
    if (type === "boolean" && token.value !== void 0) return [`option ${token.rawName} takes no value`, topic];
  }
  return ["the command line cannot be read", topic];
}
function isCommand(word) {
  return COMMANDS.includes(word);
}
function suggestion(rawName, names) {
  if (!rawName.startsWith("--")) return "";
  const near = nearest(
    rawName.slice(2),
    names.filter((name) => name.length > 1)
  );
  return near ? `; did you mean --${near}?` : "";
}
function commandNamed(word) {
  if (word === void 0 || isCommand(word)) return word;
  const near = nearest(word, COMMANDS);
  throw usageError(`unknown command ${word}${near ? `; did you mean ${near}?` : ""}`);
}
function withStaging(raw, staging, command) {
  if (!staging) return raw;
  const alias = "letsencrypt-staging";
  const server = raw.server?.trim();
  if (server && (SERVER_ALIASES[server] ?? server) !== SERVER_ALIASES[alias]) {
    throw usageError(
      `--staging (--test-cert) means Let's Encrypt's staging server, but --server names ${server}; give one of them`,
      command
    );
  }
  return { ...raw, server: alias };
}
function parseCommandLine(argv, env) {
  const { values, positionals } = parseFlags(argv, [...CLI_ONLY, ...allInputs()]);
  const [word, topicWord, ...extra] = positionals;
  const command = commandNamed(word);
  const topic = command === "help" ? commandNamed(topicWord) : void 0;
  const unexpected = command === "help" || command === "account" ? extra[0] : topicWord;
  if (unexpected !== void 0) throw usageError(`unexpected argument ${unexpected}`, command);
  const cliOnly = new Set(CLI_ONLY.map((option) => option.name));
  const raw = Object.fromEntries(Object.entries(values).filter(([name]) => !cliOnly.has(name)));
  const flag = (name) => values[name] === "true";
  return {
    command,
    topic,
    raw: withEnvFallbacks(withStaging(raw, flag("staging"), command), allInputs(), env).raw,
    help: flag("help"),
    version: flag("version"),
    verbose: flag("verbose"),
    quiet: flag("quiet"),
    json: flag("json"),
    reason: values.reason,
    deleteAfterRevoke: flag("delete-after-revoke"),
    accountAction: command === "account" ? topicWord : void 0,
    assumeYes: flag("yes") || flag("non-interactive")
  };
}
function defaultAccountKeyFile(server, env) {
  const first = server?.split(/[\s,]+/).find((item) => item !== "");
  const url = SERVER_ALIASES[first ?? "letsencrypt"] ?? first ?? "";
  let host = "server";
  try {
    host = new URL(url).host.replace(/[^A-Za-z0-9.-]/g, "_");
  } catch {
  }
  const base = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  const digest = createHash("sha256").update(url).digest("hex").slice(0, 8);
  return join(base, "certwright", "accounts", `${host}-${digest}.pem`);
}
function defaultStateFile(env) {
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "certwright", "state.jwe");
}

// src/dns/providers/acme-dns/cidr.ts
import { BlockList, isIP } from "node:net";
function parseCidr(text) {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim().replace(/[[\]]/g, ""));
  if (!match) return void 0;
  const address = match[1];
  const prefix = Number(match[2]);
  const version = isIP(address);
  if (version === 0 || prefix > (version === 4 ? 32 : 128)) return void 0;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

// src/dns/providers/acme-dns/register.ts
async function registerAcmeDnsAccount(options, http) {
  const domain = credentialKey(options.domain);
  const problem = domainNameProblem(domain);
  if (problem) throw new Error(`domains: "${options.domain}" is not a domain name: ${problem}`);
  const server = serverUrl(options.server);
  const allowFrom = (options.allowFrom ?? []).map((text) => text.trim()).filter(Boolean);
  const bad = allowFrom.find((text) => !parseCidr(text));
  if (bad !== void 0)
    throw new Error(
      `acme-dns-allowfrom: "${bad}" is not a network in CIDR notation; expected such as 192.0.2.0/24 or 2001:db8::/32`
    );
  const account = await registerAccount(http, server, allowFrom);
  const fulldomain = account.fulldomain.replace(/\.$/, "");
  return {
    credentials: {
      [domain]: {
        username: account.username,
        password: account.password,
        fulldomain,
        subdomain: account.subdomain,
        allowfrom: account.allowfrom,
        server_url: server
      }
    },
    cname: `${challengeRecordName(domain)}. CNAME ${fulldomain}.`
  };
}
function serverUrl(text) {
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(
      `acme-dns-server: "${text}" is not a URL; expected the acme-dns API, such as https://auth.acme-dns.io`
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(`acme-dns-server: "${text}" is not an http(s) URL; expected such as https://auth.acme-dns.io`);
  refusePlainHttp("acme-dns-server", url, "the new account's password");
  return text.trim().replace(/\/+$/, "");
}

// src/cli/acme-dns.ts
var ACME_DNS_REGISTER_INPUTS = [
  {
    name: "acme-dns-server",
    description: "Base URL of the acme-dns API to register with, such as https://auth.acme-dns.io.",
    required: true
  },
  {
    name: "domains",
    description: "The name to register an account for (`*.example.com` shares the account of example.com); given more than once, one account per name.",
    required: true,
    cliAliases: ["d", "domain"],
    repeatable: true
  },
  {
    name: "acme-dns-allowfrom",
    description: "A network (CIDR) the account's updates may come from, such as 192.0.2.0/24; repeatable. Without it: from anywhere.",
    repeatable: true
  }
];
async function acmeDnsCommand(argv, env, showHelp) {
  const [subcommand, ...rest] = argv;
  if (subcommand === void 0 || subcommand === "help" || subcommand === "--help" || subcommand === "-h") {
    showHelp();
    return subcommand === void 0 ? 2 : 0;
  }
  if (subcommand !== "register")
    throw usageError(`unknown acme-dns command ${subcommand}; expected register`, "acme-dns");
  const own = CLI_ONLY.filter((option) => option.commands.includes("acme-dns"));
  const { values } = parseFlags(rest, [...ACME_DNS_REGISTER_INPUTS, ...own], "acme-dns");
  if (values.help) {
    showHelp();
    return 0;
  }
  const server = values["acme-dns-server"];
  if (!server)
    throw usageError(
      "--acme-dns-server is missing; give the acme-dns API URL, such as https://auth.acme-dns.io",
      "acme-dns"
    );
  const names = [
    ...new Set(
      (values.domains ?? "").split(/[\s,]+/).filter(Boolean).map((name) => name.toLowerCase().replace(/^\*\./, "").replace(/\.$/, ""))
    )
  ];
  if (names.length === 0) throw usageError("-d NAME is missing; give the name to register an account for", "acme-dns");
  const allowFrom = (values["acme-dns-allowfrom"] ?? "").split(",").filter(Boolean);
  const http = createHttpClient({ userAgent: USER_AGENT, env });
  const credentials = {};
  const cnames = [];
  for (const domain of names) {
    const registration = await registerAcmeDnsAccount({ server, domain, allowFrom }, http);
    Object.assign(credentials, registration.credentials);
    cnames.push(registration.cname);
  }
  const limit = allowFrom.length > 0 ? `, updates only from ${allowFrom.join(", ")}` : "";
  process.stderr.write(
    [
      `Registered ${names.length === 1 ? "an acme-dns account" : `${names.length} acme-dns accounts`} at ${server}${limit}.`,
      `Create ${cnames.length === 1 ? "this record" : "these records"} once, in the zone of each name:`,
      ...cnames.map((cname) => `  ${cname}`),
      "Then store the credentials printed below as a secret (e.g. ... | gh secret set ACME_DNS_CREDENTIALS) and pass it as acme-dns-credentials.",
      ""
    ].join("\n")
  );
  process.stdout.write(`${JSON.stringify(credentials, null, 2)}
`);
  return 0;
}

// src/cli/help.ts
var VERSION = "0.1.0";
function inputsNamed(...names) {
  const specs = new Map(allInputs().map((spec) => [spec.name, spec]));
  return names.map((name) => {
    const spec = specs.get(name);
    if (!spec) throw new Error(`help: no input named ${name}`);
    return spec;
  });
}
var stateSection = () => ({
  title: "State options",
  options: inputsNamed("store", "state-key", "state", "shard", "github-token", "github-repository", "github-api-url")
});
var providerSections = () => PROVIDERS.map((p) => ({ title: `Provider ${p.name}: ${p.description}`, options: p.options }));
var certificateSection = { title: "Certificate options", options: CORE_INPUTS };
var deploySections = () => [
  { title: "Deploy options", options: DEPLOY_INPUTS },
  ...DEPLOY_TARGETS.map((t) => ({ title: `Deploy target ${t.name}: ${t.description}`, options: t.options }))
];
var COMMAND_HELP = {
  certonly: {
    summary: "Obtain a certificate and write cert.pem, chain.pem, fullchain.pem, privkey.pem",
    usage: ["certwright certonly -d NAME [-d NAME...] --dns PROVIDER [options]"],
    sections: () => [certificateSection, ...providerSections(), ...deploySections()]
  },
  renew: {
    summary: "Issue if missing, renew if due, changed or revoked, else say when it will be due (keeps state)",
    usage: [
      "certwright renew -d NAME [-d NAME...] --dns PROVIDER --state-key KEY [options]",
      "certwright renew --config FILE --state-key KEY [options]"
    ],
    sections: () => [
      certificateSection,
      { title: "Renewal options", options: RENEW_INPUTS },
      ...providerSections(),
      ...deploySections()
    ]
  },
  certificates: {
    summary: "List the certificates in the state: names, key type, expiry, next renewal and files",
    usage: ["certwright certificates [--cert-name NAME] [--store file:PATH] [--json]"],
    sections: () => [
      { title: "Options", options: inputsNamed("cert-name", "output-dir", "renew-before-days") },
      stateSection()
    ]
  },
  revoke: {
    summary: "Revoke a certificate in the state; the next renew replaces it",
    usage: ["certwright revoke --cert-name NAME [--reason REASON] [--delete-after-revoke]"],
    sections: () => [
      { title: "Options", options: inputsNamed("cert-name", "server-ca-file", "output-dir") },
      stateSection()
    ]
  },
  delete: {
    summary: "Remove a certificate from the state (its files are left in place)",
    usage: ["certwright delete --cert-name NAME"],
    sections: () => [{ title: "Options", options: inputsNamed("cert-name", "output-dir") }, stateSection()]
  },
  account: {
    summary: "Roll the ACME account key over, deactivate the account, or update its contact (keeps state)",
    usage: [
      "certwright account rollover [--server URL] [--state-key KEY]",
      "certwright account deactivate [--server URL] [--yes]",
      "certwright account update -m EMAIL [-m EMAIL...] [--server URL]"
    ],
    sections: () => [
      { title: "Options", options: inputsNamed("server", "email", "server-ca-file", "account-key-file") },
      stateSection()
    ]
  },
  "verify-release": {
    summary: "Check that the published npm tarball / PyPI files are the ones built here (exit 1 if not)",
    usage: [
      "certwright verify-release --package NAME --version V --tarball FILE [--registry URL] [--tag vV]",
      "certwright verify-release --ecosystem pypi --package PROJECT --version V [--dist DIR] [--registry URL]"
    ],
    sections: () => [{ title: "Options", options: VERIFY_INPUTS }]
  },
  "acme-dns": {
    summary: "Register an acme-dns account: prints the CNAME to create and the credentials JSON to store",
    usage: ["certwright acme-dns register -d NAME [-d NAME...] --acme-dns-server URL [--acme-dns-allowfrom CIDR...]"],
    sections: () => [{ title: "Options", options: ACME_DNS_REGISTER_INPUTS }]
  },
  help: {
    summary: "Show the usage and options of a command",
    usage: ["certwright help COMMAND", "certwright COMMAND --help"],
    sections: () => []
  }
};
function helpWidth(columns, env) {
  const width = columns ?? Number(env.COLUMNS);
  return Math.max(40, Number.isInteger(width) && width > 0 ? width : 80);
}
function wrap(text, width, first, indent = first) {
  const room = width - Math.max(first.length, indent.length);
  const pieces = text.split(/\s+/).filter(Boolean).flatMap((word) => word.match(new RegExp(`.{1,${room}}`, "g")) ?? []);
  const lines = [];
  let line = first;
  let empty = true;
  for (const piece of pieces) {
    if (!empty && line.length + 1 + piece.length > width) {
      lines.push(line);
      [line, empty] = [indent, true];
    }
    line += `${empty ? "" : " "}${piece}`;
    empty = false;
  }
  return [...lines, line];
}
function describe(input, width) {
  const aliases = input.cliAliases ?? [];
  const flags = [
    ...aliases.filter((a) => a.length === 1).map((a) => `-${a}`),
    ...[input.name, ...aliases.filter((a) => a.length > 1)].map((n) => `--${n}`)
  ];
  const def = input.default ? ` [default: ${input.default}]` : "";
  return [
    ...wrap(`${flags.join(", ")}${input.flag ? "" : " VALUE"}`, width, "  ", "      "),
    ...wrap(`${optionDescription(input)}${def}`, width, "      ")
  ];
}
function section(title, body, width) {
  return ["", ...wrap(title, width, "", "  "), ...body];
}
function cliOptionsOf(command) {
  return CLI_ONLY.filter((option) => option.commands.includes(command));
}
function withCliOptions(command, sections) {
  const own = cliOptionsOf(command);
  const [first, ...others] = sections;
  if (!first) return [{ title: "General options", options: own }];
  const alone = own.filter((option) => option.commands.length === 1);
  const shared = own.filter((option) => option.commands.length > 1);
  return [
    { ...first, options: [...first.options, ...alone] },
    ...others,
    { title: "General options", options: shared }
  ];
}
function overview(width) {
  const commands = COMMANDS.flatMap(
    (name) => wrap(COMMAND_HELP[name].summary, width, `  ${name.padEnd(16)}`, " ".repeat(18))
  );
  return [
    ...wrap(`certwright ${VERSION}: ACME DNS-01 certificates for CI and terminals`, width, ""),
    ...section("Usage:", wrap("certwright COMMAND [options]", width, "  "), width),
    ...section("Commands:", commands, width),
    ...section(
      "Options:",
      cliOptionsOf("help").flatMap((o) => describe(o, width)),
      width
    ),
    "",
    ...wrap(
      '"certwright help COMMAND" (or certwright COMMAND --help) shows the usage and options of a command.',
      width,
      ""
    ),
    ...wrap(
      "Secret options can come from the environment instead: CERTWRIGHT_<OPTION> (e.g. CERTWRIGHT_STATE_KEY).",
      width,
      ""
    )
  ];
}
function commandHelp(command, width) {
  const help = COMMAND_HELP[command];
  const sections = withCliOptions(command, help.sections()).filter((s) => s.options.length > 0);
  return [
    ...wrap(`certwright ${command}: ${help.summary}`, width, ""),
    ...section(
      "Usage:",
      help.usage.flatMap((line) => wrap(line, width, "  ", "      ")),
      width
    ),
    ...sections.flatMap(
      (s) => section(
        `${s.title}:`,
        s.options.flatMap((o) => describe(o, width)),
        width
      )
    )
  ];
}
function helpText(command, width) {
  const lines = command === void 0 || command === "help" ? overview(width) : commandHelp(command, width);
  return `${lines.join("\n")}
`;
}

export {
  CLI_STORE_KINDS,
  CLI_ONLY,
  allInputs,
  UsageError,
  usageError,
  parseFlags,
  secretsInArgv,
  parseCommandLine,
  defaultAccountKeyFile,
  defaultStateFile,
  acmeDnsCommand,
  VERSION,
  helpWidth,
  helpText
};
