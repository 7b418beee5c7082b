/**
 * Any OpenID Connect provider, by its issuer URL (Keycloak, Okta, Authentik…): Quire reads the
 * issuer's discovery document, so the issuer is kept exactly as typed.
 */
import { urlProblem } from '../provider-kind.js';
import { oidcDomainsHint, oidcKind } from './oidc.config.js';
import { ISSUER_LABEL, OidcForm, RedirectUriRegistration } from './oidc.form.js';

export const oidcProviderKind = oidcKind({
  name: 'oidc',
  label: 'OpenID Connect',
  defaults: { issuer: '' },
  ownFields: ['issuer'],
  labels: { issuer: ISSUER_LABEL },
  domainsHint: oidcDomainsHint(),
  issuer(values, fields) {
    // Kept as typed: the provider's discovery document must name exactly this issuer.
    const issuer = values.text('issuer').trim();
    const problem = urlProblem(issuer, 'issuer URL');
    if (problem) fields.issuer = problem;
    else if (new URL(issuer).search) fields.issuer = 'The issuer URL may not contain a ? query.';
    return { issuer, tenant: '' };
  },
  ownValues: (config) => ({ issuer: config.issuer }),
  Form: OidcForm,
  Registration: RedirectUriRegistration,
});
