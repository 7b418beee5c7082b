/**
 * What a refused SAML response says: SamlError with a message an administrator can act on, the
 * fixed messages, and node-saml's failures translated into them (never quoting the document).
 *
 *   throw new SamlError(SAML_MESSAGES.notSigned);
 *   throw explainLibraryError(error, endpoints);
 */
import { AppError } from '../../../errors.js';
import type { SamlEndpoints } from './saml.config.js';

/** A SAML response (or the settings to check it) was refused; the message says why, readably. */
export class SamlError extends AppError {
  constructor(message: string) {
    super('saml_refused', 401, message);
  }
}

export const SAML_MESSAGES = {
  missing: 'The login response is missing. Start the login again.',
  tooLarge: 'The login response is larger than 1 MB, which no identity provider sends.',
  notBase64: 'The login response is not base64-encoded SAML.',
  doctype: 'The response contains a document type declaration (DOCTYPE/ENTITY), which SAML does not allow.',
  notXml: 'The response is not well-formed XML.',
  notResponse: 'The message is not a SAML response.',
  notSigned: 'The response is not signed by the identity provider’s certificate.',
  multipleAssertions:
    'The response carries more than one assertion, which is refused (a signature-wrapping attempt or a misconfigured identity provider).',
  wrapped: 'The response’s signature does not cover the assertion it carries (a signature-wrapping attempt).',
  noAssertion: 'The response carries no assertion.',
  notOurs: 'This response was already used or does not answer a login started here.',
  unsolicited:
    'The response does not answer a login started here: logins started at the identity provider are not accepted. Start the login from Quire.',
  noBearer: 'The assertion has no bearer subject confirmation, so it cannot be used to log in.',
  unreadable: 'The response could not be validated.',
} as const;

/** node-saml's failure (or a SamlError of ours, unchanged) as a SamlError with a readable reason. */
export function explainLibraryError(error: unknown, endpoints: SamlEndpoints): SamlError {
  if (error instanceof SamlError) return error;
  // node-saml's SamlStatusError, known by its field: importing the class would load node-saml
  // with every module that names a SamlError (the sign-in routes load it on first use).
  if (error instanceof Error && 'xmlStatus' in error)
    return new SamlError('The identity provider did not log you in (it answered with an error status).');
  const message = error instanceof Error ? error.message : '';
  const known = LIBRARY_ERRORS.find(([pattern]) => pattern.test(message));
  if (known) return new SamlError(typeof known[1] === 'function' ? known[1](endpoints) : known[1]);
  // Whatever else the library says may quote the document; keep it out of the message.
  return new SamlError(SAML_MESSAGES.unreadable);
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
