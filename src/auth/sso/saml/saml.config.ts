/**
 * A SAML identity provider's settings as Quire stores them, and where Quire's service provider
 * for it answers.
 *
 *   const config: SamlProviderConfig = decodeSamlConfig(provider.config); // saml.kind.ts
 */

export interface SamlProviderConfig {
  /** The IdP's entity id (the Issuer of its responses). */
  idpEntityId: string;
  /** Where the browser is sent with the AuthnRequest (HTTP-Redirect binding). */
  idpSsoUrl: string;
  /** PEM certificates the IdP signs with (more than one during a rollover). */
  idpCertificates: string[];
  /** The attribute that holds the username ('' = the NameID). */
  usernameAttribute: string;
  /** The attribute that holds the immutable id ('' = the NameID). */
  externalIdAttribute: string;
  emailAttribute: string;
  fullNameAttribute: string;
  /** Accepted clock difference in seconds, 0–300 (default 60). */
  clockSkewSeconds: number;
}

/** entityId = `${publicUrl}/auth/saml/${slug}/metadata`, acsUrl = `${publicUrl}/auth/saml/${slug}/acs`. */
export interface SamlEndpoints {
  entityId: string;
  acsUrl: string;
}
