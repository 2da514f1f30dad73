import type { ProviderDefinition } from '../../provider.js';
import { metadata } from './metadata.js';
import { ExecProvider, type ExecSettings } from './provider.js';

export const definition: ProviderDefinition = {
  ...metadata,
  configure(values) {
    const authHook = values['exec-auth-hook']?.trim();
    if (!authHook)
      throw new Error(
        'exec-auth-hook: missing; expected the command that creates the TXT record (certbot --manual-auth-hook)',
      );
    const cleanupHook = values['exec-cleanup-hook']?.trim() || undefined;
    const timeoutText = values['exec-timeout']?.trim() || '120';
    if (!/^\d+$/.test(timeoutText) || Number(timeoutText) < 1) {
      throw new Error(`exec-timeout: "${timeoutText}" is not a duration; expected whole seconds, such as 120`);
    }
    const settings: ExecSettings = {
      authHook,
      ...(cleanupHook ? { cleanupHook } : {}),
      timeoutMs: Number(timeoutText) * 1000,
    };
    return {
      name: 'exec',
      description: `exec hooks (auth${cleanupHook ? ' + cleanup' : ', no cleanup hook'})`,
      create: (context) => Promise.resolve(new ExecProvider(settings, context)),
    };
  },
};
