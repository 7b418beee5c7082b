/**
 * The XML underneath the XML-RPC parser (xmlrpc-parser.ts): decoding the body as its declaration
 * says, refusing what XML-RPC never needs (DTDs, entities beyond the five predefined ones,
 * processing instructions), tokens, and reading elements one at a time with errors that give the
 * line and column. No XML library is involved.
 *
 *   class Parser extends XmlReader { … this.expectStart('methodCall'); … }
 */
import { DEFAULT_LIMITS, XmlRpcParseError, type XmlRpcLimits } from './xmlrpc.codec.js';

export type Token =
  | { kind: 'start'; name: string; selfClosing: boolean; pos: number }
  | { kind: 'end'; name: string; pos: number }
  | { kind: 'text'; text: string; pos: number }
  | { kind: 'end of document'; pos: number };

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_][\w.:-]*/y;
// Attributes are skipped, not read: only Apache XML-RPC's xmlns:ex="…" declaration is expected.
const ATTRIBUTE = /\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*')/y;
const XML_DECLARATION_PATTERN =
  /^<\?xml\s+version\s*=\s*(["'])1\.\d+\1(?:\s+encoding\s*=\s*(["'])([A-Za-z][\w.-]*)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*\?>/;
/** UTF-8 and its ASCII subset; ISO-8859-1 because Perl's Frontier::RPC and PHP's xmlrpc declare it by default. */
const ENCODINGS = new Map<string, 'utf8' | 'latin1'>([
  ['utf-8', 'utf8'],
  ['utf8', 'utf8'],
  ['us-ascii', 'utf8'],
  ['ascii', 'utf8'],
  ['iso-8859-1', 'latin1'],
  ['latin1', 'latin1'],
]);
const FORBIDDEN_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
export const BLANK = /^[ \t\r\n]*$/;

export class XmlReader {
  private readonly src: string;
  protected readonly limits: Required<XmlRpcLimits>;
  private pos = 0;
  private peeked: Token | null = null;

  constructor(
    body: string | Buffer,
    private readonly what: 'request' | 'response',
    limits: XmlRpcLimits = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    if (bytes > this.limits.maxBytes)
      this.fail(`the body is ${bytes} bytes; at most ${this.limits.maxBytes} are accepted`, 0, '');
    this.src = this.decode(body);
    const forbidden = FORBIDDEN_CHARACTER.exec(this.src);
    if (forbidden)
      this.fail(
        `control character U+${forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`,
        forbidden.index,
      );
  }

  /** Decodes the body as its XML declaration says, and steps over the declaration. */
  private decode(body: string | Buffer): string {
    // The declaration is ASCII in every encoding accepted, so it can be read before decoding.
    const head = (
      typeof body === 'string' ? body.slice(0, 200) : body.subarray(0, 200).toString('latin1')
    ).replace(/^(?:\uFEFF|\xEF\xBB\xBF)/, '');
    let declarationLength = 0;
    let encoding: 'utf8' | 'latin1' = 'utf8';
    if (head.startsWith('<?xml')) {
      const declaration = XML_DECLARATION_PATTERN.exec(head);
      if (!declaration) this.fail('malformed XML declaration', 0, head);
      declarationLength = declaration[0].length;
      const known = ENCODINGS.get(declaration[3]?.toLowerCase() ?? 'utf-8');
      if (!known) this.fail(`the encoding "${declaration[3]}" is not supported; send UTF-8`, 0, head);
      encoding = known;
    }
    let text: string;
    if (typeof body === 'string') text = body.replace(/^\uFEFF/, '');
    else if (encoding === 'latin1') text = body.toString('latin1');
    else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(body); // also drops a byte-order mark
      } catch {
        this.fail('the body is not valid UTF-8', 0, '');
      }
    }
    this.pos = declarationLength;
    return text;
  }

  fail(problem: string, pos: number = this.peeked?.pos ?? this.pos, src: string = this.src): never {
    let line = 1;
    let lineStart = 0;
    for (let i = src.indexOf('\n'); i !== -1 && i < pos; i = src.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    const where = src ? ` at line ${line}, column ${pos - lineStart + 1}` : '';
    throw new XmlRpcParseError(`Invalid XML-RPC ${this.what}: ${problem}${where}.`, src ? line : undefined);
  }

  // --- Elements ------------------------------------------------------------------------------

  atStart(name: string): boolean {
    this.skipBlank();
    const token = this.peek();
    return token.kind === 'start' && token.name === name;
  }

  expectStart(name: string, mustHaveContent = false): Token & { kind: 'start' } {
    this.skipBlank();
    const token = this.next();
    if (token.kind !== 'start' || token.name !== name || (mustHaveContent && token.selfClosing)) {
      this.fail(`expected <${name}>, but found ${describe(token)}`, token.pos);
    }
    return token;
  }

  expectEnd(name: string): void {
    this.skipBlank();
    const token = this.next();
    if (token.kind !== 'end' || token.name !== name)
      this.fail(`expected </${name}>, but found ${describe(token)}`, token.pos);
  }

  /** The text of a simple element whose start tag has just been read, through its end tag. */
  textOf(open: Token & { kind: 'start' }): string {
    if (open.selfClosing) return '';
    const name = open.name;
    let token = this.next();
    let text = '';
    if (token.kind === 'text') {
      text = token.text;
      token = this.next();
    }
    if (token.kind !== 'end' || token.name !== name)
      this.fail(`expected </${name}>, but found ${describe(token)}`, token.pos);
    return text;
  }

  expectEndOfDocument(root: string): void {
    this.skipBlank();
    const token = this.next();
    if (token.kind !== 'end of document')
      this.fail(`unexpected ${describe(token)} after </${root}>`, token.pos);
  }

  private skipBlank(): void {
    const token = this.peek();
    if (token.kind === 'text' && BLANK.test(token.text)) this.peeked = null;
  }

  // --- Tokens --------------------------------------------------------------------------------

  private peek(): Token {
    this.peeked ??= this.lex();
    return this.peeked;
  }

  protected next(): Token {
    const token = this.peek();
    this.peeked = null;
    return token;
  }

  /** The next start tag, end tag or run of text (character data, references and CDATA, with comments skipped). */
  private lex(): Token {
    const src = this.src;
    const start = this.pos;
    let text: string | undefined; // usually one piece; more only around comments and CDATA
    while (this.pos < src.length) {
      const lt = src.indexOf('<', this.pos);
      if (lt !== this.pos) {
        const end = lt === -1 ? src.length : lt;
        text = (text ?? '') + this.characterData(src.slice(this.pos, end), this.pos);
        this.pos = end;
      } else if (src[lt + 1] !== '!' && src[lt + 1] !== '?') {
        if (text !== undefined) break;
        return this.tag();
      } else if (src.startsWith('<!--', lt)) {
        this.pos = this.skipPast('-->', lt + 4, 'comment');
      } else if (src.startsWith('<![CDATA[', lt)) {
        const end = this.skipPast(']]>', lt + 9, 'CDATA section');
        text = (text ?? '') + normalizeLineEnds(src.slice(lt + 9, end - 3));
        this.pos = end;
      } else if (text !== undefined) {
        break;
      } else if (src[lt + 1] === '!') {
        // Security: no DTD means no entity definitions, so neither entity expansion ("billion
        // laughs") nor external entities (XXE: reading files or URLs) can happen.
        this.fail(
          src.startsWith('<!DOCTYPE', lt)
            ? 'a DOCTYPE is not allowed'
            : 'markup declarations (<!…>) are not allowed',
          lt,
        );
      } else {
        this.fail(
          'processing instructions are not allowed (an XML declaration may only open the document)',
          lt,
        );
      }
    }
    if (text !== undefined) return { kind: 'text', text, pos: start };
    return { kind: 'end of document', pos: this.pos };
  }

  private tag(): Token {
    const src = this.src;
    const pos = this.pos;
    const closing = src[pos + 1] === '/';
    const nameAt = pos + (closing ? 2 : 1);
    NAME.lastIndex = nameAt;
    if (!NAME.test(src))
      this.fail(nameAt >= src.length ? 'the document ends in the middle of a tag' : 'malformed tag', pos);
    let i = NAME.lastIndex;
    const name = src.slice(nameAt, i);
    if (!closing && src[i] !== '>') {
      for (ATTRIBUTE.lastIndex = i; ATTRIBUTE.test(src); ATTRIBUTE.lastIndex = i) i = ATTRIBUTE.lastIndex;
    }
    while (src[i] === ' ' || src[i] === '\n' || src[i] === '\t' || src[i] === '\r') i++;
    const selfClosing = !closing && src[i] === '/';
    if (selfClosing) i++;
    if (src[i] !== '>')
      this.fail(
        i >= src.length
          ? 'the document ends in the middle of a tag'
          : `malformed tag <${closing ? '/' : ''}${name}`,
        pos,
      );
    this.pos = i + 1;
    return closing ? { kind: 'end', name, pos } : { kind: 'start', name, selfClosing, pos };
  }

  private skipPast(terminator: string, from: number, what: string): number {
    const at = this.src.indexOf(terminator, from);
    if (at === -1) this.fail(`unterminated ${what}`, from);
    return at + terminator.length;
  }

  /** Character data with its references decoded: only XML's five predefined entities and &#…; are known. */
  private characterData(raw: string, pos: number): string {
    const text = normalizeLineEnds(raw);
    if (!text.includes('&')) return text;
    const parts: string[] = [];
    let i = 0;
    for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', i)) {
      parts.push(text.slice(i, amp));
      const semicolon = text.indexOf(';', amp);
      const reference = semicolon === -1 ? '' : text.slice(amp + 1, semicolon);
      if (!/^(?:#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][\w.-]{0,31})$/.test(reference))
        this.fail('"&" must be written as "&amp;"', pos + amp);
      parts.push(this.reference(reference, pos + amp));
      i = semicolon + 1;
    }
    parts.push(text.slice(i));
    return parts.join('');
  }

  private reference(reference: string, pos: number): string {
    if (!reference.startsWith('#')) {
      if (!Object.hasOwn(PREDEFINED_ENTITIES, reference)) {
        this.fail(
          `unknown entity &${reference}; (only &lt; &gt; &amp; &quot; &apos; and character references such as &#233; are allowed)`,
          pos,
        );
      }
      return PREDEFINED_ENTITIES[reference] ?? '';
    }
    const code = reference[1] === 'x' ? parseInt(reference.slice(2), 16) : parseInt(reference.slice(1), 10);
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!allowed) this.fail(`&${reference}; is not a character XML allows`, pos);
    return String.fromCodePoint(code);
  }
}

/** XML turns CR LF and lone CR into LF before anything else reads the text. */
function normalizeLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

export function describe(token: Token): string {
  if (token.kind === 'start') return `<${token.name}${token.selfClosing ? '/' : ''}>`;
  if (token.kind === 'end') return `</${token.name}>`;
  if (token.kind === 'text') return `text ${excerpt(token.text)}`;
  return 'the end of the document';
}

export function excerpt(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
