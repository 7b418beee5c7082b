/**
 * The mail port: what a service needs to hand a finished message to a mail server. The SMTP
 * adapter (smtp.mailer.ts) implements it; the mail service builds one per send from the settings
 * in force, so a change on the Email page applies to the next message.
 *
 *   await mailer.send({ to: 'ada@example.org', subject: 'Test', text: 'Hello', html: '<p>Hello</p>' });
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Resolves once the server accepted the message; rejects with the server's reason otherwise. */
  send(message: MailMessage): Promise<void>;
}

/** none: plain SMTP (a local relay); starttls: upgrade required before AUTH/DATA; tls: TLS from the first byte (port 465). */
export const SMTP_SECURITY = ['none', 'starttls', 'tls'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

export const DEFAULT_SMTP_PORTS: Record<SmtpSecurity, number> = { none: 25, starttls: 587, tls: 465 };

/** Everything needed to reach a mail server and say who a message is from. */
export interface SmtpSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  /** Empty: no authentication. */
  user: string;
  password: string;
  /** The envelope and From address; the organisation's name is its display name. */
  from: string;
  fromName: string;
}

/** A plain address `local@domain`: no display name, spaces, angle brackets or line breaks (header injection). */
export function isMailAddress(text: string): boolean {
  return (
    text.length <= 254 &&
    /^[^\s@<>()",;:\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(
      text,
    )
  );
}

/** A host name or IP address as typed on the Email page or in QUIRE_SMTP_URL. */
export function isMailHost(text: string): boolean {
  return (
    text.length <= 253 &&
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/.test(
      text,
    )
  );
}
