import { withEnvFallbacks } from '../config/inputs.js';
import { parseVerifyConfig, VERIFY_INPUTS } from '../config/verify.js';
import { formatReport } from '../release/report.js';
import { runVerifyRelease } from '../release/verify.js';
import { helpText, helpWidth } from './help.js';
import { CLI_ONLY, parseFlags } from './options.js';

/**
 * `certwright verify-release --package NAME[,NAME] --version V (--tarball FILE|DIR |
 * --ecosystem pypi --dist DIR) [--registry URL] [--tag vV] [--json]`: its own flags, since
 * `--version` means the package's version here. Exit 0 when verified, 1 when not.
 */
export async function verifyReleaseCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const own = CLI_ONLY.filter((option) => option.commands.includes('verify-release'));
  const { values } = parseFlags(argv, [...VERIFY_INPUTS, ...own], 'verify-release');
  if (values.help) {
    process.stdout.write(helpText('verify-release', helpWidth(process.stdout.columns, env)));
    return 0;
  }
  const config = parseVerifyConfig(withEnvFallbacks(values, VERIFY_INPUTS, env).raw);
  const report = await runVerifyRelease(config, { env });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return report.verified ? 0 : 1;
}
