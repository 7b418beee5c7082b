/**
 * Mail: which server to use, composing messages with the organisation's name, and delivery that
 * never breaks the caller. Configuration (QUIRE_SMTP_URL, QUIRE_MAIL_FROM) wins over the settings
 * saved on Admin Console → Options → Email, which live in the settings table (`mail.*` keys).
 *
 *   await mail.send({ to: user.email, subject: 'Your password was changed', paragraphs: ['…'] }); // false if not delivered
 *   await mail.sendTest('ada@example.org'); // throws MailError with the server's reason
 *   await mail.settle(); // on close: the sends still under way (flows start them without waiting) end
 */
import type { SmtpConfig } from '../config.js';
import { ConflictError, MailError, ValidationError } from '../errors.js';
import type { Clock } from '../ports.js';
import type { SettingsRepository } from '../settings/settings.repository.js';
import { negotiateLanguage } from '../i18n/negotiate.js';
import { translatorFor } from '../i18n/translator.js';
import { composeMail, type MailContent } from './mail.templates.js';
import {
  DEFAULT_SMTP_PORTS,
  isMailAddress,
  isMailHost,
  SMTP_SECURITY,
  type Mailer,
  type SmtpSecurity,
  type SmtpSettings,
} from './mailer.port.js';
import { createSmtpMailer } from './smtp.mailer.js';

export type { MailContent } from './mail.templates.js';

/** A structured log call (pino's argument order): `log({ subject, error }, 'mail delivery failed')`. */
export type MailLog = (details: Record<string, unknown>, message: string) => void;

export interface MailFailure {
  /** ISO time of the failure. */
  at: string;
  /** Why, as the mail server or network said it; never holds the SMTP password. */
  message: string;
}

/** The Email page's view: no password, only whether one is set. */
export interface MailSettingsView {
  host: string;
  /** null: the default port of the security mode. */
  port: number | null;
  security: SmtpSecurity;
  user: string;
  hasPassword: boolean;
  from: string;
  /** Parts set by configuration, which the page shows read-only. */
  configured: { server: boolean; from: boolean };
  lastFailure: MailFailure | null;
}

/** The Email page's form, as typed. `password` empty keeps the saved one. */
export interface MailSettingsInput {
  host: string;
  port: string;
  security: string;
  user: string;
  password: string;
  from: string;
}

export interface MailServiceDeps {
  settings: SettingsRepository;
  /** The organisation's name, shown as the sender's name and in every message. */
  organization(): Promise<string>;
  /** The language of mail to a user who chose none (Options); English when left out. */
  defaultLanguage?(): Promise<string>;
  config: { smtp: SmtpConfig | null; mailFrom: string | null };
  clock: Clock;
  log: MailLog;
  /** Used when neither configuration nor the page names a From address. */
  fallbackFrom: string;
  mailerFor?: (settings: SmtpSettings) => Mailer;
}

const KEYS = {
  host: 'mail.host',
  port: 'mail.port',
  security: 'mail.security',
  user: 'mail.user',
  // Stored as given: SMTP AUTH needs the password itself, so it cannot be hashed. It never leaves
  // this module except to the mail server.
  password: 'mail.password',
  from: 'mail.from',
  lastFailure: 'mail.lastFailure',
} as const;

type Stored = {
  host: string;
  port: number | null;
  security: SmtpSecurity;
  user: string;
  password: string;
  from: string;
};

const MAX_FAILURE_LENGTH = 500;

