/**
 * The strict, hand-written XML-RPC parser: method calls (the endpoint's requests) and method
 * responses (clients and tests): the XML-RPC grammar over the XML reader (xml-reader.ts), which
 * reads only what XML-RPC needs; no XML library is involved.
 *
 *   const { methodName, params } = parseMethodCall(body, { maxBytes: 1024 * 1024 });
 */
import {
  isFault,
  METHOD_NAME,
  type XmlRpcFault,
  type XmlRpcLimits,
  type XmlRpcValue,
} from './xmlrpc.codec.js';
import { SCALARS } from './xmlrpc-scalars.js';
import { BLANK, describe, excerpt, XmlReader, type Token } from './xml-reader.js';

export function parseMethodCall(
  body: string | Buffer,
  limits?: XmlRpcLimits,
): { methodName: string; params: XmlRpcValue[] } {
  const parser: Parser = new Parser(body, 'request', limits);
  parser.expectStart('methodCall');
  const methodName = parser.textOf(parser.expectStart('methodName'));
  if (!METHOD_NAME.test(methodName)) {
    parser.fail(
      `the method name ${excerpt(methodName)} may only contain A-Z, a-z, 0-9, "_", ".", ":" and "/"`,
    );
  }
  const params = parser.params();
  parser.expectEnd('methodCall');
  parser.expectEndOfDocument('methodCall');
  return { methodName, params };
}

export function parseMethodResponse(
  body: string | Buffer,
  limits?: XmlRpcLimits,
): { value: XmlRpcValue } | { fault: XmlRpcFault } {
  const parser: Parser = new Parser(body, 'response', limits);
  parser.expectStart('methodResponse');
  let result: { value: XmlRpcValue } | { fault: XmlRpcFault };
  if (parser.atStart('fault')) {
    parser.expectStart('fault');
    const fault = parser.value(1);
    parser.expectEnd('fault');
    if (!isFault(fault))
      parser.fail('a <fault> must hold a struct with an int faultCode and a string faultString');
    result = { fault: { faultCode: fault.faultCode, faultString: fault.faultString } };
  } else {
    const params = parser.params();
    if (params.length !== 1) parser.fail(`a response must hold exactly one <param>, not ${params.length}`);
    result = { value: params[0] ?? null };
  }
  parser.expectEnd('methodResponse');
  parser.expectEndOfDocument('methodResponse');
  return result;
}

/** XML-RPC's grammar: params, values and their types, within the limits on count and depth. */
class Parser extends XmlReader {
  private values = 0;

  /** `<params>` holding `<param><value>…</value></param>`s; the whole element may be absent or empty. */
  params(): XmlRpcValue[] {
    const params: XmlRpcValue[] = [];
    if (!this.atStart('params')) return params;
    if (this.expectStart('params').selfClosing) return params;
    while (this.atStart('param')) {
      this.expectStart('param', true);
      params.push(this.value(1));
      this.expectEnd('param');
    }
    this.expectEnd('params');
    return params;
  }

  value(depth: number): XmlRpcValue {
    const open = this.expectStart('value');
    if (++this.values > this.limits.maxValues)
      this.fail(`more than ${this.limits.maxValues} values`, open.pos);
    if (depth > this.limits.maxDepth)
      this.fail(`values nest more than ${this.limits.maxDepth} deep`, open.pos);
    if (open.selfClosing) return '';
    let token = this.next();
    let text = '';
    if (token.kind === 'text') {
      text = token.text;
      token = this.next();
    }
    // A value without a type element is a string, whitespace and all.
    if (token.kind === 'end' && token.name === 'value') return text;
    if (token.kind !== 'start' || !BLANK.test(text))
      this.fail(`expected a type such as <string> or </value>, but found ${describe(token)}`, token.pos);
    const value = this.typed(token, depth);
    this.expectEnd('value');
    return value;
  }

  private typed(open: Token & { kind: 'start' }, depth: number): XmlRpcValue {
    // A namespace prefix is ignored so Apache XML-RPC's extensions <ex:nil/> and <ex:i8> are read.
    const type = open.name.slice(open.name.lastIndexOf(':') + 1);
    if (type === 'array') {
      const items: XmlRpcValue[] = [];
      if (open.selfClosing) return items;
      if (!this.expectStart('data').selfClosing) {
        while (this.atStart('value')) items.push(this.value(depth + 1));
        this.expectEnd('data');
      }
      this.expectEnd(open.name);
      return items;
    }
    if (type === 'struct') {
      const struct: { [key: string]: XmlRpcValue } = {};
      if (open.selfClosing) return struct;
      while (this.atStart('member')) {
        const member = this.expectStart('member', true);
        const name = this.textOf(this.expectStart('name'));
        // Two members of one name could mean different things to different layers; refuse rather than guess.
        if (Object.hasOwn(struct, name))
          this.fail(`the struct has two members named ${excerpt(name)}`, member.pos);
        // defineProperty, not assignment: a member named "__proto__" must stay a plain property.
        Object.defineProperty(struct, name, {
          value: this.value(depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        this.expectEnd('member');
      }
      this.expectEnd(open.name);
      return struct;
    }
    if (type === 'nil') {
      if (this.textOf(open) !== '') this.fail('<nil> must be empty', open.pos);
      return null;
    }
    const scalar = SCALARS.get(type);
    if (!scalar) this.fail(`unknown type <${open.name}>`, open.pos);
    const text = this.textOf(open);
    const value = scalar.read(text);
    if (value === undefined)
      this.fail(`<${type}> must hold ${scalar.expects}, not ${excerpt(text)}`, open.pos);
    return value;
  }
}
