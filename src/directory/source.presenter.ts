/**
 * The one shape of a directory source that leaves the service layer (CLI JSON, REST API). Chosen
 * field by field, never the stored config as a whole: LDAP sources keep their bind password there
 * (shown only as `hasBindPassword`) and the cloud sources to come keep client secrets.
 */
import type { SourceRow } from '../db/schema.js';
import { SOURCE_KIND_LABELS, type SourcesService } from './sources.service.js';

export function presentSource(source: SourceRow, sources: Pick<SourcesService, 'presentLdapConfig'>) {
  const ldap = sources.presentLdapConfig(source);
  const custom = source.kind === 'custom' ? (JSON.parse(source.config) as { program?: string; authProgram?: string | null }) : null;
  return {
    id: source.id,
    name: source.name,
    kind: source.kind,
    kindLabel: SOURCE_KIND_LABELS[source.kind] ?? source.kind,
    priority: source.priority,
    ...(custom ? { program: custom.program ?? '', authProgram: custom.authProgram ?? null } : {}),
    ...(ldap ? { ldap: { ...ldap, attributes: { ...ldap.attributes } } } : {}),
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
