/**
 * A test SAML identity provider: a real RSA key and self-signed certificate (made by the `openssl`
 * CLI), real xml-crypto signatures (exclusive c14n, enveloped, rsa-sha256), and knobs for every way
 * a response can be wrong — including the signature-wrapping (XSW) forgeries an attacker builds from
 * a genuinely signed response.
 *
 *   const idp = createTestIdp();
 *   const request = readAuthnRequest(await sp.startUrl('/user'));
 *   const body = idp.response(request, { nameId: 'alice@example.org', attributes: { uid: ['alice'] } });
 *   await sp.acceptResponse(body); // the identity of alice
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

export interface SigningKey {
  privateKey: string;
  certificate: string;
}

/** A fresh 2048-bit RSA key with a self-signed certificate, valid for two days. */
export function generateSigningKey(commonName = 'Quire test IdP'): SigningKey {
  const dir = mkdtempSync(path.join(tmpdir(), 'quire-saml-idp-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '2',
        '-subj',
        `/CN=${commonName}`,
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'pipe' },
    );
    return { privateKey: readFileSync(keyFile, 'utf8'), certificate: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the IdP learns from the HTTP-Redirect AuthnRequest in a start URL. */
export interface AuthnRequestInfo {
  id: string;
  issuer: string;
  acsUrl: string;
  destination: string;
  relayState: string | null;
  /** The decoded AuthnRequest XML. */
  xml: string;
}

/** Decodes the deflated, base64 SAMLRequest of an HTTP-Redirect start URL. */
export function readAuthnRequest(startUrl: string): AuthnRequestInfo {
  const url = new URL(startUrl);
  const encoded = url.searchParams.get('SAMLRequest');
  if (!encoded) throw new Error(`No SAMLRequest in ${startUrl}`);
  const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
  const request = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
  if (!request || request.localName !== 'AuthnRequest' || request.namespaceURI !== PROTOCOL_NS)
    throw new Error('The SAMLRequest is not an AuthnRequest');
  const issuer = request.getElementsByTagNameNS(ASSERTION_NS, 'Issuer')[0]?.textContent ?? '';
  return {
    id: request.getAttribute('ID') ?? '',
    issuer,
    acsUrl: request.getAttribute('AssertionConsumerServiceURL') ?? '',
    destination: request.getAttribute('Destination') ?? '',
    relayState: url.searchParams.get('RelayState'),
    xml,
  };
}

/**
 * The signature-wrapping forgeries, each built from a genuinely signed response plus an unsigned
 * "evil" assertion for another user:
 * - evil-before / evil-after: the evil assertion beside the signed one;
 * - evil-inside: the evil assertion inserted into the signed one;
 * - evil-wrapping: the evil assertion in the signed one's place, with the signed one inside it;
 * - signed-in-extensions: the signed assertion moved into samlp:Extensions, the evil one in its
 *   place carrying the same ID and a copy of the signature;
 * - signed-in-object: the evil assertion in the signed one's place carrying its signature, with the
 *   signed assertion moved into a ds:Object of that signature.
 */
export const XSW_VARIANTS = [
  'evil-before',
  'evil-after',
  'evil-inside',
  'evil-wrapping',
  'signed-in-extensions',
  'signed-in-object',
] as const;
export type XswVariant = (typeof XSW_VARIANTS)[number];

export interface ResponseOptions {
  /** The IdP's idea of the current time (default: now). */
  now?: Date;
  nameId?: string;
  attributes?: Record<string, string[]>;
  /** FriendlyName of an attribute, by its Name. */
  friendlyNames?: Record<string, string>;
  /** Response InResponseTo and SubjectConfirmationData InResponseTo; null = omitted (IdP-initiated). Default: the request id. */
  inResponseTo?: string | null;
  /** Only the signed SubjectConfirmationData's InResponseTo (null = omitted). Default: as inResponseTo. */
  subjectInResponseTo?: string | null;
  /** Default: the request's issuer (our SP entity id). */
  audience?: string;
  /** SubjectConfirmationData Recipient. Default: the request's ACS URL. */
  recipient?: string;
  /** Response Destination; null = omitted. Default: the request's ACS URL. */
  destination?: string | null;
  /** Issuer of the Response and, unless assertionIssuer is given, of the Assertion. Default: the IdP entity id. */
  issuer?: string;
  assertionIssuer?: string;
  /** Offsets in seconds from `now`. Defaults: IssueInstant 0, NotBefore -5, NotOnOrAfter +300. */
  issueInstantSeconds?: number;
  notBeforeSeconds?: number;
  notOnOrAfterSeconds?: number;
  /** Sign with this key instead of the IdP's own (a wrong signer). */
  signWith?: SigningKey;
  /** Sign the Assertion (default true). */
  signAssertion?: boolean;
  /** Also sign the whole Response (default false). */
  signResponse?: boolean;
  /** Turn the signed response into a signature-wrapping forgery for `evilNameId`. */
  wrap?: XswVariant;
  evilNameId?: string;
  /** Insert `<!---->` into the signed NameID after this prefix (comment injection). */
  commentInNameIdAfter?: string;
  /** Prepend a DOCTYPE with an internal entity. */
  doctype?: boolean;
}

export interface TestIdp {
  entityId: string;
  ssoUrl: string;
  key: SigningKey;
  /** The base64 SAMLResponse the browser would POST to the ACS URL. */
  response(request: AuthnRequestInfo, options?: ResponseOptions): string;
  /** The same response as XML, before base64. */
  responseXml(request: AuthnRequestInfo, options?: ResponseOptions): string;
}

export function createTestIdp(
  options: { entityId?: string; ssoUrl?: string; key?: SigningKey } = {},
): TestIdp {
  const entityId = options.entityId ?? 'https://idp.example.test/saml/metadata';
  const ssoUrl = options.ssoUrl ?? 'https://idp.example.test/saml/sso';
  const key = options.key ?? generateSigningKey();

  function responseXml(request: AuthnRequestInfo, o: ResponseOptions = {}): string {
    const now = (o.now ?? new Date()).getTime();
    const at = (seconds: number) => new Date(now + seconds * 1000).toISOString();
    const inResponseTo = o.inResponseTo === undefined ? request.id : o.inResponseTo;
    const destination = o.destination === undefined ? request.acsUrl : o.destination;
    const issuer = o.issuer ?? entityId;
    const parts = {
      inResponseTo: o.subjectInResponseTo === undefined ? inResponseTo : o.subjectInResponseTo,
      audience: o.audience ?? request.issuer,
      recipient: o.recipient ?? request.acsUrl,
      issuer: o.assertionIssuer ?? issuer,
      issueInstant: at(o.issueInstantSeconds ?? 0),
      notBefore: at(o.notBeforeSeconds ?? -5),
      notOnOrAfter: at(o.notOnOrAfterSeconds ?? 300),
      attributes: o.attributes ?? {},
      friendlyNames: o.friendlyNames ?? {},
    };
    const assertionId = newId();
    const assertion = assertionXml(assertionId, o.nameId ?? 'alice@example.org', parts);
    const response =
      `<samlp:Response xmlns:samlp="${PROTOCOL_NS}" xmlns:saml="${ASSERTION_NS}" ID="${newId()}" Version="2.0" IssueInstant="${parts.issueInstant}"` +
      (destination === null ? '' : ` Destination="${esc(destination)}"`) +
      (inResponseTo === null ? '' : ` InResponseTo="${esc(inResponseTo)}"`) +
      `><saml:Issuer>${esc(issuer)}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      assertion +
      `</samlp:Response>`;

    const signer = o.signWith ?? key;
    let xml = response;
    if (o.signAssertion !== false) xml = sign(xml, "//*[local-name(.)='Assertion']", signer);
    if (o.wrap) xml = wrap(xml, o.wrap, assertionXml(newId(), o.evilNameId ?? 'admin@example.org', parts));
    if (o.signResponse) xml = sign(xml, "/*[local-name(.)='Response']", signer);
    if (o.commentInNameIdAfter !== undefined) {
      const prefix = o.commentInNameIdAfter;
      xml = xml.replace(/(<saml:NameID[^>]*>)([^<]*)/, (_all, open: string, text: string) => {
        if (!text.startsWith(prefix)) throw new Error(`The NameID does not start with ${prefix}`);
        return `${open}${prefix}<!---->${text.slice(prefix.length)}`;
      });
    }
    if (o.doctype) xml = `<!DOCTYPE samlp:Response [<!ENTITY who "admin@example.org">]>${xml}`;
    return xml;
  }

  return {
    entityId,
    ssoUrl,
    key,
    responseXml,
    response: (request, o) => Buffer.from(responseXml(request, o), 'utf8').toString('base64'),
  };
}

interface AssertionParts {
  inResponseTo: string | null;
  audience: string;
  recipient: string;
  issuer: string;
  issueInstant: string;
  notBefore: string;
  notOnOrAfter: string;
  attributes: Record<string, string[]>;
  friendlyNames: Record<string, string>;
}

function assertionXml(id: string, nameId: string, p: AssertionParts): string {
  const attributes = Object.entries(p.attributes)
    .map(([name, values]) => {
      const friendly = Object.hasOwn(p.friendlyNames, name)
        ? ` FriendlyName="${esc(p.friendlyNames[name]!)}"`
        : '';
      return `<saml:Attribute Name="${esc(name)}"${friendly}>${values.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`;
    })
    .join('');
  return (
    `<saml:Assertion xmlns:saml="${ASSERTION_NS}" ID="${id}" Version="2.0" IssueInstant="${p.issueInstant}">` +
    `<saml:Issuer>${esc(p.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">${esc(nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData` +
    (p.inResponseTo === null ? '' : ` InResponseTo="${esc(p.inResponseTo)}"`) +
    ` NotOnOrAfter="${p.notOnOrAfter}" Recipient="${esc(p.recipient)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${p.notBefore}" NotOnOrAfter="${p.notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${esc(p.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${p.issueInstant}" SessionIndex="${newId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
    `</saml:Assertion>`
  );
}

/** Signs the element at `xpath` with an enveloped signature placed right after its Issuer. */
function sign(xml: string, xpath: string, key: SigningKey): string {
  const sig = new SignedXml({
    privateKey: key.privateKey,
    publicCert: key.certificate,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath,
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${xpath}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}

function wrap(signedXml: string, variant: XswVariant, evilXml: string): string {
  const doc = new DOMParser().parseFromString(signedXml, 'text/xml');
  const response = doc.documentElement!;
  const signed = childElements(response).find((e) => e.localName === 'Assertion')!;
  const evil = doc.importNode(
    new DOMParser().parseFromString(evilXml, 'text/xml').documentElement!,
    true,
  ) as Element;
  const signatureOf = (e: Element) =>
    childElements(e).find((c) => c.localName === 'Signature' && c.namespaceURI === DSIG_NS)!;
  const afterIssuer = (parent: Element, node: Node) =>
    parent.insertBefore(node, childElements(parent)[0]!.nextSibling);
  switch (variant) {
    case 'evil-before':
      response.insertBefore(evil, signed);
      break;
    case 'evil-after':
      response.insertBefore(evil, signed.nextSibling);
      break;
    case 'evil-inside':
      signed.appendChild(evil);
      break;
    case 'evil-wrapping':
      response.replaceChild(evil, signed);
      evil.appendChild(signed);
      break;
    case 'signed-in-extensions': {
      evil.setAttribute('ID', signed.getAttribute('ID')!);
      afterIssuer(evil, signatureOf(signed).cloneNode(true));
      response.replaceChild(evil, signed);
      const extensions = doc.createElementNS(PROTOCOL_NS, 'samlp:Extensions');
      extensions.appendChild(signed);
      afterIssuer(response, extensions);
      break;
    }
    case 'signed-in-object': {
      const signature = signatureOf(signed);
      response.replaceChild(evil, signed);
      afterIssuer(evil, signature);
      const object = doc.createElementNS(DSIG_NS, 'ds:Object');
      object.appendChild(signed);
      signature.appendChild(object);
      break;
    }
  }
  return new XMLSerializer().serializeToString(doc);
}

function childElements(parent: Element): Element[] {
  return Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1);
}

function newId(): string {
  return `_${randomBytes(16).toString('hex')}`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
