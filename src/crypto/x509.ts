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
    // A CommonJS module imported with import() in the bundle offers only `default` (module.exports).
    const module = (await import('@peculiar/x509')) as X509Module & { default?: X509Module };
    const x509 = module.default ?? module;
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<X509Module['cryptoProvider']['set']>[0]);
    return x509;
  })();
  return loaded;
}
