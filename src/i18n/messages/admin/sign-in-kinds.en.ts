/** The Admin Console's words: each sign-in provider kind's own fields (auth/sso/<kind>/*.form.tsx). */
export const signInKindsEn = {
  'admin.signInKinds.oidc.secretStored':
    'A secret is stored and never shown. Leave empty to keep it; type a new one to replace it.',
  'admin.signInKinds.oidc.secretHint': 'Shown once by the provider when you create it.',
  'admin.signInKinds.oidc.scopesHint': 'Separated by spaces; must include openid.',
  'admin.signInKinds.oidc.externalIdClaimHint':
    'The ID token claim that never changes for a user: oid for Microsoft, sub for Google.',
  'admin.signInKinds.oidc.usernameClaimHint':
    'The ID token claim matched against Quire usernames, such as preferred_username or email.',
  'admin.signInKinds.oidc.stripDomainHint': 'alice@example.org is matched as alice.',
  'admin.signInKinds.oidc.redirectUri': 'Redirect URI (type: Web)',
  'admin.signInKinds.oidc.issuer': 'Issuer URL',
  'admin.signInKinds.oidc.issuerHint':
    "The provider''s issuer, such as https://idp.example.org/realms/staff. Quire reads its /.well-known/openid-configuration.",
  'admin.signInKinds.saml.idpEntityId': 'Identity provider entity ID',
  'admin.signInKinds.saml.idpSsoUrl': 'Single sign-on URL',
  'admin.signInKinds.saml.idpCertificates': 'Signing certificates',
  'admin.signInKinds.saml.usernameAttribute': 'Username attribute',
  'admin.signInKinds.saml.externalIdAttribute': 'Immutable id attribute',
  'admin.signInKinds.saml.emailAttribute': 'Email attribute',
  'admin.signInKinds.saml.fullNameAttribute': 'Full name attribute',
  'admin.signInKinds.saml.clockSkewSeconds': 'Accepted clock difference (seconds)',
  'admin.signInKinds.saml.idpEntityIdHint': "The Issuer of the provider''s responses, from its metadata.",
  'admin.signInKinds.saml.idpSsoUrlHint':
    'Where users are sent with the login request (HTTP-Redirect binding).',
  'admin.signInKinds.saml.idpCertificatesHint':
    'PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----. Paste two during a certificate rollover.',
  'admin.signInKinds.saml.nameIdHint': 'Empty: the NameID.',
  'admin.signInKinds.saml.clockSkewSecondsHint': '0 to 300; 60 is usual.',
  'admin.signInKinds.saml.metadataUrl': 'Service provider metadata (entity ID)',
  'admin.signInKinds.saml.acsUrl': 'Assertion Consumer Service (ACS) URL',
  'admin.signInKinds.microsoft.tenant': 'Directory (tenant) ID',
  'admin.signInKinds.microsoft.tenantHint':
    'The Directory (tenant) ID, a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, from the Overview page of the app registration in the Microsoft Entra admin center (not a domain name). Only accounts of this tenant can log in.',
  'admin.signInKinds.microsoft.register':
    'In the Microsoft Entra admin center: App registrations → New registration, add this redirect URI, then create a client secret under Certificates & secrets.',
  'admin.signInKinds.google.register':
    'In the Google Cloud console: APIs & Services → Credentials → Create credentials → OAuth client ID (Web application), and add this redirect URI.',
} as const;
