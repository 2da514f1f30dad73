import type { DeployTargetDefinition } from '../target.js';
import { metadata } from './metadata.js';
import { githubSecretKey, parseGithubSecretSettings } from './settings.js';

export const definition: DeployTargetDefinition = {
  ...metadata,
  configure(values) {
    const settings = parseGithubSecretSettings(values);
    const names = settings.slots.map((slot) => slot.target.name).join(', ');
    return {
      name: 'github-secret',
      description: `github-secret (${names} in ${settings.scope})`,
      key: githubSecretKey(settings),
      async create(context) {
        // Octokit and libsodium are loaded only by runs that write secrets.
        const { GithubSecretTarget } = await import('./target.js');
        return GithubSecretTarget.create(settings, context);
      },
    };
  },
};
