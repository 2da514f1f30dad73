import { webcrypto } from 'node:crypto';

type X509Module = typeof import('@peculiar/x509');
let loaded: Promise<X509Module> | undefined;

/**
 * @peculiar/x509 with Node's WebCrypto, loaded on first use: it (with reflect-metadata and
 * its ASN.1 schemas) is the largest part of start-up, and a run that issues nothing needs it
 * only to name certificates for ARI.
 */
export function loadX509(): Promise<X509Module> {
  loaded ??= (async () => {
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<X509Module['cryptoProvider']['set']>[0]);
    return x509;
  })();
  return loaded;
}
