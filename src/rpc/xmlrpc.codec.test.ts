import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import {
  serializeFault,
  serializeMethodCall,
  serializeMethodResponse,
  xmlRpcDouble,
  XmlRpcParseError,
  type XmlRpcValue,
} from './xmlrpc.codec.js';
import { parseMethodCall, parseMethodResponse } from './xmlrpc-parser.js';

/** A call as Python's xmlrpc.client.dumps(('tok', 'alice', {'a': [1, 2.5, True, None]}), 'api.getUserProperty', allow_none=True) writes it. */
const PYTHON_REQUEST =
  "<?xml version='1.0'?>\n<methodCall>\n<methodName>api.getUserProperty</methodName>\n<params>\n<param>\n<value><string>tok</string></value>\n</param>\n<param>\n<value><string>alice</string></value>\n</param>\n<param>\n<value><struct>\n<member>\n<name>a</name>\n<value><array><data>\n<value><int>1</int></value>\n<value><double>2.5</double></value>\n<value><boolean>1</boolean></value>\n<value><nil/></value></data></array></value>\n</member>\n</struct></value>\n</param>\n</params>\n</methodCall>\n";

/** A call whose single param is the given <value> content. */
function call(value: string): string {
  return `<?xml version="1.0"?><methodCall><methodName>m</methodName><params><param><value>${value}</value></param></params></methodCall>`;
}

function param(value: string): XmlRpcValue {
  const { params } = parseMethodCall(call(value));
  assert.equal(params.length, 1);
  return params[0] as XmlRpcValue;
}

function refused(
  body: string | Buffer,
  message: RegExp,
  limits?: Parameters<typeof parseMethodCall>[1],
): void {
  assert.throws(
    () => parseMethodCall(body, limits),
    (error: unknown) => {
      assert.ok(error instanceof XmlRpcParseError, `expected an XmlRpcParseError, got ${String(error)}`);
      assert.match(error.message, /^Invalid XML-RPC request: /);
      assert.match(error.message, message);
      return true;
    },
  );
}

/**
 * What Python's xmlrpc.client.loads makes of an XML document, with each value tagged by its Python
 * type so that int and float stay distinguishable after the trip through JSON.
 */
