/**
 * "Sign in with Google": OpenID Connect at Google's one issuer, which vouches for every Google
 * account in the world — so the organisation's Workspace domains (the `hd` claim) decide who
 * counts (`hostedDomains`).
 */
import { oidcDomainsHint, oidcKind } from '../oidc/oidc.config.js';
import { GoogleForm, GoogleRegistration } from './google-sign-in.form.js';

export const GOOGLE_ISSUER = 'https://accounts.google.com';

export const googleKind = oidcKind({
  name: 'google',
  label: 'Google',
  hostedDomains: {
    whyDomains:
      'Matching Google accounts by username needs your Google Workspace domains, such as example.org: any Google account could otherwise log in as one of your users.',
  },
  defaults: {
    slug: 'google',
    displayName: 'Google',
    externalIdClaim: 'sub',
    usernameClaim: 'email',
    stripDomain: true,
  },
  ownFields: [],
  labels: {},
  domainsHint: oidcDomainsHint(
    ' For Google these are your Google Workspace domains; the account’s Workspace domain (hd) must be one of them.',
  ),
  issuer: () => ({ issuer: GOOGLE_ISSUER, tenant: '' }),
  ownValues: () => ({}),
  Form: GoogleForm,
  Registration: GoogleRegistration,
});
