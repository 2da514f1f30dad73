import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { FlattenedSign, base64url, calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

/** The account key with what signing needs precomputed: its JWS algorithm and public JWK. */
export interface AccountKey {
  readonly privateKey: KeyObject;
  readonly alg: 'ES256' | 'ES384' | 'RS256';
  readonly publicJwk: JWK;
}

/** Derives the JWS algorithm and public JWK of an account private key (EC P-256/P-384 or RSA). */
export async function accountKeyFrom(privateKey: KeyObject): Promise<AccountKey> {
  const details = privateKey.asymmetricKeyDetails;
  let alg: AccountKey['alg'];
  if (privateKey.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') alg = 'ES256';
  else if (privateKey.asymmetricKeyType === 'ec' && details?.namedCurve === 'secp384r1') alg = 'ES384';
  else if (privateKey.asymmetricKeyType === 'rsa') alg = 'RS256';
  else
    throw new Error(
      `acme: unsupported account key type ${privateKey.asymmetricKeyType} ${details?.namedCurve ?? ''}; use EC P-256, P-384 or RSA`,
    );
  const { kty, crv, x, y, n, e } = await exportJWK(createPublicKey(privateKey));
  const publicJwk = Object.fromEntries(
    Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined),
  ) as JWK;
  return { privateKey, alg, publicJwk };
}

export interface JwsEnvelope {
  readonly protected: string;
  readonly payload: string;
  readonly signature: string;
}

/**
 * Signs an ACME request body (RFC 8555 §6.2): flattened JWS with `alg`, `nonce`, `url` and
 * either `jwk` (new account, revocation by certificate key) or `kid` (everything else).
 * `payload` undefined means POST-as-GET (§6.3): an empty payload string.
 */
export async function signAcmeRequest(
  key: AccountKey,
  header: { nonce: string; url: string; kid?: string },
  payload: unknown,
): Promise<JwsEnvelope> {
  const body = payload === undefined ? new Uint8Array(0) : new TextEncoder().encode(JSON.stringify(payload));
  const protectedHeader = {
    alg: key.alg,
    nonce: header.nonce,
    url: header.url,
    ...(header.kid ? { kid: header.kid } : { jwk: key.publicJwk }),
  };
  const jws = await new FlattenedSign(body).setProtectedHeader(protectedHeader).sign(key.privateKey);
  return { protected: jws.protected ?? '', payload: jws.payload, signature: jws.signature };
}

/**
 * External Account Binding (RFC 8555 §7.3.4): the account's public JWK signed with the MAC key
 * the CA handed out, so the CA can tie the new ACME account to an existing customer account.
 */
export async function externalAccountBinding(
  key: AccountKey,
  binding: { kid: string; hmacKey: string },
  newAccountUrl: string,
): Promise<JwsEnvelope> {
  const secret = base64url.decode(binding.hmacKey);
  const jws = await new FlattenedSign(new TextEncoder().encode(JSON.stringify(key.publicJwk)))
    .setProtectedHeader({ alg: 'HS256', kid: binding.kid, url: newAccountUrl })
    .sign(secret);
  return { protected: jws.protected ?? '', payload: jws.payload, signature: jws.signature };
}

/** The TXT value for a dns-01 challenge (RFC 8555 §8.1 key authorization, §8.4 digest). */
export async function dns01TxtValue(token: string, key: AccountKey): Promise<string> {
  const thumbprint = await calculateJwkThumbprint(key.publicJwk, 'sha256');
  return createHash('sha256').update(`${token}.${thumbprint}`).digest('base64url');
}