function readByPython(xml: string): unknown {
  const script = `
import json, sys, xmlrpc.client as x
def tag(v):
    if isinstance(v, list): return ['list', [tag(i) for i in v]]
    if isinstance(v, dict): return ['dict', {k: tag(i) for k, i in v.items()}]
    if isinstance(v, bytes): return ['bytes', list(v)]
    if hasattr(v, 'isoformat'): return ['datetime', v.isoformat()]
    return [type(v).__name__, v]
try:
    params, method = x.loads(sys.stdin.buffer.read(), use_builtin_types=True)
    print(json.dumps({'method': method, 'params': [tag(p) for p in params]}))
except x.Fault as f:
    print(json.dumps({'fault': [f.faultCode, f.faultString]}))
`;
  const result = spawnSync('python3', ['-c', script], { input: Buffer.from(xml, 'utf8'), encoding: 'utf8' });
  assert.equal(result.error, undefined, 'python3 must be installed for this test');
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

describe('parseMethodCall', () => {
  it('reads the request body Python’s xmlrpc.client sends', () => {
    assert.deepEqual(parseMethodCall(PYTHON_REQUEST), {
      methodName: 'api.getUserProperty',
      params: ['tok', 'alice', { a: [1, 2.5, true, null] }],
    });
  });

  it('reads every scalar type', () => {
    assert.equal(param('<int>-42</int>'), -42);
    assert.equal(param('<i4>+7</i4>'), 7);
    assert.equal(param('<i8>9007199254740991</i8>'), Number.MAX_SAFE_INTEGER);
    assert.equal(param('<boolean>1</boolean>'), true);
    assert.equal(param('<boolean>0</boolean>'), false);
    assert.equal(param('<string>  hello  </string>'), '  hello  ');
    assert.equal(param('<string/>'), '');
    assert.equal(param('<double>-12.214</double>'), -12.214);
    assert.equal(param('<double>1.5e+300</double>'), 1.5e300, 'Python writes large doubles with an exponent');
    assert.deepEqual(
      param('<dateTime.iso8601>19980717T14:08:55</dateTime.iso8601>'),
      new Date('1998-07-17T14:08:55Z'),
    );
    assert.deepEqual(
      param('<base64>\naGVsbG8g\nd29ybGQ=\n</base64>'),
      new TextEncoder().encode('hello world'),
    );
    assert.equal(param('<nil/>'), null);
    assert.deepEqual(param('<array><data/></array>'), []);
    assert.deepEqual(param('<struct></struct>'), {});
    assert.deepEqual(param('<struct><member><name/><value/></member></struct>'), { '': '' });
  });

  it('reads date-times in the forms clients send, reading one without a zone as UTC', () => {
    const expected = new Date('1998-07-17T14:08:55Z');
    for (const text of [
      '19980717T14:08:55',
      '1998-07-17T14:08:55',
      '19980717T140855',
      '1998-07-17T14:08:55Z',
      '1998-07-17T16:08:55+02:00',
      '1998-07-17T09:38:55-0430',
    ]) {
      assert.deepEqual(param(`<dateTime.iso8601>${text}</dateTime.iso8601>`), expected, text);
    }
    assert.deepEqual(
      param('<dateTime.iso8601>1998-07-17T14:08:55.250Z</dateTime.iso8601>'),
      new Date('1998-07-17T14:08:55.250Z'),
    );
    assert.deepEqual(
      param('<dateTime.iso8601>20240229T00:00:00</dateTime.iso8601>'),
      new Date('2024-02-29T00:00:00Z'),
    );
  });

  it('reads a value without a type element as a string, keeping its whitespace', () => {
    assert.equal(param('plain text'), 'plain text');
    assert.equal(param(' \n\t '), ' \n\t ');
    assert.equal(param(''), '');
    assert.equal(
      parseMethodCall(
        '<methodCall><methodName>m</methodName><params><param><value/></param></params></methodCall>',
      ).params[0],
      '',
    );
  });

  it('decodes the predefined entities, character references and CDATA, and normalises line ends', () => {
    assert.equal(param('<string>&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos;</string>'), `<a> & "b" 'c'`);
    assert.equal(param('<string>&#233;&#xE9;&#x1F600;&#13;</string>'), 'éé😀\r');
    assert.equal(
      param('<string><![CDATA[<b>&amp;</b>]]> and <!-- a comment -->more</string>'),
      '<b>&amp;</b> and more',
    );
    assert.equal(param('<string>a\r\nb\rc</string>'), 'a\nb\nc');
  });

  it('reads non-ASCII text from UTF-8 and, when declared, ISO-8859-1 bodies', () => {
    assert.equal(
      parseMethodCall(Buffer.from(call('Zoë Ångström 日本'), 'utf8')).params[0],
      'Zoë Ångström 日本',
    );
    assert.equal(
      parseMethodCall(Buffer.from(`\uFEFF${call('日本')}`, 'utf8')).params[0],
      '日本',
      'a byte-order mark is allowed',
    );
    const latin1 = Buffer.from(
      call('Zoë').replace('version="1.0"', 'version="1.0" encoding="ISO-8859-1"'),
      'latin1',
    );
    assert.equal(parseMethodCall(latin1).params[0], 'Zoë');
  });

  it('accepts a missing or empty <params>, comments, and whitespace between elements', () => {
    for (const params of ['', '<params/>', '<params></params>', '<params>\n  <!-- none -->\n</params>']) {
      assert.deepEqual(
        parseMethodCall(
          `<?xml version="1.0" encoding="utf-8"?>\n<!-- hi -->\n<methodCall>\n  <methodName>api.isApiRunning</methodName>\n  ${params}\n</methodCall>\n<!-- bye -->\n`,
        ),
        {
          methodName: 'api.isApiRunning',
          params: [],
        },
      );
    }
  });

  it('reads Apache XML-RPC’s namespaced extension types', () => {
    const body =
      '<methodCall xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"><methodName>m</methodName><params><param><value><ex:nil/></value></param><param><value><ex:i8>4294967296</ex:i8></value></param></params></methodCall>';
    assert.deepEqual(parseMethodCall(body).params, [null, 4294967296]);
  });

  it('keeps a struct member named __proto__ as plain data', () => {
    const value = param(
      '<struct><member><name>__proto__</name><value><struct><member><name>admin</name><value><boolean>1</boolean></value></member></struct></value></member></struct>',
    );
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value as object), ['__proto__']);
    assert.equal((value as { admin?: boolean }).admin, undefined);
  });

  it('refuses a DOCTYPE, so entity expansion ("billion laughs") cannot happen, and does so at once', () => {
    const laughs = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`,
    ).join('\n');
    const body = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n${laughs}\n]>\n<methodCall><methodName>m</methodName><params><param><value>&lol9;</value></param></params></methodCall>`;
    const started = performance.now();
    refused(body, /DOCTYPE is not allowed at line 2/);
    assert.ok(performance.now() - started < 50);
  });

  it('refuses external entities (XXE), with or without a DOCTYPE around them', () => {
    refused(
      '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><methodCall><methodName>&x;</methodName></methodCall>',
      /DOCTYPE is not allowed/,
    );
    refused(
      '<methodCall><!ENTITY x SYSTEM "file:///etc/passwd"><methodName>m</methodName></methodCall>',
      /markup declarations .* are not allowed/,
    );
  });

  it('refuses entities other than the five XML predefines', () => {
    refused(call('<string>&nbsp;</string>'), /unknown entity &nbsp;/);
    refused(call('<string>a & b</string>'), /"&" must be written as "&amp;"/);
    refused(call('<string>&#0;</string>'), /&#0; is not a character XML allows/);
  });

  const malformed: [string, string, RegExp][] = [
    [
      'a truncated document',
      call('<int>1</int>').replace(/<\/param>.*$/, ''),
      /expected <\/param>, but found the end of the document/,
    ],
    [
      'a document cut after "<"',
      '<methodCall><methodName>m</methodName><',
      /ends in the middle of a tag at line 1, column 39/,
    ],
    [
      'a document cut inside a tag',
      '<methodCall><methodName>m</methodName><par',
      /ends in the middle of a tag/,
    ],
    ['mismatched tags', call('<int>1</i4>'), /expected <\/int>, but found <\/i4>/],
    [
      'a missing methodName',
      '<methodCall>\n  <params/>\n</methodCall>',
      /expected <methodName>, but found <params\/> at line 2, column 3/,
    ],
    ['an empty methodName', '<methodCall><methodName/></methodCall>', /method name "" may only contain/],
    [
      'a method name outside the spec’s alphabet',
      '<methodCall><methodName>a b</methodName></methodCall>',
      /method name "a b" may only contain/,
    ],
    [
      'garbage after the root element',
      `${call('<int>1</int>')}<x/>`,
      /unexpected <x\/> after <\/methodCall>/,
    ],
    [
      'text after the root element',
      `${call('<int>1</int>')} junk`,
      /unexpected text " junk" after <\/methodCall>/,
    ],
    ['another root element', '<methodResponse/>', /expected <methodCall>, but found <methodResponse\/>/],
    [
      'an int that is not a number',
      call('<int>12a</int>'),
      /<int> must hold a whole number from -2147483648 to 2147483647, not "12a"/,
    ],
    [
      'an int out of range',
      call('<int>2147483648</int>'),
      /<int> must hold a whole number from -2147483648 to 2147483647, not "2147483648"/,
    ],
    [
      'an i8 beyond what JavaScript holds exactly',
      call('<i8>9007199254740993</i8>'),
      /<i8> must hold a whole number from -9007199254740991/,
    ],
    ['a boolean other than 0 or 1', call('<boolean>2</boolean>'), /<boolean> must hold 0 or 1, not "2"/],
    ['a boolean spelled out', call('<boolean>true</boolean>'), /<boolean> must hold 0 or 1, not "true"/],
    [
      'a boolean named after an Object method',
      call('<boolean>toString</boolean>'),
      /<boolean> must hold 0 or 1, not "toString"/,
    ],
    [
      'a double that is not a number',
      call('<double>1.2.3</double>'),
      /<double> must hold a finite decimal number/,
    ],
    ['a double that overflows', call('<double>1e400</double>'), /<double> must hold a finite decimal number/],
    [
      'a date that does not exist',
      call('<dateTime.iso8601>20230229T00:00:00</dateTime.iso8601>'),
      /<dateTime.iso8601> must hold a date and time/,
    ],
    ['invalid base64', call('<base64>abc*</base64>'), /<base64> must hold base64-encoded data, not "abc\*"/],
    ['an unknown type', call('<float>1.5</float>'), /unknown type <float>/],
    [
      'text mixed with a type element',
      call('x<int>1</int>'),
      /expected a type such as <string> or <\/value>, but found <int>/,
    ],
    ['content in <nil>', call('<nil>x</nil>'), /<nil> must be empty/],
    [
      'a struct member without a name',
      call('<struct><member><value>1</value></member></struct>'),
      /expected <name>, but found <value>/,
    ],
    [
      'two struct members with one name',
      call(
        '<struct><member><name>a</name><value>1</value></member><member><name>a</name><value>2</value></member></struct>',
      ),
      /two members named "a"/,
    ],
    [
      'an array without <data>',
      call('<array><value>1</value></array>'),
      /expected <data>, but found <value>/,
    ],
    ['an unterminated comment', '<methodCall><!-- oops', /unterminated comment/],
    [
      'a processing instruction',
      '<methodCall><?php echo 1; ?><methodName>m</methodName></methodCall>',
      /processing instructions are not allowed/,
    ],
    ['a control character', call('<string>a\u0001b</string>'), /control character U\+0001 is not allowed/],
    [
      'an unsupported encoding',
      '<?xml version="1.0" encoding="UTF-16"?><methodCall/>',
      /the encoding "UTF-16" is not supported/,
    ],
    ['an empty body', '', /expected <methodCall>, but found the end of the document/],
  ];
  for (const [what, body, message] of malformed) {
    it(`refuses ${what}, saying what is wrong`, () => refused(body, message));
  }

  it('refuses a body that is not valid UTF-8', () => {
    refused(
      Buffer.from([
        ...Buffer.from('<methodCall><methodName>'),
        0xc3,
        0x28,
        ...Buffer.from('</methodName></methodCall>'),
      ]),
      /not valid UTF-8/,
    );
  });

  it('refuses a body over the size limit, counting bytes', () => {
    const body = call('<string>日本</string>');
    assert.doesNotThrow(() => parseMethodCall(body, { maxBytes: Buffer.byteLength(body) }));
    refused(body, /the body is \d+ bytes; at most \d+ are accepted/, { maxBytes: body.length });
  });

  it('refuses values nested deeper than the limit', () => {
    const nested = (depth: number) =>
      '<array><data><value>'.repeat(depth - 1) + '1' + '</value></data></array>'.repeat(depth - 1);
    assert.doesNotThrow(() => parseMethodCall(call(nested(32))));
    refused(call(nested(33)), /values nest more than 32 deep/);
    refused(call(nested(100_000)), /values nest more than 32 deep/);
    refused(call(nested(4)), /values nest more than 3 deep/, { maxDepth: 3 });
  });

  it('refuses more values than the limit', () => {
    refused(call(`<array><data>${'<value>1</value>'.repeat(10)}</data></array>`), /more than 10 values/, {
      maxValues: 10,
    });
  });

  it('parses a 5 MB array of 100,000 values in well under a second', () => {
    const items = Array.from({ length: 100_000 }, (_, i) =>
      i % 2 ? `<value><int>${i}</int></value>` : `<value><string>${'x'.repeat(40)}&amp;</string></value>`,
    );
    const body = call(`<array><data>\n${items.join('\n')}\n</data></array>`);
    assert.ok(body.length > 5_000_000);
    // CPU time rather than wall time, so a busy test machine does not fail the test; a quadratic parser would take minutes.
    const started = process.cpuUsage();
    const array = parseMethodCall(body).params[0] as XmlRpcValue[];
    const { user, system } = process.cpuUsage(started);
    assert.equal(array.length, 100_000);
    assert.equal(array[0], `${'x'.repeat(40)}&`);
    assert.equal(array[99_999], 99_999);
    assert.ok((user + system) / 1000 < 1000, `took ${Math.round((user + system) / 1000)} ms of CPU time`);
  });
});

