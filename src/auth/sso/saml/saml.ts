/**
 * SAML 2.0 single sign-on, service-provider side (Web Browser SSO profile: AuthnRequest over
 * HTTP-Redirect, Response over HTTP-POST), on @node-saml/node-saml. The library verifies the XML
 * signature (and refuses the known signature-wrapping shapes), the audience and the InResponseTo;
 * this module adds what it leaves out for sign-in responses — the issuer, the bearer subject
 * confirmation's Recipient and InResponseTo, the Destination, the validity times against our Clock
 * — reads the identity only from the signed assertion, and turns every failure into a SamlError
 * that says what is wrong in words an administrator can act on.
 *
 *   const sp = createSamlServiceProvider(config, { entityId, acsUrl }, requestStore);
 *   reply.type('application/samlmetadata+xml').send(sp.metadata());   // GET  /auth/saml/:slug/metadata
 *   reply.redirect(await sp.startUrl(relayState));                       // GET  /auth/saml/:slug/start
 *   const identity = await sp.acceptResponse(body.SAMLResponse);         // POST /auth/saml/:slug/acs
 */
import {
  SAML,
  SamlStatusError,
  ValidateInResponseTo,
  type CacheProvider,
  type SamlConfig,
} from '@node-saml/node-saml';
import { DOMParser } from '@xmldom/xmldom';
import { AppError } from '../../../errors.js';
import { systemClock, type Clock } from '../../../ports.js';

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

export interface SamlIdentity {
  nameId: string;
  externalId: string;
  username: string;
  email: string;
  fullName: string;
  attributes: Record<string, string[]>;
}

