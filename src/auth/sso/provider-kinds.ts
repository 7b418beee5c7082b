/**
 * Every kind of sign-in provider Quire offers, in the order the Admin Console's "Add" buttons
 * show them. Adding a kind is a folder beside these and one line here.
 *
 *   const kind = providerKind('google');      // undefined for a name not listed
 */
import { googleKind } from './google/google-sign-in.kind.js';
import { microsoftKind } from './microsoft/microsoft.kind.js';
import { oidcProviderKind } from './oidc/oidc.kind.js';
import type { ProviderKind } from './provider-kind.js';
import { samlKind } from './saml/saml.kind.js';

/**
 * Each kind's methods take only what its own `decode` and `validate` returned, so the registry can
 * hold them side by side as kinds of some config object.
 */
export const PROVIDER_KINDS: ReadonlyMap<string, ProviderKind<object>> = new Map<
  string,
  ProviderKind<object>
>([
  [microsoftKind.name, microsoftKind],
  [googleKind.name, googleKind],
  [oidcProviderKind.name, oidcProviderKind],
  [samlKind.name, samlKind],
]);

export function providerKind(name: string): ProviderKind<object> | undefined {
  return PROVIDER_KINDS.get(name);
}

/** The kind of a stored provider; a row of a kind no longer listed is a programming error. */
export function kindOf(row: { preset: string }): ProviderKind<object> {
  const kind = PROVIDER_KINDS.get(row.preset);
  if (!kind) throw new Error(`Unknown sign-in provider kind "${row.preset}"`);
  return kind;
}
