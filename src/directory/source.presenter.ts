/**
 * The one shape of a directory source that leaves the service layer (CLI JSON, REST API). Chosen
 * field by field, never the stored config as a whole: LDAP sources keep their bind password there
 * (shown only as `hasBindPassword`), Entra ID sources a client secret or private key
 * (`hasClientSecret`, `hasPrivateKey`), Google Workspace sources a service-account key
 * (`hasServiceAccountKey`, with the service account's address).
 *
 *   presentSource(row, services.sources) // { name, kind: 'google', google: { adminEmail, serviceAccountEmail, hasServiceAccountKey: true, … }, … }
 */
import type { SourceRow } from '../db/schema.js';
import { SOURCE_KIND_LABELS, type SourcesService } from './sources.service.js';

export function presentSource(
  source: SourceRow,
  sources: Pick<SourcesService, 'presentLdapConfig' | 'presentEntraConfig' | 'presentGoogleConfig'>,
) {
  const ldap = sources.presentLdapConfig(source);
  const entra = sources.presentEntraConfig(source);
  const google = sources.presentGoogleConfig(source);
  const custom =
    source.kind === 'custom'
      ? (JSON.parse(source.config) as { program?: string; authProgram?: string | null })
      : null;
  return {
    id: source.id,
    name: source.name,
    kind: source.kind,
    kindLabel: SOURCE_KIND_LABELS[source.kind] ?? source.kind,
    priority: source.priority,
    ...(custom ? { program: custom.program ?? '', authProgram: custom.authProgram ?? null } : {}),
    ...(ldap ? { ldap: { ...ldap, attributes: { ...ldap.attributes } } } : {}),
    ...(entra ? { entra } : {}),
    ...(google ? { google } : {}),
    missingPolicy: source.missing_policy,
    maxRemovals: source.max_removals,
    maxRemovalsPercent: source.max_removals_percent,
    schedule: source.schedule,
    importDisabled: source.import_disabled === 1,
    importGroups: source.import_groups.split('\n').filter(Boolean),
    createdAt: source.created_at,
  };
}

export type PresentedSource = ReturnType<typeof presentSource>;
