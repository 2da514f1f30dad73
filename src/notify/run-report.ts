import type { NotifySettings } from './options.js';
import type { ReportInputs, RunReport } from './report.js';
import type { ReportTools } from './send.js';

/**
 * Sends the run's report to the webhooks and the heartbeat the settings name (see send.ts's
 * reportRun). The sending code is loaded only when there is somewhere to send: most runs have
 * no notifications and do not parse it.
 */
export async function reportRun(
  settings: NotifySettings,
  inputs: ReportInputs,
  tools: ReportTools,
): Promise<RunReport | undefined> {
  if (settings.targets.length === 0 && !settings.heartbeat) return undefined;
  const send = await import('./send.js');
  return send.reportRun(settings, inputs, tools);
}
