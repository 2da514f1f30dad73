/**
 * V8's young generation held at its start size, for runs over many certificates only.
 *
 * certwright runs as a short-lived process. V8 doubles the young generation, up to two 16 MB
 * semi-spaces, once enough data has survived its scavenges, and a run that loads a state of
 * 1,000 certificates gets there. That is 30 MB more peak memory: a no-op check of 1,000
 * certificates with deploy targets peaks at 112 MB with the default and at 81 MB without it.
 * Time stays the same. A growth factor of 1 keeps the young generation at its starting size, and
 * the data that survives is promoted as usual. V8 reads the factor each time it would grow the
 * space, so setting it once the run knows its size, before it parses the config file and loads
 * the state, takes effect.
 *
 * It is not set at start, and not for small runs: V8 checks a code cache against a hash of its
 * flags, so once any flag is changed, every Node built-in loaded afterwards is compiled from
 * source instead of from the cache built into Node (node:net, node:tls and node:http took 18 ms
 * instead of 5 on this project's machine), and a run of one certificate never grows the young
 * generation anyway. For the same reason the factor is put back to V8's default before the start
 * script's code cache is written at exit (src/process/start-script.ts), so the cache fits the next
 * process, which starts with the default.
 */
import { requireBuiltin } from '../runtime.js';

/**
 * A config file this large (about 150 certificates) holds the young generation at its start size.
 * Its size is known before it is parsed, and parsing a large file is itself what first grows the
 * young generation: held only once the certificates were counted, a no-op of 1,000 peaked 5 MB higher.
 */
export const LARGE_CONFIG_BYTES = 16 * 1024;

/** V8's own default for the factor (`node --v8-options`), which the flag hash of a fresh process reflects. */
const DEFAULT_GROWTH_FACTOR = 2;

/** Shared through the global object: the start script's loader is bundled apart from the code that sets it. */
const HELD = Symbol.for('certwright.young-generation.held');

type Global = Record<symbol, unknown>;

function setGrowthFactor(factor: number): void {
  requireBuiltin<typeof import('node:v8')>('node:v8').setFlagsFromString(`--semi-space-growth-factor=${factor}`);
}

/** Holds the young generation at its start size for the rest of the run. */
export function holdYoungGeneration(): void {
  if ((globalThis as Global)[HELD] === true) return;
  setGrowthFactor(1);
  (globalThis as Global)[HELD] = true;
}

/** Whether holdYoungGeneration changed V8's flags in this process. */
export function youngGenerationHeld(): boolean {
  return (globalThis as Global)[HELD] === true;
}

/**
 * Puts V8's flags back as a fresh process has them, so a code cache made now is accepted by the
 * next one. For the end of a run: the young generation may grow again from here.
 */
export function releaseYoungGeneration(): void {
  if ((globalThis as Global)[HELD] !== true) return;
  setGrowthFactor(DEFAULT_GROWTH_FACTOR);
  (globalThis as Global)[HELD] = false;
}
