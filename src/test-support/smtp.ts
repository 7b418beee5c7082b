/**
 * A real SMTP server for tests (the smtp-server package) on a free loopback port. It keeps every
 * message it accepts, parsed with mailparser, so a test can read the subject, both bodies and
 * follow a link.
 *
 *   const smtp = await startSmtpServer({ auth: { user: 'quire', password: 'mail-secret' } });
 *   // … QUIRE_SMTP_URL=smtp://quire:mail-secret@127.0.0.1:${smtp.port}?security=none
 *   const message = await smtp.waitFor((m) => m.to.includes('ada@example.org'));
 *   smtp.refuse = true; // from now on every message is refused with 550
 *   const release = smtp.hold(); // messages wait at MAIL FROM until release()
 *   await smtp.stop();
 */
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A mail server that is set up but never answers (the discard port on loopback, refused at once),
 * for tests that need mail configured — self-registration, password reset — but read no message.
 */
export const UNREACHABLE_SMTP_URL = 'smtp://127.0.0.1:9?security=none';

/** The same, as the Email page's form (mail.update). */
export const UNREACHABLE_MAIL = {
  host: '127.0.0.1',
  port: '9',
  security: 'none',
  user: '',
  password: '',
  from: 'print@example.org',
} as const;

export interface ReceivedMail {
  /** Envelope sender and recipients, as the client gave them. */
  mailFrom: string;
  to: string[];
  /** The From header: display name and address. */
  from: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
}

export interface TestSmtpServer {
  host: string;
  port: number;
  messages: ReceivedMail[];
  /** While true, the server refuses every message (550), as a full or misconfigured server would. */
  refuse: boolean;
  /** Makes every message wait at MAIL FROM until the returned function is called. */
  hold(): () => void;
  /** Resolves with the first message (already received or yet to come) that matches. */
  waitFor(predicate: (message: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

function firstAddress(header: AddressObject | AddressObject[] | undefined): {
  name: string;
  address: string;
} {
  const value = [header ?? []].flat()[0]?.value[0];
  return { name: value?.name ?? '', address: value?.address ?? '' };
}

export async function startSmtpServer(
  options: { auth?: { user: string; password: string } } = {},
): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const state = { refuse: false, held: null as Promise<void> | null };
  const server = new SMTPServer({
    logger: false,
    // Plain SMTP on loopback: no STARTTLS is offered (the client would refuse our self-signed certificate).
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.password)
        return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onMailFrom(_address, _session, callback) {
      const answer = () => {
        if (state.held) return void state.held.then(answer);
        if (state.refuse)
          return callback(
            Object.assign(new Error('Mailbox unavailable: refused by the test server'), {
              responseCode: 550,
            }),
          );
        return callback();
      };
      answer();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            from: firstAddress(parsed.from),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    host: '127.0.0.1',
    port,
    messages,
    get refuse() {
      return state.refuse;
    },
    set refuse(value: boolean) {
      state.refuse = value;
    },
    hold() {
      let release = () => {};
      state.held = new Promise<void>((resolve) => {
        release = () => {
          state.held = null;
          resolve();
        };
      });
      return release;
    },
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
