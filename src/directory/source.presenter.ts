/**
 * The one shape of a directory source that leaves the service layer (CLI JSON, REST API). Chosen
 * field by field, never the stored config as a whole: each kind adds its own part (kind.api), which
 * says whether a secret is stored (`hasBindPassword`, `hasClientSecret`, `hasServiceAccountKey` …)
 * but never holds one.
 *
 *   presentSource(row, services.sources) // { name, kind: 'google', google: { adminEmail, serviceAccountEmail, hasServiceAccountKey: true, … }, … }
 */
import type { SourceRow } from '../db/schema.js';
import type { SourcesService } from './sources.service.js';

export function presentSource(source: SourceRow, sources: Pick<SourcesService, 'present'>) {
  const { kind, presented } = sources.present(source);
  return {
    id: source.id,
    name: source.name,
    kind: source.kind,
    kindLabel: kind.label,
    priority: source.priority,
    ...kind.api.fields(presented),
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
