/**
 * The checks node-saml does not apply to sign-in responses, on the signed assertion only — the
 * issuer, the validity times against our Clock (with the configured skew), the bearer subject
 * confirmation's Recipient and InResponseTo — and the identity read from it.
 *
 *   const assertion = checkSignedAssertion(assertionXml, inResponseTo, { config, endpoints, clock, skewMs });
 *   const identity = identityFrom(assertion, config); // { nameId, externalId, username, … }
 */
import type { Clock } from '../../../ports.js';
import type { SamlEndpoints, SamlProviderConfig } from './saml.config.js';
import { SAML_MESSAGES, SamlError } from './saml-messages.js';
import { ASSERTION_NS, child, children, iso, parseXml, shown, text, time } from './saml-xml.js';

export interface SamlIdentity {
  nameId: string;
  externalId: string;
  username: string;
  email: string;
  fullName: string;
  attributes: Record<string, string[]>;
}

/** What an assertion is checked against; `skewMs` is the accepted clock difference. */
export interface AssertionRules {
  config: SamlProviderConfig;
  endpoints: SamlEndpoints;
  clock: Clock;
  skewMs: number;
}

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
/** Refuse assertions issued longer ago than this, whatever NotOnOrAfter the IdP chose. */
const MAX_ASSERTION_AGE_MS = 10 * 60_000;

/** The rules node-saml does not apply to sign-in responses, on the signed assertion only. */
export function checkSignedAssertion(
  assertionXml: string,
  inResponseTo: string,
  { config, endpoints, clock, skewMs }: AssertionRules,
): Element {
  const assertion = parseXml(assertionXml).documentElement;
  if (!assertion || assertion.localName !== 'Assertion' || assertion.namespaceURI !== ASSERTION_NS)
    throw new SamlError(SAML_MESSAGES.noAssertion);
  const now = clock.now().getTime();

  const issuer = child(assertion, ASSERTION_NS, 'Issuer');
  if (!issuer || text(issuer) !== config.idpEntityId) throw wrongIssuer(issuer ? text(issuer) : '', config);

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
  checkWindow(conditions[0]!, now, skewMs);

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
  checkWindow(data, now, skewMs);
  return assertion;
}

function checkWindow(element: Element, now: number, skewMs: number): void {
  const notBefore = element.getAttribute('NotBefore');
  if (notBefore && time(notBefore, 'NotBefore') > now + skewMs) {
    throw new SamlError(
      `The response is not valid yet (NotBefore ${iso(time(notBefore, 'NotBefore'))}, now ${iso(now)}); check the clocks of both servers.`,
    );
  }
  const notOnOrAfter = element.getAttribute('NotOnOrAfter');
  if (notOnOrAfter && time(notOnOrAfter, 'NotOnOrAfter') <= now - skewMs) {
    throw new SamlError(
      `The response has expired (NotOnOrAfter ${iso(time(notOnOrAfter, 'NotOnOrAfter'))}, now ${iso(now)}). Log in again.`,
    );
  }
}

export function identityFrom(assertion: Element, config: SamlProviderConfig): SamlIdentity {
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

export function wrongIssuer(received: string, config: SamlProviderConfig): SamlError {
  return new SamlError(
    `The response comes from another identity provider (issuer ${shown(received) || '(none)'}; expected ${config.idpEntityId}).`,
  );
}
