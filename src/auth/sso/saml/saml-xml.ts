/**
 * Reading a SAML response as XML, defensively: the POSTed base64 is size-checked, decoded as
 * strict UTF-8 and refused with any DTD before it is parsed; elements are found by namespace and
 * local name only among direct children; values quoted in messages are made safe first.
 *
 *   const response = parseXml(decodeResponse(body.SAMLResponse)).documentElement;
 *   const issuer = child(response, ASSERTION_NS, 'Issuer');
 */
import { DOMParser } from '@xmldom/xmldom';
import { SAML_MESSAGES, SamlError } from './saml-messages.js';

export const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
/** A real response is a few kilobytes; anything near this is an attack or a mistake. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export function decodeResponse(samlResponse: unknown): string {
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

export function parseXml(xml: string): Document {
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

export function children(parent: Element, namespace: string, localName: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (n): n is Element =>
      n.nodeType === 1 && (n as Element).localName === localName && (n as Element).namespaceURI === namespace,
  );
}

export function child(parent: Element, namespace: string, localName: string): Element | null {
  return children(parent, namespace, localName)[0] ?? null;
}

/** Text content; the signed assertion is canonical XML, so comments are already gone from it. */
export function text(element: Element): string {
  return element.textContent ?? '';
}

/** The short name of the top-level status code ("Success", "Requester"…), or "unknown". */
export function statusOf(response: Element): string {
  const status = child(response, PROTOCOL_NS, 'Status');
  const code = status ? child(status, PROTOCOL_NS, 'StatusCode') : null;
  const value = code?.getAttribute('Value') ?? '';
  const short = value.slice(value.lastIndexOf(':') + 1);
  return /^[A-Za-z]{1,40}$/.test(short) ? short : 'unknown';
}

export function time(value: string | null, label: string): number {
  const ms =
    value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)
      ? Date.parse(value)
      : NaN;
  if (Number.isNaN(ms)) throw new SamlError(`The assertion has a missing or invalid ${label} time.`);
  return ms;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/** A value from the response, safe to put in a message: one line, printable, at most 200 characters. */
export function shown(value: string): string {
  const clean = value.replace(/[\p{C}<>]/gu, '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
