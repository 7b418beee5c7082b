/**
 * A TCP proxy in front of an LDAP server that makes it hand out multi-valued attributes the way a
 * Windows domain controller does: at most MaxValRange values per response, as `member;range=0-1499`,
 * the client then asking for `member;range=1500-*` and so on until a range ends in `*`.
 *
 * Samba implements `;range=` when a client asks for it but never truncates by itself (an unranged
 * `member` always comes back whole, whatever lDAPAdminLimits says), so without this a test against
 * Samba cannot tell whether a client follows ranges. The proxy rewrites the requested attribute
 * names of plain-LDAP search requests (`member` → `member;range=0-<max-1>`, and clamps follow-up
 * ranges), and renames a complete `member;range=0-*` answer back to `member`, as Windows sends it.
 *
 *   const proxy = await startMaxValRangeProxy({ port: 389, maxValRange: 5, attributes: ['member'] });
 *   // point the client at proxy.url; afterwards proxy.stats.followUps > 0 if it followed ranges
 */
import net from 'node:net';

export interface MaxValRangeProxy {
  url: string;
  stats: {
    /** Search requests that named one of the attributes. */
    searches: number;
    /** Requests that asked for a range not starting at 0: the client followed a truncated answer. */
    followUps: number;
    /** Entries returned with a truncated range (`;range=a-b`, b not `*`). */
    truncated: number;
  };
  stop(): Promise<void>;
}

interface Tlv {
  tag: number;
  /** Offsets into the buffer: content from `start` to `end`; the whole element from `offset`. */
  offset: number;
  start: number;
  end: number;
}

export async function startMaxValRangeProxy(options: {
  host?: string;
  port: number;
  maxValRange: number;
  attributes: string[];
}): Promise<MaxValRangeProxy> {
  const names = new Set(options.attributes.map((a) => a.toLowerCase()));
  const max = options.maxValRange;
  const stats = { searches: 0, followUps: 0, truncated: 0 };
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect({ host: options.host ?? '127.0.0.1', port: options.port });
    sockets.add(client).add(upstream);
    // message id → attribute names the client asked for without a range
    const unranged = new Map<number, Set<string>>();

    pipeMessages(client, upstream, (message) => {
      const rewritten = rewriteSearchRequest(message, names, max, stats);
      if (!rewritten) return message;
      if (rewritten.unranged.size) unranged.set(rewritten.messageId, rewritten.unranged);
      return rewritten.message;
    });
    pipeMessages(upstream, client, (message) => rewriteSearchResponse(message, unranged, stats));

    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', closeBoth).on('error', closeBoth);
    upstream.on('close', closeBoth).on('error', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `ldap://127.0.0.1:${address.port}`,
    stats,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Forwards whole LDAP messages (BER elements), each through `transform`. */
function pipeMessages(from: net.Socket, to: net.Socket, transform: (message: Buffer) => Buffer): void {
  let pending: Buffer = Buffer.alloc(0);
  from.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      const tlv = readTlv(pending, 0);
      if (!tlv || tlv.end > pending.length) break;
      to.write(transform(pending.subarray(0, tlv.end)));
      pending = pending.subarray(tlv.end);
    }
  });
}

