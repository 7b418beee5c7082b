/**
 * "Sign in with Microsoft" (Microsoft Entra ID): OpenID Connect with the issuer built from the
 * organisation's own tenant, immutable ids from the `oid` claim.
 */
import { oidcDomainsHint, oidcKind } from '../oidc/oidc.config.js';
import { MicrosoftForm, MicrosoftRegistration, TENANT_LABEL } from './microsoft.form.js';

export const MICROSOFT_ISSUER = (tenant: string) => `https://login.microsoftonline.com/${tenant}/v2.0`;
/** Microsoft's multi-tenant issuers have a `{tenantid}` placeholder no ID token matches. */
const MULTI_TENANT = new Set(['common', 'organizations', 'consumers']);
/** Entra's Directory (tenant) ID: the issuer in its discovery document always uses this GUID, never a domain. */
const TENANT_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const microsoftKind = oidcKind({
  name: 'microsoft',
  label: 'Microsoft',
  defaults: {
    slug: 'microsoft',
    displayName: 'Microsoft',
    tenant: '',
    externalIdClaim: 'oid',
    usernameClaim: 'preferred_username',
    stripDomain: true,
  },
  ownFields: ['tenant'],
  labels: { tenant: TENANT_LABEL },
  domainsHint: oidcDomainsHint(),
  issuer(values, fields) {
    let tenant = values.text('tenant').trim();
    if (tenant === '')
      fields.tenant =
        'Enter the Directory (tenant) ID shown on the app registration’s Overview page in the Microsoft Entra admin center.';
    else if (MULTI_TENANT.has(tenant.toLowerCase()))
      fields.tenant = `"${tenant}" logs in accounts of any organisation. Enter your own Directory (tenant) ID instead.`;
    else if (!TENANT_GUID.test(tenant)) {
      fields.tenant =
        'Enter the Directory (tenant) ID, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, not a domain: Microsoft Entra admin center → Overview (or the app registration’s Overview page) → Directory (tenant) ID.';
    } else tenant = tenant.toLowerCase();
    return { issuer: MICROSOFT_ISSUER(tenant), tenant };
  },
  ownValues: (config) => ({ tenant: config.tenant }),
  Form: MicrosoftForm,
  Registration: MicrosoftRegistration,
});
