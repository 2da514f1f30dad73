import { parseArgs } from 'node:util';
import { withEnvFallbacks } from '../config/inputs.js';
import { parseVerifyConfig, VERIFY_INPUTS } from '../config/verify.js';
import { formatReport } from '../release/report.js';
import { runVerifyRelease, withNpmrcToken } from '../release/verify.js';
import { helpText } from './help.js';
import { UsageError } from './options.js';

/**
 * `certwright verify-release --package NAME --version V (--tarball FILE | --ecosystem pypi
 * --dist DIR) [--registry URL] [--tag vV]`: its own flags, since `--version` means the
 * package's version here. Exit 0 when verified, 1 when not.
 */
export async function verifyReleaseCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(helpText());
    return 0;
  }
  const options = Object.fromEntries([
    ...VERIFY_INPUTS.map((input) => [input.name, { type: input.flag ? ('boolean' as const) : ('string' as const) }]),
    ['json', { type: 'boolean' as const }],
  ]);
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see certwright --help`);
  }
  const raw = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
  const config = await withNpmrcToken(parseVerifyConfig(withEnvFallbacks(raw, VERIFY_INPUTS, env).raw), env);
  const result = await runVerifyRelease(config, { env });
  const subject = `${config.name}@${config.version} on ${config.registry}`;
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatReport(subject, result)}\n`);
  return result.verified ? 0 : 1;
}
