import type { KeyType } from '../crypto/keys.js';
import type { PfxSettings } from '../crypto/pkcs12.js';
import type { ServerAddress } from '../dns/address.js';
import type { PropagationSettings } from '../dns/propagation.js';
import type { ConfiguredProvider } from '../dns/provider.js';

/** The ACME account a certificate is ordered with. */
export interface AccountSettings {
  /** Contact addresses, without `mailto:`. */
  readonly emails: readonly string[];
  /** The user accepted the CA's terms of service; registration is refused without it when the CA has terms. */
  readonly agreeTos: boolean;
  /** External Account Binding from the CA (RFC 8555 §7.3.4): key ID and base64url HMAC key. */
  readonly eab?: { readonly kid: string; readonly hmacKey: string };
  /** EAB sent only when the CA's directory requires it (a fallback CA given the run's shared EAB). */
  readonly eabIfRequired?: { readonly kid: string; readonly hmacKey: string };
  /**
   * A PEM file holding the account key, created (0600) when missing. Used when the state has no
   * account for this CA yet; without either, a new account is registered.
   */
  readonly keyFile?: string;
}

/** A CA tried after the first when it is down or rate limited (`server` given as a list). */
export interface FallbackCa {
  /** The ACME directory URL. */
  readonly directoryUrl: string;
  /** This CA's own External Account Binding (a config file's `server` entry). */
  readonly eab?: { readonly kid: string; readonly hmacKey: string };
  /** The run's shared EAB (`eab-kid`), sent only if this CA's directory requires one. */
  readonly eabIfRequired?: { readonly kid: string; readonly hmacKey: string };
}

/** Which CA, and how to talk to it. */
export interface CaSettings {
  /** The ACME directory URL. */
  readonly directoryUrl: string;
  /** A PEM file with an extra CA to trust for the ACME server's own TLS certificate (private CAs, tests). */
  readonly trustFile?: string;
  readonly account: AccountSettings;
  /** Common name of the root or issuer to prefer when the CA offers alternate chains. */
  readonly preferredChain?: string;
  /** An ACME profile from the directory's `meta.profiles`. */
  readonly profile?: string;
  /** A profile to ask for when the CA offers it; otherwise the CA's default, with a warning. */
  readonly preferredProfile?: string;
  /** The next CAs, in order, for when this one is unreachable, failing with 5xx, or rate limited. */
  readonly fallbacks?: readonly FallbackCa[];
}

/** How control of the names is proven over DNS-01. */
export interface DnsSettings {
  /** Writes and deletes the TXT records; may route per zone to several providers. */
  readonly provider: ConfiguredProvider;
  /** Authoritative servers to check instead of each zone's NS set (also asked for zones). */
  readonly nameservers?: readonly ServerAddress[];
  /** Recursive resolvers for zone discovery and CNAME following; the system's when absent. */
  readonly resolvers?: readonly ServerAddress[];
  readonly propagation: PropagationSettings;
}

/**
 * One certificate as the engine sees it, whatever front end or file described it. Every
 * front end parses its inputs down into this shape; nothing below reads raw inputs.
 */
export interface CertificateRequest {
  /** The certificate's name: its lineage in the state and its folder under `outputDir`. */
  readonly name: string;
  /** The names, normalized, first one the subject; `*.` for wildcards. */
  readonly domains: readonly string[];
  readonly keyType: KeyType;
  readonly ca: CaSettings;
  readonly dns: DnsSettings;
  /** The files go to `<outputDir>/<name>/`. */
  readonly outputDir: string;
  /** Also write cert.pfx (PKCS#12) there, protected so; absent: no PFX. */
  readonly pfx?: PfxSettings;
}
