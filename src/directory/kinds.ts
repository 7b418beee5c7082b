/**
 * The registry of directory source kinds: one line per kind. The sources service, the Admin
 * Console, `quire source add-<kind>` and the REST API's Source schema all read this Map; a new kind
 * is a new folder (see kind.ts) and one line here.
 *
 *   const kind = sourceKind(row.kind); // or a SourceError for a kind no line here names
 */
import { SourceError } from '../errors.js';
import { customProgramKind } from './custom-program/custom-program.kind.js';
import { entraIdKind } from './entra-id/entra-id.kind.js';
import { googleKind } from './google/google.kind.js';
import type { SourceKind } from './kind.js';
import { ldapKind } from './ldap/ldap.kind.js';

/** Any kind, as the generic code sees it: its configuration, input and presented shapes are its own. */
export type AnySourceKind = SourceKind;

export const SOURCE_KINDS: ReadonlyMap<string, AnySourceKind> = new Map<string, AnySourceKind>([
  [customProgramKind.name, customProgramKind],
  [ldapKind.name, ldapKind],
  [entraIdKind.name, entraIdKind],
  [googleKind.name, googleKind],
]);

/** The kind a stored row or a request names. */
export function sourceKind(name: string): AnySourceKind {
  const kind = SOURCE_KINDS.get(name);
  if (!kind) throw new SourceError(`Unknown directory source kind "${name}".`);
  return kind;
}