export function createMailService(deps: MailServiceDeps) {
  const { settings, config, clock, log } = deps;
  const mailerFor = deps.mailerFor ?? createSmtpMailer;
  /** Sends under way: flows start a notice without waiting, and closing waits for them. */
  const underWay = new Set<Promise<boolean>>();

  async function readJson<T>(key: string, fallback: T): Promise<T> {
    const raw = await settings.get(key);
    return raw === undefined ? fallback : (JSON.parse(raw) as T);
  }

  async function readStored(): Promise<Stored> {
    const security = await readJson<string>(KEYS.security, 'starttls');
    return {
      host: await readJson(KEYS.host, ''),
      port: await readJson<number | null>(KEYS.port, null),
      security: (SMTP_SECURITY as readonly string[]).includes(security)
        ? (security as SmtpSecurity)
        : 'starttls',
      user: await readJson(KEYS.user, ''),
      password: await readJson(KEYS.password, ''),
      from: await readJson(KEYS.from, ''),
    };
  }

  /** The settings in force, or null when no mail server is set up. */
  async function resolve(): Promise<SmtpSettings | null> {
    const stored = await readStored();
    // Field by field, not a spread: the configured password is deliberately non-enumerable.
    const server = config.smtp
      ? {
          host: config.smtp.host,
          port: config.smtp.port,
          security: config.smtp.security,
          user: config.smtp.user,
          password: config.smtp.password,
        }
      : stored.host
        ? {
            host: stored.host,
            port: stored.port ?? DEFAULT_SMTP_PORTS[stored.security],
            security: stored.security,
            user: stored.user,
            password: stored.password,
          }
        : null;
    if (!server) return null;
    return {
      ...server,
      from: config.mailFrom ?? (stored.from || deps.fallbackFrom),
      fromName: await deps.organization(),
    };
  }

  /** The reason as one line, without the password (a server may echo what it was sent). */
  function describe(error: unknown, password: string): string {
    let message = error instanceof Error ? error.message : String(error);
    if (password) message = message.split(password).join('***');
    message = message.replace(/\s+/g, ' ').trim();
    return message.length > MAX_FAILURE_LENGTH
      ? `${message.slice(0, MAX_FAILURE_LENGTH - 1)}…`
      : message || 'Unknown error';
  }

  async function deliver(content: MailContent): Promise<void> {
    const smtp = await resolve();
    if (!smtp)
      throw new MailError(
        'No mail server is set up. Enter one under Admin Console → Options → Email, or set QUIRE_SMTP_URL.',
      );
    try {
      const language = negotiateLanguage({
        stored: content.language,
        organisationDefault: await deps.defaultLanguage?.(),
      });
      await mailerFor(smtp).send(composeMail(content, smtp.fromName, translatorFor(language)));
    } catch (error) {
      throw new MailError(
        `Could not send through the mail server ${smtp.host}:${smtp.port}: ${describe(error, smtp.password)}`,
      );
    }
  }

  /** Delivers, or logs and keeps the failure for the Email page; never throws. */
  async function sendNow(content: MailContent): Promise<boolean> {
    try {
      await deliver(content);
      return true;
    } catch (error) {
      const message = error instanceof MailError ? error.message : describe(error, '');
      try {
        log({ subject: String(content.subject), error: message }, 'mail delivery failed');
        await settings.set(
          KEYS.lastFailure,
          JSON.stringify({ at: clock.now().toISOString(), message } satisfies MailFailure),
        );
      } catch {
        // Recording is best effort too: the caller's request goes on.
      }
      return false;
    }
  }

  return {
    /**
     * Whether a mail server is set up (by configuration or on the Email page). Flows that only work
     * through an emailed link — password reset, self-registration — are offered only then.
     */
    async isConfigured(): Promise<boolean> {
      return config.smtp !== null || (await readJson(KEYS.host, '')) !== '';
    },

    async view(): Promise<MailSettingsView> {
      const stored = await readStored();
      const smtp = config.smtp;
      return {
        ...(smtp
          ? {
              host: smtp.host,
              port: smtp.port,
              security: smtp.security,
              user: smtp.user,
              hasPassword: smtp.password !== '',
            }
          : {
              host: stored.host,
              port: stored.port,
              security: stored.security,
              user: stored.user,
              hasPassword: stored.password !== '',
            }),
        from: config.mailFrom ?? stored.from,
        configured: { server: smtp !== null, from: config.mailFrom !== null },
        lastFailure: await readJson<MailFailure | null>(KEYS.lastFailure, null),
      };
    },

    /**
     * Validates and saves the Email page. An empty host turns mail off. Returns the names of the
     * fields that changed (for the audit log; a password change is named, never shown).
     */
    async update(input: MailSettingsInput): Promise<string[]> {
      if (config.smtp)
        throw new ConflictError(
          'The mail server is set by QUIRE_SMTP_URL in the configuration, so it cannot be changed here.',
        );
      const fields: Record<string, string> = {};
      const host = input.host.trim();
      if (host !== '' && !isMailHost(host))
        fields.host = 'Enter a host name such as smtp.example.org, or an IP address.';
      const security = input.security as SmtpSecurity;
      if (!(SMTP_SECURITY as readonly string[]).includes(security))
        fields.security = 'Choose None, STARTTLS or TLS.';
      const portText = input.port.trim();
      const port = portText === '' ? null : /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
      if (port !== null && !(Number.isInteger(port) && port >= 1 && port <= 65535))
        fields.port = 'Enter a port from 1 to 65535, or leave it empty for the default.';
      const user = input.user.trim();
      // No control characters: they would end the SMTP command line.
      if (user.length > 254 || /[\p{Cc}]/u.test(user))
        fields.user = 'Enter a user name of at most 254 characters, on one line.';
      if (input.password.length > 1000 || /[\r\n]/.test(input.password))
        fields.password = 'Enter a password of at most 1,000 characters, on one line.';
      const from = input.from.trim();
      if (!config.mailFrom) {
        if (from !== '' && !isMailAddress(from))
          fields.from = 'Enter an address such as print@example.org (without a name).';
        else if (from === '' && host !== '')
          fields.from = 'Enter the address messages are sent from, such as print@example.org.';
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);

      const before = await readStored();
      // Without a user there is no authentication, so no password to keep.
      const password = user === '' ? '' : input.password === '' ? before.password : input.password;
      const next: Stored = {
        host,
        port,
        security,
        user,
        password,
        from: config.mailFrom ? before.from : from,
      };
      const changed = (Object.keys(next) as (keyof Stored)[]).filter((key) => next[key] !== before[key]);
      for (const key of changed) await settings.set(KEYS[key], JSON.stringify(next[key]));
      return changed;
    },

    /**
     * Sends a message for a flow (password reset, notices). Never throws: a mail server that is down
     * must not break the page that asked. The failure is logged and kept for the Email page.
     * Resolves true when the server accepted the message.
     */
    send(content: MailContent): Promise<boolean> {
      const sending = sendNow(content).finally(() => underWay.delete(sending));
      underWay.add(sending);
      return sending;
    },

    /**
     * Waits for the sends under way (at most `timeoutMs`), so that closing the database does not
     * cut off a failure being recorded. A send never rejects.
     */
    async settle(timeoutMs = 10_000): Promise<void> {
      if (underWay.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((done) => {
        timer = setTimeout(done, timeoutMs);
        timer.unref();
      });
      await Promise.race([Promise.all(underWay), late]);
      clearTimeout(timer);
    },

    /** Sends a test message; a failure is thrown (MailError) for the administrator to read. */
    async sendTest(to: string): Promise<void> {
      const address = to.trim();
      if (!isMailAddress(address))
        throw new ValidationError({ to: 'Enter an address such as ada@example.org.' });
      await deliver({
        to: address,
        subject: `Test email from ${await deps.organization()}`,
        paragraphs: [
          'This is a test email sent from the Admin Console (Options → Email).',
          'If you can read it, the mail settings work.',
        ],
      });
    },
  };
}

export type MailService = ReturnType<typeof createMailService>;