describe('serializing', () => {
  const open = '<?xml version="1.0" encoding="UTF-8"?><methodResponse><params><param><value>';
  const close = '</value></param></params></methodResponse>';

  it('writes each scalar type as the spec defines it', () => {
    const cases: [XmlRpcValue, string][] = [
      ['a', '<string>a</string>'],
      [42, '<int>42</int>'],
      [-2147483648, '<int>-2147483648</int>'],
      [true, '<boolean>1</boolean>'],
      [false, '<boolean>0</boolean>'],
      [-12.5, '<double>-12.5</double>'],
      [null, '<nil/>'],
      [new Date('1998-07-17T14:08:55.750Z'), '<dateTime.iso8601>19980717T14:08:55</dateTime.iso8601>'],
      [new Uint8Array([104, 105, 0, 255]), '<base64>aGkA/w==</base64>'],
      [[], '<array><data></data></array>'],
      [{}, '<struct></struct>'],
    ];
    for (const [value, xml] of cases) assert.equal(serializeMethodResponse(value), `${open}${xml}${close}`);
  });

  it('writes int32 integers as <int>, larger safe integers as <i8> and anything else as <double>', () => {
    assert.equal(serializeMethodResponse(2147483648), `${open}<i8>2147483648</i8>${close}`);
    assert.equal(serializeMethodResponse(2 ** 60), `${open}<double>1152921504606846976.0</double>${close}`);
    assert.equal(serializeMethodResponse(0.1), `${open}<double>0.1</double>${close}`);
  });

  it('writes a number wrapped in xmlRpcDouble as <double>, in decimal notation without an exponent', () => {
    assert.equal(serializeMethodResponse(xmlRpcDouble(5)), `${open}<double>5.0</double>${close}`);
    assert.equal(
      serializeMethodResponse(xmlRpcDouble(-0.00000015)),
      `${open}<double>-0.00000015</double>${close}`,
    );
    assert.equal(
      serializeMethodResponse(xmlRpcDouble(1e21)),
      `${open}<double>1000000000000000000000.0</double>${close}`,
    );
  });

  it('escapes markup characters and CR, and replaces characters XML cannot carry', () => {
    assert.equal(
      serializeMethodResponse('a<b>&c\r\n'),
      `${open}<string>a&lt;b&gt;&amp;c&#13;\n</string>${close}`,
    );
    assert.equal(
      serializeMethodResponse({ 'x<y': 'bell\u0007 \ud800' }),
      `${open}<struct><member><name>x&lt;y</name><value><string>bell\ufffd \ufffd</string></value></member></struct>${close}`,
    );
  });

  it('refuses values XML-RPC cannot carry', () => {
    assert.throws(() => serializeMethodResponse(NaN), TypeError);
    assert.throws(() => serializeMethodResponse(xmlRpcDouble(Infinity)), TypeError);
    assert.throws(
      () => serializeMethodResponse({ a: undefined } as unknown as XmlRpcValue),
      /cannot carry undefined/,
    );
    assert.throws(() => serializeMethodResponse(new Map() as unknown as XmlRpcValue), TypeError);
    const circular: XmlRpcValue[] = [];
    circular.push(circular);
    assert.throws(() => serializeMethodResponse(circular), /circular/);
    assert.throws(() => serializeFault(1.5, 'x'), TypeError);
    assert.throws(() => serializeMethodCall('bad name', []), TypeError);
  });

  it('writes a fault as a struct of an int faultCode and a string faultString', () => {
    assert.equal(
      serializeFault(4, 'Too many <params>.'),
      '<?xml version="1.0" encoding="UTF-8"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value></member><member><name>faultString</name><value><string>Too many &lt;params&gt;.</string></value></member></struct></value></fault></methodResponse>',
    );
  });

  it('round-trips nested structs and arrays and non-ASCII text through a call', () => {
    const params: XmlRpcValue[] = [
      'Zoë Ångström 日本 😀',
      {
        user: { name: 'zoë', groups: ['staff', 'print'], quota: { pages: 500, balance: 12.75 } },
        empty: [],
        none: null,
      },
      [[1, [2, [3]]], new Date('2024-01-02T03:04:05Z'), new Uint8Array([0, 1, 2])],
      '',
      ' \n ',
    ];
    assert.deepEqual(parseMethodCall(serializeMethodCall('api.setUserProperties', params)), {
      methodName: 'api.setUserProperties',
      params,
    });
  });

  it('round-trips a response and a fault', () => {
    assert.deepEqual(parseMethodResponse(serializeMethodResponse({ ok: true, list: [1, 'two'] })), {
      value: { ok: true, list: [1, 'two'] },
    });
    assert.deepEqual(parseMethodResponse(serializeMethodResponse(xmlRpcDouble(5))), { value: 5 });
    assert.deepEqual(parseMethodResponse(serializeFault(-32601, 'No such method: ä')), {
      fault: { faultCode: -32601, faultString: 'No such method: ä' },
    });
  });

  it('refuses a response without exactly one param or with a malformed fault', () => {
    assert.throws(
      () => parseMethodResponse('<methodResponse><params/></methodResponse>'),
      /Invalid XML-RPC response: a response must hold exactly one <param>, not 0/,
    );
    assert.throws(
      () =>
        parseMethodResponse(
          '<methodResponse><fault><value><struct></struct></value></fault></methodResponse>',
        ),
      /must hold a struct with an int faultCode/,
    );
  });
});

