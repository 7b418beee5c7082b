/**
 * SAML 2.0 single sign-on, service-provider side (Web Browser SSO profile: AuthnRequest over
 * HTTP-Redirect, Response over HTTP-POST), on @node-saml/node-saml. The library verifies the XML
 * signature (and refuses the known signature-wrapping shapes), the audience and the InResponseTo;
 * this module adds what it leaves out for sign-in responses — the envelope's issuer, status and
 * Destination here; on the signed assertion the issuer, the bearer subject confirmation's
 * Recipient and InResponseTo and the validity times against our Clock (saml-assertion.ts) —
 * reads the identity only from the signed assertion, and turns every failure into a SamlError
 * (saml-messages.ts) that says what is wrong in words an administrator can act on. The response
 * is decoded and parsed defensively in saml-xml.ts.
 *
 *   const sp = createSamlServiceProvider(config, { entityId, acsUrl }, requestStore);
 *   reply.type('application/samlmetadata+xml').send(sp.metadata());   // GET  /auth/saml/:slug/metadata
 *   reply.redirect(await sp.startUrl(relayState));                       // GET  /auth/saml/:slug/start
 *   const identity = await sp.acceptResponse(body.SAMLResponse);         // POST /auth/saml/:slug/acs
 */
import { SAML, ValidateInResponseTo, type CacheProvider, type SamlConfig } from '@node-saml/node-saml';
import { systemClock, type Clock } from '../../../ports.js';
import { checkSignedAssertion, identityFrom, wrongIssuer, type SamlIdentity } from './saml-assertion.js';
import type { SamlEndpoints, SamlProviderConfig } from './saml.config.js';
import { explainLibraryError, SAML_MESSAGES, SamlError } from './saml-messages.js';
import {
  ASSERTION_NS,
  child,
  decodeResponse,
  parseXml,
  PROTOCOL_NS,
  shown,
  statusOf,
  text,
} from './saml-xml.js';

/** Where outstanding AuthnRequest ids live (the database, so any server can take the response). */
export interface SamlRequestStore {
  remember(requestId: string, expiresAt: Date): Promise<void>;
  /**
   * Single use: true once for a remembered, unexpired id; false otherwise. An error it throws (a
   * database failure, or a refusal such as "started in another browser") reaches the caller of
   * `acceptResponse` unchanged.
   */
  take(requestId: string): Promise<boolean>;
}

/** A user may take a while at the IdP (MFA, a forgotten password); after this the sign-in starts again. */
const REQUEST_LIFETIME_MS = 30 * 60_000;

