/**
 * Deploy targets, the third kind of plug-in next to DNS providers and stores: one folder each
 * under src/deploy/ (`index.ts` with the definition and its options in the option model,
 * `metadata.ts`, the implementation, `testing/`), registered by scripts/generate.ts in
 * ./index.ts. A target takes a certificate the run has issued and puts it where it is served.
 */
import type { HttpClient } from '../net/http.js';
import type { OptionSpec, OptionValues } from '../options/option.js';
import type { Clock, Logger } from '../runtime.js';

/** A certificate as the run hands it to a target: just issued and checked, with its key. */
export interface IssuedCertificate {
  /** The certificate's name (`cert-name`). */
  readonly name: string;
  readonly domains: readonly string[];
  /** The leaf certificate (PEM). */
  readonly certPem: string;
  /** The issuing chain without the leaf (PEM). */
  readonly chainPem: string;
  /** The private key (PKCS#8 PEM): a target sends it only to where it is served, never to a log. */
  readonly keyPem: string;
  readonly serial: string;
  readonly notAfter: Date;
}

export interface DeployContext {
  readonly logger: Logger;
  readonly clock: Clock;
  /** The environment: SDK credential chains read it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The run's HTTP client (system trust, proxy settings): vendor APIs go through it. */
  readonly http: HttpClient;
}

/**
 * What a target holds after a deploy, kept in the state per certificate and target key, so a
 * no-op run calls no target and a renewal goes into the same place (the same ARN, a new version).
 */
export interface DeployedRecord {
  /** Serial (lower-case hex) of the certificate the target holds. */
  readonly serial: string;
  /** The target's own identifier: an ARN, a secret's name, a certificate version, a resourceVersion. */
  readonly id: string;
  /** More identifiers worth showing (one ARN per region, a version URL); never a secret. */
  readonly details?: Readonly<Record<string, string>>;
  /** When it was deployed, epoch milliseconds. */
  readonly at: number;
}

/** A target ready to deploy. */
export interface DeployTarget {
  readonly name: string;
  /**
   * Puts the certificate in place. `previous` is what the state says this target held (its ID:
   * re-import into that ARN, add a version to that certificate), absent on a first deploy.
   * Throws an error prefixed with the target's name, with its cause; never logs the key.
   */
  deploy(certificate: IssuedCertificate, previous: DeployedRecord | undefined): Promise<DeployedRecord>;
}

/**
 * What a target folder declares about itself (its metadata.ts): the registry, action.yml, CLI and docs come from it.
 */
export interface DeployMetadata {
  readonly name: string;
  /** One line. */
  readonly description: string;
  /** Its settings, in the option model every plug-in kind shares; named `<target>-...`. */
  readonly options: readonly OptionSpec[];
}

/** A target's metadata and its settings parser: what its folder's index.ts exports as `definition`. */
export interface DeployTargetDefinition extends DeployMetadata {
  /** Validates the option values (throwing errors that name the option) and returns a factory. */
  configure(values: OptionValues): ConfiguredDeployTarget;
}

export interface ConfiguredDeployTarget {
  readonly name: string;
  /** One line for logs and `--dry-run` (where the certificate would go); never a secret. */
  readonly description: string;
  /**
   * Where it deploys, stable across runs (`acm:eu-west-1,us-east-1`, `kubernetes:ctx/ns/name`):
   * the state's record for the target is kept under it, so a changed place is a first deploy there.
   */
  readonly key: string;
  /** Builds the target; async so a vendor SDK is loaded only when its target is used. */
  create(context: DeployContext): Promise<DeployTarget>;
}