describe('interoperability with Python’s xmlrpc.client', () => {
  it('reads our response with each type as Python’s own', () => {
    const xml = serializeMethodResponse({
      text: 'Zoë Ångström 日本 <&>',
      int: 7,
      big: 2 ** 40,
      balance: xmlRpcDouble(5),
      ratio: 0.25,
      on: true,
      none: null,
      when: new Date('1998-07-17T14:08:55Z'),
      data: new Uint8Array([0, 255]),
      list: [1, ['nested']],
    });
    assert.deepEqual(readByPython(xml), {
      method: null,
      params: [
        [
          'dict',
          {
            text: ['str', 'Zoë Ångström 日本 <&>'],
            int: ['int', 7],
            big: ['int', 2 ** 40],
            balance: ['float', 5],
            ratio: ['float', 0.25],
            on: ['bool', true],
            none: ['NoneType', null],
            when: ['datetime', '1998-07-17T14:08:55'],
            data: ['bytes', [0, 255]],
            list: [
              'list',
              [
                ['int', 1],
                ['list', [['str', 'nested']]],
              ],
            ],
          },
        ],
      ],
    });
  });

  it('reads our fault as an xmlrpc.client.Fault', () => {
    assert.deepEqual(readByPython(serializeFault(2, 'Unknown user: zoë')), {
      fault: [2, 'Unknown user: zoë'],
    });
  });

  it('reads our method call', () => {
    assert.deepEqual(
      readByPython(serializeMethodCall('api.adjustUserAccountBalance', ['tok', 'alice', xmlRpcDouble(-1.5)])),
      {
        method: 'api.adjustUserAccountBalance',
        params: [
          ['str', 'tok'],
          ['str', 'alice'],
          ['float', -1.5],
        ],
      },
    );
  });
});
