import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import {
  createTestIdp,
  generateSigningKey,
  readAuthnRequest,
  XSW_VARIANTS,
  type ResponseOptions,
} from '../../../test-support/saml-idp.js';
import { createSamlServiceProvider, type SamlRequestStore } from './saml.js';
import type { SamlProviderConfig } from './saml.config.js';
import { SAML_MESSAGES, SamlError } from './saml-messages.js';

const idp = createTestIdp();
const stranger = generateSigningKey('Not the IdP');
const endpoints = {
  entityId: 'https://quire.example.org/auth/saml/corp/metadata',
  acsUrl: 'https://quire.example.org/auth/saml/corp/acs',
};
const baseConfig: SamlProviderConfig = {
  idpEntityId: idp.entityId,
  idpSsoUrl: idp.ssoUrl,
  idpCertificates: [idp.key.certificate],
  usernameAttribute: 'uid',
  externalIdAttribute: 'objectGUID',
  emailAttribute: 'mail',
  fullNameAttribute: 'displayName',
  clockSkewSeconds: 60,
};
const aliceAttributes = {
  uid: ['alice'],
  objectGUID: ['9f1c2d3e-0000-4000-8000-000000000001'],
  mail: ['alice@example.org'],
  displayName: ['Alice Liddell'],
  groups: ['staff', 'print-admins'],
};

/** A clock far from the machine's, so every time rule is seen to use the injected one. */
function testClock() {
  let now = new Date('2031-03-14T09:00:00Z').getTime();
  return { now: () => new Date(now), advance: (seconds: number) => (now += seconds * 1000) };
}

function memoryStore(clock: { now(): Date }) {
  const ids = new Map<string, number>();
  const store: SamlRequestStore = {
    remember: async (id, expiresAt) => void ids.set(id, expiresAt.getTime()),
    take: async (id) => {
      const expires = ids.get(id);
      ids.delete(id);
      return expires !== undefined && expires > clock.now().getTime();
    },
  };
  return { store, ids };
}

function setup(overrides: Partial<SamlProviderConfig> = {}) {
  const clock = testClock();
  const { store, ids } = memoryStore(clock);
  const sp = createSamlServiceProvider({ ...baseConfig, ...overrides }, endpoints, store, clock);
  /** Starts a sign-in and answers it from the test IdP (its clock = ours unless `now` is given). */
  const respond = async (options: ResponseOptions = {}) => {
    const request = readAuthnRequest(await sp.startUrl('/user'));
    return {
      request,
      body: idp.response(request, {
        now: clock.now(),
        nameId: 'alice@example.org',
        attributes: aliceAttributes,
        ...options,
      }),
    };
  };
  const signIn = async (options: ResponseOptions = {}) => sp.acceptResponse((await respond(options)).body);
  return { sp, clock, ids, respond, signIn };
}

/** Refused with a SamlError whose message matches, and which never quotes XML back. */
async function refused(attempt: Promise<unknown>, expected: string | RegExp): Promise<SamlError> {
  let caught: unknown;
  try {
    const identity = await attempt;
    assert.fail(`accepted: ${JSON.stringify(identity)}`);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof SamlError, `not a SamlError: ${String(caught)}`);
  if (typeof expected === 'string') assert.equal(caught.message, expected);
  else assert.match(caught.message, expected);
  assert.doesNotMatch(caught.message, /</);
  return caught;
}