function rewriteSearchRequest(
  message: Buffer,
  names: Set<string>,
  max: number,
  stats: MaxValRangeProxy['stats'],
): { message: Buffer; messageId: number; unranged: Set<string> } | null {
  const [id, op, ...rest] = children(message, readTlv(message, 0)!);
  if (!id || !op || op.tag !== 0x63) return null; // SearchRequest
  const fields = children(message, op);
  const attributes = fields.at(-1);
  if (!attributes || attributes.tag !== 0x30 || fields.length !== 8) return null;
  const unranged = new Set<string>();
  let touched = false;
  const newAttributes = children(message, attributes).map((attribute) => {
    const requested = message.subarray(attribute.start, attribute.end).toString('utf8');
    const match = /^([^;]+)(?:;range=(\d+)-(\d+|\*))?$/i.exec(requested);
    const name = match?.[1]?.toLowerCase();
    if (!match || !name || !names.has(name)) return element(message, attribute);
    touched = true;
    const start = Number(match[2] ?? 0);
    if (match[2] === undefined) unranged.add(name);
    if (start > 0) stats.followUps++;
    const askedEnd = match[3] === undefined || match[3] === '*' ? Infinity : Number(match[3]);
    const end = Math.min(askedEnd, start + max - 1);
    return encode(0x04, Buffer.from(`${match[1]};range=${start}-${end}`));
  });
  if (!touched) return null;
  stats.searches++;
  const newOp = encode(
    op.tag,
    Buffer.concat([
      ...fields.slice(0, -1).map((f) => element(message, f)),
      encode(0x30, Buffer.concat(newAttributes)),
    ]),
  );
  return {
    message: encode(
      0x30,
      Buffer.concat([element(message, id), newOp, ...rest.map((r) => element(message, r))]),
    ),
    messageId: readInteger(message, id),
    unranged,
  };
}

function rewriteSearchResponse(
  message: Buffer,
  unranged: Map<number, Set<string>>,
  stats: MaxValRangeProxy['stats'],
): Buffer {
  const [id, op, ...rest] = children(message, readTlv(message, 0)!);
  if (!id || !op) return message;
  const messageId = readInteger(message, id);
  if (op.tag === 0x65) unranged.delete(messageId); // SearchResultDone
  if (op.tag !== 0x64) return message; // SearchResultEntry
  const [objectName, attributes] = children(message, op);
  if (!objectName || !attributes) return message;
  const asked = unranged.get(messageId);
  const newAttributes = children(message, attributes).map((partial) => {
    const [type, values] = children(message, partial);
    if (!type || !values) return element(message, partial);
    const name = message.subarray(type.start, type.end).toString('utf8');
    const match = /^([^;]+);range=(\d+)-(\d+|\*)$/i.exec(name);
    if (!match?.[1]) return element(message, partial);
    if (match[3] !== '*') stats.truncated++;
    // Windows answers an unranged request that fits with the plain attribute name.
    if (match[2] === '0' && match[3] === '*' && asked?.has(match[1].toLowerCase())) {
      return encode(
        partial.tag,
        Buffer.concat([encode(0x04, Buffer.from(match[1])), element(message, values)]),
      );
    }
    return element(message, partial);
  });
  const newOp = encode(
    op.tag,
    Buffer.concat([element(message, objectName), encode(attributes.tag, Buffer.concat(newAttributes))]),
  );
  return encode(0x30, Buffer.concat([element(message, id), newOp, ...rest.map((r) => element(message, r))]));
}

function readTlv(buffer: Buffer, offset: number): Tlv | null {
  if (buffer.length < offset + 2) return null;
  const tag = buffer[offset]!;
  const first = buffer[offset + 1]!;
  if (first < 0x80) return { tag, offset, start: offset + 2, end: offset + 2 + first };
  const count = first & 0x7f;
  if (buffer.length < offset + 2 + count) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + buffer[offset + 2 + i]!;
  const start = offset + 2 + count;
  return { tag, offset, start, end: start + length };
}

function children(buffer: Buffer, parent: Tlv): Tlv[] {
  const result: Tlv[] = [];
  for (let offset = parent.start; offset < parent.end;) {
    const tlv = readTlv(buffer, offset);
    if (!tlv) break;
    result.push(tlv);
    offset = tlv.end;
  }
  return result;
}

const element = (buffer: Buffer, tlv: Tlv) => buffer.subarray(tlv.offset, tlv.end);

function readInteger(buffer: Buffer, tlv: Tlv): number {
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) value = value * 256 + buffer[i]!;
  return value;
}

function encode(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const bytes: number[] = [];
    for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), content]);
}