/** A SAML response (or the settings to check it) was refused; the message says why, readably. */
export class SamlError extends AppError {
  constructor(message: string) {
    super('saml_refused', 401, message);
  }
}

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
/** A user may take a while at the IdP (MFA, a forgotten password); after this the sign-in starts again. */
const REQUEST_LIFETIME_MS = 30 * 60_000;
/** Refuse assertions issued longer ago than this, whatever NotOnOrAfter the IdP chose. */
const MAX_ASSERTION_AGE_MS = 10 * 60_000;
/** A real response is a few kilobytes; anything near this is an attack or a mistake. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export const SAML_MESSAGES = {
  missing: 'The sign-in response is missing. Start the sign-in again.',
  tooLarge: 'The sign-in response is larger than 1 MB, which no identity provider sends.',
  notBase64: 'The sign-in response is not base64-encoded SAML.',
  doctype: 'The response contains a document type declaration (DOCTYPE/ENTITY), which SAML does not allow.',
  notXml: 'The response is not well-formed XML.',
  notResponse: 'The message is not a SAML response.',
  notSigned: 'The response is not signed by the identity provider’s certificate.',
  multipleAssertions:
    'The response carries more than one assertion, which is refused (a signature-wrapping attempt or a misconfigured identity provider).',
  wrapped: 'The response’s signature does not cover the assertion it carries (a signature-wrapping attempt).',
  noAssertion: 'The response carries no assertion.',
  notOurs: 'This response was already used or does not answer a sign-in started here.',
  unsolicited:
    'The response does not answer a sign-in started here: sign-ins started at the identity provider are not accepted. Start the sign-in from Quire.',
  noBearer: 'The assertion has no bearer subject confirmation, so it cannot be used to sign in.',
  unreadable: 'The response could not be validated.',
} as const;

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
    const xml = decode(samlResponse);
    const response = parseXml(xml).documentElement;
    if (!response || response.localName !== 'Response' || response.namespaceURI !== PROTOCOL_NS)
      throw new SamlError(SAML_MESSAGES.notResponse);

    // Checks on the unsigned envelope: they can only refuse, never vouch for anything.
    const responseIssuer = child(response, ASSERTION_NS, 'Issuer');
    if (responseIssuer && text(responseIssuer) !== config.idpEntityId)
      throw wrongIssuer(text(responseIssuer));
    const status = statusOf(response);
    if (status !== 'Success')
      throw new SamlError(`The identity provider did not sign you in (status: ${status}).`);
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
        throw cache.storeFailure ?? explain(error);
      });
    // null for a NoPassive answer or a LogoutResponse: neither signs anyone in.
    const assertionXml = validated.profile?.getAssertionXml?.();
    if (!assertionXml) throw new SamlError(SAML_MESSAGES.noAssertion);
    return identityFrom(checkSignedAssertion(assertionXml, inResponseTo));
  }

  /** The rules node-saml does not apply to sign-in responses, on the signed assertion only. */
  function checkSignedAssertion(assertionXml: string, inResponseTo: string): Element {
    const assertion = parseXml(assertionXml).documentElement;
    if (!assertion || assertion.localName !== 'Assertion' || assertion.namespaceURI !== ASSERTION_NS)
      throw new SamlError(SAML_MESSAGES.noAssertion);
    const now = clock.now().getTime();

    const issuer = child(assertion, ASSERTION_NS, 'Issuer');
    if (!issuer || text(issuer) !== config.idpEntityId) throw wrongIssuer(issuer ? text(issuer) : '');

    const issued = time(assertion.getAttribute('IssueInstant'), 'IssueInstant');
    if (issued > now + skewMs)
      throw new SamlError(
        `The response is not valid yet (IssueInstant ${iso(issued)}, now ${iso(now)}); check the clocks of both servers.`,
      );
    if (issued + MAX_ASSERTION_AGE_MS <= now - skewMs)
      throw new SamlError(
        `The response was issued too long ago (IssueInstant ${iso(issued)}, now ${iso(now)}).`,
      );

    const conditions = children(assertion, ASSERTION_NS, 'Conditions');
    if (conditions.length !== 1)
      throw new SamlError('The assertion must carry exactly one Conditions element.');
    checkWindow(conditions[0]!, now);

    // A bearer confirmation addressed to our ACS URL, answering the request this response claims to.
    const subject = child(assertion, ASSERTION_NS, 'Subject');
    const bearers = (subject ? children(subject, ASSERTION_NS, 'SubjectConfirmation') : [])
      .filter((c) => c.getAttribute('Method') === BEARER)
      .map((c) => child(c, ASSERTION_NS, 'SubjectConfirmationData'))
      .filter((d): d is Element => d !== null);
    if (bearers.length === 0) throw new SamlError(SAML_MESSAGES.noBearer);
    const addressed = bearers.filter((d) => d.getAttribute('Recipient') === endpoints.acsUrl);
    if (addressed.length === 0) {
      throw new SamlError(
        `The response was sent to another address (Recipient ${shown(bearers[0]!.getAttribute('Recipient') ?? '')}; this service provider’s ACS URL is ${endpoints.acsUrl}).`,
      );
    }
    const answering = addressed.filter((d) => d.getAttribute('InResponseTo') === inResponseTo);
    if (answering.length === 0) throw new SamlError(SAML_MESSAGES.notOurs);
    const data = answering[0]!;
    if (!data.getAttribute('NotOnOrAfter'))
      throw new SamlError('The bearer subject confirmation has no NotOnOrAfter time.');
    checkWindow(data, now);
    return assertion;
  }

  function checkWindow(element: Element, now: number): void {
    const notBefore = element.getAttribute('NotBefore');
    if (notBefore && time(notBefore, 'NotBefore') > now + skewMs) {
      throw new SamlError(
        `The response is not valid yet (NotBefore ${iso(time(notBefore, 'NotBefore'))}, now ${iso(now)}); check the clocks of both servers.`,
      );
    }
    const notOnOrAfter = element.getAttribute('NotOnOrAfter');
    if (notOnOrAfter && time(notOnOrAfter, 'NotOnOrAfter') <= now - skewMs) {
      throw new SamlError(
        `The response has expired (NotOnOrAfter ${iso(time(notOnOrAfter, 'NotOnOrAfter'))}, now ${iso(now)}). Sign in again.`,
      );
    }
  }

  function identityFrom(assertion: Element): SamlIdentity {
    const subject = child(assertion, ASSERTION_NS, 'Subject');
    const nameIdElement = subject ? child(subject, ASSERTION_NS, 'NameID') : null;
    const nameId = nameIdElement ? text(nameIdElement).trim() : '';

    // A Map, not an object: an attribute may be called "__proto__".
    const attributes = new Map<string, string[]>();
    const friendlyNames = new Map<string, string>();
    for (const statement of children(assertion, ASSERTION_NS, 'AttributeStatement')) {
      for (const attribute of children(statement, ASSERTION_NS, 'Attribute')) {
        const name = attribute.getAttribute('Name');
        if (!name) continue;
        const values = children(attribute, ASSERTION_NS, 'AttributeValue')
          .filter((v) => v.getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'nil') !== 'true')
          .map((v) => text(v).trim());
        attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
        const friendly = attribute.getAttribute('FriendlyName');
        if (friendly && !friendlyNames.has(friendly)) friendlyNames.set(friendly, name);
      }
    }
    /** An attribute by its Name, or else by its FriendlyName (what admins often see in IdP consoles). */
    const valuesOf = (name: string) =>
      attributes.get(name) ?? attributes.get(friendlyNames.get(name) ?? '') ?? [];

    const single = (attribute: string, label: string): string => {
      if (attribute === '') {
        if (nameId === '')
          throw new SamlError(`The assertion has no NameID, which is set to hold the ${label}.`);
        return nameId;
      }
      const values = valuesOf(attribute).filter((v) => v !== '');
      if (values.length === 0)
        throw new SamlError(
          `The response has no value for the attribute ${shown(attribute)}, which is set to hold the ${label}.`,
        );
      if (new Set(values).size > 1)
        throw new SamlError(
          `The attribute ${shown(attribute)}, which is set to hold the ${label}, has more than one value.`,
        );
      return values[0]!;
    };
    const optional = (attribute: string) =>
      attribute === '' ? '' : (valuesOf(attribute).find((v) => v !== '') ?? '');

    return {
      nameId,
      externalId: single(config.externalIdAttribute, 'immutable id'),
      username: single(config.usernameAttribute, 'username'),
      email: optional(config.emailAttribute),
      fullName: optional(config.fullNameAttribute),
      attributes: Object.fromEntries(attributes),
    };
  }

  function wrongIssuer(received: string): SamlError {
    return new SamlError(
      `The response comes from another identity provider (issuer ${shown(received) || '(none)'}; expected ${config.idpEntityId}).`,
    );
  }

  function explain(error: unknown): SamlError {
    if (error instanceof SamlError) return error;
    if (error instanceof SamlStatusError)
      return new SamlError('The identity provider did not sign you in (it answered with an error status).');
    const message = error instanceof Error ? error.message : '';
    const known = LIBRARY_ERRORS.find(([pattern]) => pattern.test(message));
    if (known) return new SamlError(typeof known[1] === 'function' ? known[1](endpoints) : known[1]);
    // Whatever else the library says may quote the document; keep it out of the message.
    return new SamlError(SAML_MESSAGES.unreadable);
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

/** node-saml's failures, most specific first, as readable reasons. */
const LIBRARY_ERRORS: [RegExp, string | ((endpoints: SamlEndpoints) => string)][] = [
  [/multiple assertions/i, SAML_MESSAGES.multipleAssertions],
  [
    /cannot refer to more than one element|does not refer to it's parent|too many signatures|too many transforms|only 1 signed references|cannot obtain assertion from signed data/i,
    SAML_MESSAGES.wrapped,
  ],
  [/signature/i, SAML_MESSAGES.notSigned],
  [/InResponseTo is missing/i, SAML_MESSAGES.unsolicited],
  [/InResponseTo/i, SAML_MESSAGES.notOurs],
  [
    /audience/i,
    (e) =>
      `The response is for another service provider (its audience is not ${e.entityId}); give the identity provider this entity ID.`,
  ],
  [/missing SAML assertion/i, SAML_MESSAGES.noAssertion],
  [/subject confirmation/i, SAML_MESSAGES.noBearer],
  [
    /Error parsing (NotBefore|NotOnOrAfter|IssueInstant)/,
    'The assertion has a missing or invalid validity time.',
  ],
];

function decode(samlResponse: unknown): string {
  if (typeof samlResponse !== 'string' || samlResponse.trim() === '')
    throw new SamlError(SAML_MESSAGES.missing);
  // Base64 is 4/3 of the bytes, plus line breaks some IdPs add: refuse before doing any work.
  if (samlResponse.length > MAX_RESPONSE_BYTES * 1.5) throw new SamlError(SAML_MESSAGES.tooLarge);
  const compact = samlResponse.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact))
    throw new SamlError(SAML_MESSAGES.notBase64);
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length > MAX_RESPONSE_BYTES) throw new SamlError(SAML_MESSAGES.tooLarge);
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SamlError(SAML_MESSAGES.notBase64);
  }
  // No DTDs at all: they are the door to entity expansion and external entities, and SAML needs none.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new SamlError(SAML_MESSAGES.doctype);
  if (!xml.trimStart().startsWith('<')) throw new SamlError(SAML_MESSAGES.notXml);
  return xml;
}

