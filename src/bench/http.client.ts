/**
 * A minimal browser-like HTTP/1.1 client for the benchmark: keep-alive connections, a cookie jar,
 * and forms sent with this site's Origin and the `_csrf` field, as Quire's CSRF check expects.
 * Plain node:http rather than fetch so that the client costs as little CPU as possible on a
 * machine it shares with the server.
 *
 *   const browser = new BenchClient('http://127.0.0.1:9191', 8);
 *   await browser.get('/user/login');                 // sets quire_csrf, reads _csrf
 *   const res = await browser.postForm('/user/login', { username, password }, { keepCookies: false });
 *   res.status // 303
 */
import http from 'node:http';
import net from 'node:net';

export interface BenchResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export class BenchClient {
  readonly cookies = new Map<string, string>();
  /** The `_csrf` value of the last HTML page fetched. */
  csrf = '';
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(
    readonly origin: string,
    maxSockets: number,
  ) {
    this.url = new URL(origin);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  get(path: string, options: { keepCookies?: boolean } = {}): Promise<BenchResponse> {
    return this.request('GET', path, undefined, options.keepCookies ?? true);
  }

  /** POSTs a form with `_csrf` and an Origin header; `keepCookies: false` ignores Set-Cookie. */
  postForm(
    path: string,
    fields: Record<string, string>,
    options: { keepCookies?: boolean } = {},
  ): Promise<BenchResponse> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields }).toString();
    return this.request('POST', path, body, options.keepCookies ?? true);
  }

  close(): void {
    this.agent.destroy();
  }

  private request(
    method: string,
    path: string,
    body: string | undefined,
    keepCookies: boolean,
  ): Promise<BenchResponse> {
    const headers: http.OutgoingHttpHeaders = {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'user-agent': 'quire-bench',
    };
    if (body !== undefined) {
      headers.origin = this.origin;
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: this.url.hostname, port: this.url.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const response = {
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            };
            if (keepCookies) this.remember(response);
            resolve(response);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  private remember(response: BenchResponse): void {
    for (const line of response.headers['set-cookie'] ?? []) {
      const pair = line.split(';', 1)[0]!;
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /Expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match) this.csrf = match[1]!;
  }
}

/**
 * One keep-alive connection that POSTs forms and reads back only the status code: the load loop
 * for sign-ins. On a 2-core machine the client shares the CPU with the server it measures, and
 * node:http costs about three times as much CPU per request as this (0.06 against 0.02 cores at
 * 65 sign-ins/s), which would show up as a lower server throughput.
 *
 *   const connection = await RawFormConnection.open(browser); // reuses its cookies and _csrf
 *   await connection.post('/user/login', { username, password }) // 303
 */
export class RawFormConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve(status: number): void; reject(error: Error): void } | null = null;

  private constructor(
    private readonly socket: net.Socket,
    private readonly headers: string,
    private readonly csrf: string,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    const fail = (error: Error) => {
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the server closed the connection')));
  }

  static open(browser: BenchClient): Promise<RawFormConnection> {
    const url = new URL(browser.origin);
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = `Host: ${url.host}\r\nOrigin: ${browser.origin}\r\nCookie: ${cookie}\r\nUser-Agent: quire-bench\r\nContent-Type: application/x-www-form-urlencoded\r\n`;
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () =>
        resolve(new RawFormConnection(socket, headers, browser.csrf)),
      );
      socket.once('error', reject);
    });
  }

  /** Sends the form (with `_csrf`) and resolves with the response status once it is fully read. */
  post(path: string, fields: Record<string, string>): Promise<number> {
    if (this.waiting) throw new Error('one request at a time per connection');
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields }).toString();
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(
        `POST ${path} HTTP/1.1\r\n${this.headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = this.buffer.subarray(0, headEnd).toString('latin1');
    let end: number;
    if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const last = this.buffer.indexOf('\r\n0\r\n\r\n', headEnd);
      if (last < 0) return;
      end = last + 7;
    } else {
      end = headEnd + 4 + Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (this.buffer.length < end) return;
    }
    this.buffer = this.buffer.subarray(end);
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve(Number(head.slice(9, 12)));
  }
}
