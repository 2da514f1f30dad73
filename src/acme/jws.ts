import { createHash, createHmac, createPublicKey, sign, type KeyObject } from 'node:crypto';

/** A public key as a JWK (RFC 7517): the members ACME needs for EC and RSA keys. */
export interface PublicJwk {
  readonly kty: string;
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly n?: string;
  readonly e?: string;
}

/** The account key with what signing needs precomputed: its JWS algorithm, public JWK and thumbprint. */
export interface AccountKey {
  readonly privateKey: KeyObject;
  readonly alg: 'ES256' | 'ES384' | 'RS256';
  readonly publicJwk: PublicJwk;
  /** The JWK thumbprint (RFC 7638, SHA-256), base64url: part of every key authorization. */
  readonly thumbprint: string;
}

/** How each algorithm signs with node:crypto: the digest, and ECDSA's r||s form (RFC 7518 §3.4). */
const SIGNERS = {
  ES256: { hash: 'sha256', dsaEncoding: 'ieee-p1363' },
  ES384: { hash: 'sha384', dsaEncoding: 'ieee-p1363' },
  RS256: { hash: 'sha256', dsaEncoding: undefined },
} as const;

/** Derives the JWS algorithm and public JWK of an account private key (EC P-256/P-384 or RSA). */
export function accountKeyFrom(privateKey: KeyObject): Promise<AccountKey> {
  const details = privateKey.asymmetricKeyDetails;
  let alg: AccountKey['alg'];
  if (privateKey.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') alg = 'ES256';
  else if (privateKey.asymmetricKeyType === 'ec' && details?.namedCurve === 'secp384r1') alg = 'ES384';
  else if (privateKey.asymmetricKeyType === 'rsa') alg = 'RS256';
  else
    return Promise.reject(
      new Error(
        `acme: unsupported account key type ${privateKey.asymmetricKeyType} ${details?.namedCurve ?? ''}; ` +
          'use EC P-256, P-384 or RSA',
      ),
    );
  const { kty, crv, x, y, n, e } = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicJwk = Object.fromEntries(
    Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined),
  ) as unknown as PublicJwk;
  return Promise.resolve({ privateKey, alg, publicJwk, thumbprint: jwkThumbprint(publicJwk) });
}

/** RFC 7638: SHA-256 of the required members, in lexicographic order, without whitespace. */
function jwkThumbprint(jwk: PublicJwk): string {
  const required =
    jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(required)).digest('base64url');
}

export interface JwsEnvelope {
  readonly protected: string;
  readonly payload: string;
  readonly signature: string;
}

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/**
 * Signs an ACME request body (RFC 8555 §6.2): flattened JWS with `alg`, `nonce`, `url` and
 * either `jwk` (new account, revocation by certificate key) or `kid` (everything else).
 * `payload` undefined means POST-as-GET (§6.3): an empty payload string. node:crypto signs
 * synchronously, in microseconds: no per-request key import or thread-pool round trip.
 */
export function signAcmeRequest(
  key: AccountKey,
  header: { nonce?: string; url: string; kid?: string },
  payload: unknown,
): Promise<JwsEnvelope> {
  const protectedHeader = base64url(
    JSON.stringify({
      alg: key.alg,
      // keyChange's inner JWS has none (§7.3.5).
      ...(header.nonce === undefined ? {} : { nonce: header.nonce }),
      url: header.url,
      ...(header.kid ? { kid: header.kid } : { jwk: key.publicJwk }),
    }),
  );
  const encodedPayload = payload === undefined ? '' : base64url(JSON.stringify(payload));
  const { hash, dsaEncoding } = SIGNERS[key.alg];
  const signature = sign(hash, Buffer.from(`${protectedHeader}.${encodedPayload}`), {
    key: key.privateKey,
    ...(dsaEncoding ? { dsaEncoding } : {}),
  });
  return Promise.resolve({
    protected: protectedHeader,
    payload: encodedPayload,
    signature: signature.toString('base64url'),
  });
}

/**
 * External Account Binding (RFC 8555 §7.3.4): the account's public JWK signed with the MAC key
 * the CA handed out, so the CA can tie the new ACME account to an existing customer account.
 */
export function externalAccountBinding(
  key: AccountKey,
  binding: { kid: string; hmacKey: string },
  newAccountUrl: string,
): Promise<JwsEnvelope> {
  const secret = Buffer.from(binding.hmacKey, 'base64url');
  const protectedHeader = base64url(JSON.stringify({ alg: 'HS256', kid: binding.kid, url: newAccountUrl }));
  const payload = base64url(JSON.stringify(key.publicJwk));
  const signature = createHmac('sha256', secret).update(`${protectedHeader}.${payload}`).digest('base64url');
  return Promise.resolve({ protected: protectedHeader, payload, signature });
}

/** The TXT value for a dns-01 challenge (RFC 8555 §8.1 key authorization, §8.4 digest). */
export function dns01TxtValue(token: string, key: AccountKey): Promise<string> {
  return Promise.resolve(createHash('sha256').update(`${token}.${key.thumbprint}`).digest('base64url'));
}