describe('SAML service provider: metadata and start', () => {
  it('publishes metadata with our entity id, the ACS URL over HTTP-POST and WantAssertionsSigned', () => {
    const { sp } = setup();
    const doc = new DOMParser().parseFromString(sp.metadata(), 'text/xml');
    const entity = doc.documentElement!;
    assert.equal(entity.localName, 'EntityDescriptor');
    assert.equal(entity.getAttribute('entityID'), endpoints.entityId);
    const descriptor = entity.getElementsByTagName('SPSSODescriptor')[0]!;
    assert.equal(descriptor.getAttribute('WantAssertionsSigned'), 'true');
    const acs = descriptor.getElementsByTagName('AssertionConsumerService')[0]!;
    assert.equal(acs.getAttribute('Binding'), 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    assert.equal(acs.getAttribute('Location'), endpoints.acsUrl);
  });

  it('sends the browser to the IdP with a deflated AuthnRequest from our issuer for our ACS URL, and remembers its id', async () => {
    const { sp, ids, clock } = setup();
    const url = await sp.startUrl('/user/summary');
    assert.ok(url.startsWith(`${idp.ssoUrl}?`), url);
    const request = readAuthnRequest(url);
    assert.equal(request.issuer, endpoints.entityId);
    assert.equal(request.acsUrl, endpoints.acsUrl);
    assert.equal(request.destination, idp.ssoUrl);
    assert.equal(request.relayState, '/user/summary');
    assert.match(request.xml, /ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"/);
    assert.ok(ids.has(request.id), 'the request id is remembered');
    assert.equal(ids.get(request.id), clock.now().getTime() + 30 * 60_000);
    assert.notEqual(readAuthnRequest(await sp.startUrl('/user')).id, request.id);
  });
});

describe('SAML service provider: accepted responses', () => {
  it('returns the identity from a correctly signed response, attributes mapped', async () => {
    const identity = await setup().signIn();
    assert.deepEqual(identity, {
      nameId: 'alice@example.org',
      externalId: '9f1c2d3e-0000-4000-8000-000000000001',
      username: 'alice',
      email: 'alice@example.org',
      fullName: 'Alice Liddell',
      attributes: aliceAttributes,
    });
  });

  it("takes the username and immutable id from the NameID when their attribute is ''", async () => {
    const identity = await setup({
      usernameAttribute: '',
      externalIdAttribute: '',
      fullNameAttribute: '',
    }).signIn({ nameId: 'bob@example.org', attributes: { mail: ['bob@example.org'] } });
    assert.equal(identity.username, 'bob@example.org');
    assert.equal(identity.externalId, 'bob@example.org');
    assert.equal(identity.fullName, '');
    assert.deepEqual(identity.attributes, { mail: ['bob@example.org'] });
  });

  it('accepts a response signed at both the Response and the Assertion', async () => {
    assert.equal((await setup().signIn({ signResponse: true })).username, 'alice');
  });

  it('accepts the second certificate during a rollover', async () => {
    assert.equal(
      (await setup({ idpCertificates: [stranger.certificate, idp.key.certificate] }).signIn()).username,
      'alice',
    );
  });

  it('finds a configured attribute by its FriendlyName when no attribute has that Name', async () => {
    const mailOid = 'urn:oid:0.9.2342.19200300.100.1.3';
    const { mail: _unused, ...others } = aliceAttributes;
    const attributes = { ...others, [mailOid]: ['alice.liddell@example.org'] };
    const identity = await setup().signIn({ attributes, friendlyNames: { [mailOid]: 'mail' } });
    assert.equal(identity.email, 'alice.liddell@example.org');
    assert.deepEqual(identity.attributes[mailOid], ['alice.liddell@example.org']);
  });

  it('keeps an attribute called __proto__ as plain data', async () => {
    const identity = await setup().signIn({
      attributes: { ...aliceAttributes, ['__proto__']: ['polluted'] },
    });
    assert.ok(Object.hasOwn(identity.attributes, '__proto__'));
    assert.deepEqual(Object.getOwnPropertyDescriptor(identity.attributes, '__proto__')?.value, ['polluted']);
    assert.equal(Object.getPrototypeOf(identity.attributes), Object.prototype);
  });

  it('refuses a configured attribute that is missing or has two values', async () => {
    await refused(
      setup().signIn({ attributes: { ...aliceAttributes, uid: [] } }),
      /no value for the attribute uid, which is set to hold the username/,
    );
    await refused(
      setup().signIn({ attributes: { ...aliceAttributes, objectGUID: ['a', 'b'] } }),
      /objectGUID, which is set to hold the immutable id, has more than one value/,
    );
  });
});

describe('SAML service provider: signatures', () => {
  it('refuses an unsigned assertion', async () => {
    await refused(setup().signIn({ signAssertion: false }), SAML_MESSAGES.notSigned);
  });

  it('refuses a response whose envelope is signed but whose assertion is not', async () => {
    await refused(setup().signIn({ signAssertion: false, signResponse: true }), SAML_MESSAGES.notSigned);
  });

  it('refuses an assertion signed by another key', async () => {
    await refused(setup().signIn({ signWith: stranger }), SAML_MESSAGES.notSigned);
    await refused(setup().signIn({ signWith: stranger, signResponse: true }), SAML_MESSAGES.notSigned);
  });

  for (const variant of XSW_VARIANTS) {
    it(`refuses the signature-wrapping forgery ${variant} and never yields the evil identity`, async () => {
      const { sp, respond } = setup({ usernameAttribute: '', externalIdAttribute: '' });
      const { body } = await respond({
        nameId: 'alice@example.org',
        wrap: variant,
        evilNameId: 'admin@example.org',
      });
      const forged = Buffer.from(body, 'base64').toString('utf8');
      assert.ok(
        forged.includes('admin@example.org') && forged.includes('alice@example.org'),
        'the forgery carries both assertions',
      );
      const error = await refused(
        sp.acceptResponse(body),
        new RegExp(
          `^(${[SAML_MESSAGES.notSigned, SAML_MESSAGES.multipleAssertions, SAML_MESSAGES.wrapped].map(escapeRegExp).join('|')})$`,
        ),
      );
      assert.doesNotMatch(error.message, /admin/);
    });
  }

  it('reads a comment-split NameID whole, never as the text before the comment', async () => {
    const { sp, respond } = setup({ usernameAttribute: '', externalIdAttribute: '' });
    const { body } = await respond({ nameId: 'admin.evil@example.org', commentInNameIdAfter: 'admin' });
    assert.match(Buffer.from(body, 'base64').toString('utf8'), />admin<!---->\.evil@example\.org</);
    const identity = await sp.acceptResponse(body);
    assert.equal(identity.nameId, 'admin.evil@example.org');
    assert.equal(identity.username, 'admin.evil@example.org');
  });
});

describe('SAML service provider: audience, recipient, issuer', () => {
  it('refuses a response for another service provider', async () => {
    await refused(
      setup().signIn({ audience: 'https://other.example.org/saml' }),
      /^The response is for another service provider \(its audience is not https:\/\/quire\.example\.org\/auth\/saml\/corp\/metadata\)/,
    );
  });

  it('refuses a signed assertion whose bearer Recipient is another address', async () => {
    await refused(
      setup().signIn({ recipient: 'https://evil.example.net/acs' }),
      /another address \(Recipient https:\/\/evil\.example\.net\/acs; this service provider’s ACS URL is https:\/\/quire\.example\.org\/auth\/saml\/corp\/acs\)/,
    );
  });

  it('refuses a response whose Destination is another address, and accepts one without Destination', async () => {
    await refused(
      setup().signIn({ destination: 'https://evil.example.net/acs' }),
      /another address \(Destination https:\/\/evil\.example\.net\/acs;/,
    );
    assert.equal((await setup().signIn({ destination: null })).username, 'alice');
  });

  it('refuses a response from another issuer, in the envelope or only in the signed assertion', async () => {
    await refused(
      setup().signIn({ issuer: 'https://evil.example.net/idp' }),
      /^The response comes from another identity provider \(issuer https:\/\/evil\.example\.net\/idp; expected https:\/\/idp\.example\.test\/saml\/metadata\)/,
    );
    await refused(
      setup().signIn({ assertionIssuer: 'https://evil.example.net/idp' }),
      /comes from another identity provider \(issuer https:\/\/evil\.example\.net\/idp;/,
    );
  });

  it('reports an error status from the IdP', async () => {
    const { sp, respond, clock } = setup();
    const { request } = await respond();
    const xml = idp.responseXml(request, { now: clock.now() }).replace('status:Success', 'status:Responder');
    await refused(
      sp.acceptResponse(Buffer.from(xml).toString('base64')),
      'The identity provider did not log you in (status: Responder).',
    );
  });
});

describe('SAML service provider: times', () => {
  it('refuses a response expired beyond the clock skew', async () => {
    const { signIn, clock } = setup();
    await refused(
      signIn({ now: new Date(clock.now().getTime() - 7 * 60_000) }),
      /^The response has expired \(NotOnOrAfter 2031-03-14T08:58:00Z, now 2031-03-14T09:00:00Z\)/,
    );
  });

  it('refuses a response not valid yet beyond the clock skew', async () => {
    const { signIn, clock } = setup();
    await refused(
      signIn({ now: new Date(clock.now().getTime() + 2 * 60_000) }),
      /^The response is not valid yet \(/,
    );
    await refused(
      signIn({ notBeforeSeconds: 90 }),
      /^The response is not valid yet \(NotBefore 2031-03-14T09:01:30Z, now 2031-03-14T09:00:00Z\)/,
    );
  });

  it('accepts a response up to the clock skew early or late', async () => {
    const { signIn, clock } = setup();
    const at = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000);
    assert.equal((await signIn({ now: at(45), notBeforeSeconds: 0 })).username, 'alice');
    assert.equal((await signIn({ now: at(-330) })).username, 'alice'); // NotOnOrAfter 30 s ago
  });

  it('honours a configured skew of 0', async () => {
    const { signIn, clock } = setup({ clockSkewSeconds: 0 });
    await refused(signIn({ now: new Date(clock.now().getTime() - 301_000) }), /^The response has expired/);
  });

  it('refuses an assertion issued too long ago, whatever its NotOnOrAfter', async () => {
    const { signIn, clock } = setup();
    await refused(
      signIn({ now: new Date(clock.now().getTime() - 20 * 60_000), notOnOrAfterSeconds: 3600 }),
      /^The response was issued too long ago \(IssueInstant 2031-03-14T08:40:00Z/,
    );
  });
});

describe('SAML service provider: InResponseTo and replay', () => {
  it('refuses a response to a request we did not send', async () => {
    await refused(
      setup().signIn({ inResponseTo: '_0123456789abcdef0123456789abcdef' }),
      SAML_MESSAGES.notOurs,
    );
  });

  it('refuses a live request id on the envelope around an assertion signed for no request or another one', async () => {
    await refused(setup().signIn({ subjectInResponseTo: null }), SAML_MESSAGES.notOurs);
    await refused(
      setup().signIn({ subjectInResponseTo: '_0123456789abcdef0123456789abcdef' }),
      SAML_MESSAGES.notOurs,
    );
  });

  it('accepts a response once and refuses the same response replayed', async () => {
    const { sp, respond } = setup();
    const { body } = await respond();
    assert.equal((await sp.acceptResponse(body)).username, 'alice');
    await refused(sp.acceptResponse(body), SAML_MESSAGES.notOurs);
  });

  it('refuses a response to a request that has expired', async () => {
    const { sp, respond, clock } = setup();
    const { request } = await respond();
    clock.advance(31 * 60);
    await refused(
      sp.acceptResponse(idp.response(request, { now: clock.now(), attributes: aliceAttributes })),
      SAML_MESSAGES.notOurs,
    );
  });

  it('uses up the request even when its response is refused', async () => {
    const { sp, respond, clock } = setup();
    const { request, body } = await respond({ audience: 'https://other.example.org/saml' });
    await refused(sp.acceptResponse(body), /another service provider/);
    await refused(
      sp.acceptResponse(idp.response(request, { now: clock.now(), attributes: aliceAttributes })),
      SAML_MESSAGES.notOurs,
    );
  });

  it('lets a failure of the request store through as itself, not as a refused response', async () => {
    const { respond } = setup();
    const { body } = await respond();
    const broken: SamlRequestStore = {
      remember: async () => {},
      take: async () => Promise.reject(new Error('database is down')),
    };
    const sp = createSamlServiceProvider(baseConfig, endpoints, broken, testClock());
    await assert.rejects(
      sp.acceptResponse(body),
      (e: Error) => !(e instanceof SamlError) && e.message === 'database is down',
    );
  });

  it('refuses a response without InResponseTo (IdP-initiated sign-in)', async () => {
    await refused(setup().signIn({ inResponseTo: null }), SAML_MESSAGES.unsolicited);
  });
});

describe('SAML service provider: hostile bodies', () => {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const cases: [string, unknown, string][] = [
    ['empty', '', SAML_MESSAGES.missing],
    ['not a string', undefined, SAML_MESSAGES.missing],
    ['not base64', 'this is <not> base64!', SAML_MESSAGES.notBase64],
    ['base64 of text', b64('hello, world'), SAML_MESSAGES.notXml],
    [
      'unclosed XML',
      b64('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><a>'),
      SAML_MESSAGES.notXml,
    ],
    ['another XML document', b64('<html><body>hi</body></html>'), SAML_MESSAGES.notResponse],
    [
      'over 1 MB',
      b64(
        `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${'x'.repeat(1024 * 1024)}</samlp:Response>`,
      ),
      SAML_MESSAGES.tooLarge,
    ],
    ['over 1 MB of base64 text', 'A'.repeat(2 * 1024 * 1024), SAML_MESSAGES.tooLarge],
    [
      'entity expansion',
      b64('<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>'),
      SAML_MESSAGES.doctype,
    ],
  ];
  for (const [name, body, message] of cases) {
    it(`refuses a body that is ${name} with a SamlError`, async () => {
      await refused(setup().sp.acceptResponse(body as string), message);
    });
  }

  it('refuses a signed response with a DOCTYPE and an entity', async () => {
    await refused(setup().signIn({ doctype: true }), SAML_MESSAGES.doctype);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
