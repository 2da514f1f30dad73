import { fileURLToPath } from 'node:url';
import type { Testbed } from '../../../../testing/testbed.js';

const hooks = fileURLToPath(new URL('./hooks/', import.meta.url));

/** exec provider inputs running the certbot-style nsupdate hooks in this folder's hooks/. */
export function execHookInputs(bed: Testbed, hookLog: string, valuePrefix = ''): Record<string, string> {
  const env = `DNS_PORT=${bed.dns.port} KEY_NAME=${bed.tsig.name} KEY_SECRET='${bed.tsig.secret}' HOOK_LOG='${hookLog}' VALUE_PREFIX='${valuePrefix}'`;
  return {
    'dns-provider': 'exec',
    'exec-auth-hook': `${env} sh ${hooks}auth.sh`,
    'exec-cleanup-hook': `${env} sh ${hooks}cleanup.sh`,
  };
}
