import { optionalOption, urlOption } from '../../options/parse.js';
import type { DeployTargetDefinition } from '../target.js';
import { DEFAULT_API_URL, metadata } from './metadata.js';
import { parseCertificateId, parseLocation, parseProjectId } from './names.js';

export const definition: DeployTargetDefinition = {
  ...metadata,
  configure(values) {
    const projectText = optionalOption(values, 'google-certificate-manager-project');
    const project =
      projectText === undefined ? undefined : parseProjectId(projectText, 'google-certificate-manager-project');
    const location = parseLocation(optionalOption(values, 'google-certificate-manager-location') ?? 'global');
    const idText = optionalOption(values, 'google-certificate-manager-certificate');
    const certificateId = idText === undefined ? undefined : parseCertificateId(idText);
    const apiUrl = urlOption(values, 'google-certificate-manager-api-url', DEFAULT_API_URL) ?? DEFAULT_API_URL;
    const where = [
      certificateId ? `certificate ${certificateId}` : 'a certificate named after cert-name',
      `in ${project ? `project ${project}` : "the credentials' project"}, ${location}`,
      ...(apiUrl !== DEFAULT_API_URL ? [`at ${apiUrl}`] : []),
    ];
    const place = [project ?? '(credentials)', location, ...(certificateId ? [certificateId] : [])];
    return {
      name: 'google-certificate-manager',
      description: `google-certificate-manager (${where.join(' ')})`,
      key: `google-certificate-manager:${place.join('/')}`,
      async create(context) {
        // google-auth-library is loaded only by runs that deploy to Certificate Manager.
        const { CertificateManagerTarget } = await import('./target.js');
        return new CertificateManagerTarget({ project, location, certificateId, apiUrl }, context);
      },
    };
  },
};