function parseXml(xml: string): Document {
  try {
    return new DOMParser({
      locator: {},
      errorHandler: (level: string) => {
        if (level !== 'warning') throw new SamlError(SAML_MESSAGES.notXml);
      },
    }).parseFromString(xml, 'text/xml');
  } catch {
    throw new SamlError(SAML_MESSAGES.notXml);
  }
}

function children(parent: Element, namespace: string, localName: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (n): n is Element =>
      n.nodeType === 1 && (n as Element).localName === localName && (n as Element).namespaceURI === namespace,
  );
}

function child(parent: Element, namespace: string, localName: string): Element | null {
  return children(parent, namespace, localName)[0] ?? null;
}

/** Text content; the signed assertion is canonical XML, so comments are already gone from it. */
function text(element: Element): string {
  return element.textContent ?? '';
}

/** The short name of the top-level status code ("Success", "Requester"…), or "unknown". */
function statusOf(response: Element): string {
  const status = child(response, PROTOCOL_NS, 'Status');
  const code = status ? child(status, PROTOCOL_NS, 'StatusCode') : null;
  const value = code?.getAttribute('Value') ?? '';
  const short = value.slice(value.lastIndexOf(':') + 1);
  return /^[A-Za-z]{1,40}$/.test(short) ? short : 'unknown';
}

function time(value: string | null, label: string): number {
  const ms =
    value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)
      ? Date.parse(value)
      : NaN;
  if (Number.isNaN(ms)) throw new SamlError(`The assertion has a missing or invalid ${label} time.`);
  return ms;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/** A value from the response, safe to put in a message: one line, printable, at most 200 characters. */
function shown(value: string): string {
  const clean = value.replace(/[\p{C}<>]/gu, '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