export function createSamlServiceProvider(
  config: SamlProviderConfig,
  endpoints: SamlEndpoints,
  store: SamlRequestStore,
  clock: Clock = systemClock,
) {
  if (config.idpCertificates.length === 0)
    throw new SamlError(
      'No signing certificate is set for this identity provider; paste its certificate in the settings.',
    );
  const skewMs =
    (Number.isFinite(config.clockSkewSeconds) ? Math.min(300, Math.max(0, config.clockSkewSeconds)) : 60) *
    1000;

  function saml(cacheProvider: CacheProvider): SAML {
    const options: SamlConfig = {
      entryPoint: config.idpSsoUrl,
      issuer: endpoints.entityId,
      audience: endpoints.entityId,
      callbackUrl: endpoints.acsUrl,
      idpCert: config.idpCertificates,
      // Only honoured by node-saml for logout messages; sign-in responses are checked below.
      idpIssuer: config.idpEntityId,
      identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      // Every fact we use (subject, audience, recipient, InResponseTo, times) sits in the assertion,
      // so its signature is required. The Response envelope's signature is not: many IdPs (AD FS,
      // Entra ID by default) sign only the assertion, and the envelope's Destination, Issuer and
      // InResponseTo are only used here to refuse, each cross-checked against the signed assertion.
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: REQUEST_LIFETIME_MS,
      cacheProvider,
      // node-saml compares times with its own `new Date()` and reports them without the values; the
      // same rules (Conditions, SubjectConfirmationData, IssueInstant age, each with the skew) are
      // applied below to the signed assertion with our Clock. -1 turns node-saml's copy off.
      acceptedClockSkewMs: -1,
      signatureAlgorithm: 'sha256',
      // Accept whatever way the IdP authenticated the user (password, MFA, Kerberos…).
      disableRequestedAuthnContext: true,
    };
    return new SAML(options);
  }

  /** For metadata and AuthnRequests: only ever saves a new request id to the store. */
  const rememberingCache: CacheProvider = {
    saveAsync: async (key, value) => {
      await store.remember(key, new Date(clock.now().getTime() + REQUEST_LIFETIME_MS));
      return { value, createdAt: Date.now() };
    },
    getAsync: async () => null,
    removeAsync: async () => null,
  };
  const outgoing = saml(rememberingCache);

  /**
   * One response's view of the store. node-saml looks the InResponseTo up more than once (Response,
   * then SubjectConfirmationData) and removes it only on some paths, so the first lookup *takes* the
   * id from the store — single use whatever happens next — and later lookups in the same response
   * see that result.
   */
  function takingCache() {
    const taken = new Map<string, string>();
    const cache = {
      /** A failure of the store itself (the database), to report as such rather than as a bad response. */
      storeFailure: null as unknown,
      saveAsync: async () => null,
      getAsync: async (key: string) => {
        if (!taken.has(key)) {
          let fresh: boolean;
          try {
            fresh = await store.take(key);
          } catch (error) {
            cache.storeFailure = error;
            throw error;
          }
          // node-saml adds requestIdExpirationPeriodMs to this and compares with its own clock; the
          // store has already enforced the expiry, so "now" keeps that check from second-guessing it.
          taken.set(key, fresh ? new Date().toISOString() : '');
        }
        return taken.get(key) || null;
      },
      removeAsync: async () => null,
    } satisfies CacheProvider & { storeFailure: unknown };
    return cache;
  }

  /** Validates a POSTed base64 SAMLResponse; throws SamlError with a clear reason on anything wrong. */
  async function acceptResponse(samlResponse: string): Promise<SamlIdentity> {
    const xml = decodeResponse(samlResponse);
    const response = parseXml(xml).documentElement;
    if (!response || response.localName !== 'Response' || response.namespaceURI !== PROTOCOL_NS)
      throw new SamlError(SAML_MESSAGES.notResponse);

    // Checks on the unsigned envelope: they can only refuse, never vouch for anything.
    const responseIssuer = child(response, ASSERTION_NS, 'Issuer');
    if (responseIssuer && text(responseIssuer) !== config.idpEntityId)
      throw wrongIssuer(text(responseIssuer), config);
    const status = statusOf(response);
    if (status !== 'Success')
      throw new SamlError(`The identity provider did not log you in (status: ${status}).`);
    const destination = response.getAttribute('Destination');
    if (destination && destination !== endpoints.acsUrl) {
      throw new SamlError(
        `The response was sent to another address (Destination ${shown(destination)}; this service provider’s ACS URL is ${endpoints.acsUrl}).`,
      );
    }
    const inResponseTo = response.getAttribute('InResponseTo');
    if (!inResponseTo) throw new SamlError(SAML_MESSAGES.unsolicited);

    const cache = takingCache();
    const validated = await saml(cache)
      .validatePostResponseAsync({ SAMLResponse: Buffer.from(xml, 'utf8').toString('base64') })
      .catch((error: unknown) => {
        throw cache.storeFailure ?? explainLibraryError(error, endpoints);
      });
    // null for a NoPassive answer or a LogoutResponse: neither signs anyone in.
    const assertionXml = validated.profile?.getAssertionXml?.();
    if (!assertionXml) throw new SamlError(SAML_MESSAGES.noAssertion);
    const assertion = checkSignedAssertion(assertionXml, inResponseTo, { config, endpoints, clock, skewMs });
    return identityFrom(assertion, config);
  }

  return {
    /** The SP metadata XML (entity id, ACS URL with HTTP-POST binding, WantAssertionsSigned="true"). */
    metadata(): string {
      return outgoing.generateServiceProviderMetadata(null, null);
    },
    /** The IdP URL with a deflated, encoded AuthnRequest and RelayState; remembers the request id. */
    startUrl(relayState: string): Promise<string> {
      return outgoing.getAuthorizeUrlAsync(relayState, undefined, {});
    },
    /** Validates a POSTed base64 SAMLResponse; throws SamlError with a clear reason on anything wrong. */
    acceptResponse,
  };
}
