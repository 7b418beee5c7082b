/**
 * The SMTP adapter of the mail port, over nodemailer. One connection per message: mail is rare
 * (password resets, notices) and the settings may have changed since the last one.
 *
 *   const mailer = createSmtpMailer({ host: 'smtp.example.org', port: 587, security: 'starttls', user, password, from, fromName });
 *   await mailer.send({ to, subject, text, html });
 */
import type { Mailer, SmtpSettings } from './mailer.port.js';

/**
 * Short timeouts: a flow waits for the server, and a black-holed host must not hold a request for
 * nodemailer's default two minutes.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function createSmtpMailer(settings: SmtpSettings): Mailer {
  return {
    async send(message) {
      // Loaded on first use: mail is rare, and a CLI command or a server without mail never needs it.
      const { default: nodemailer } = await import('nodemailer');
      const transport = nodemailer.createTransport({
        host: settings.host,
        port: settings.port,
        secure: settings.security === 'tls',
        // STARTTLS is required when chosen, so a server (or someone in between) that stops offering it
        // cannot make us send the password in clear; "none" never upgrades, for plain local relays.
        requireTLS: settings.security === 'starttls',
        ignoreTLS: settings.security === 'none',
        auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
        ...TIMEOUTS,
      });
      try {
        await transport.sendMail({ from: { name: settings.fromName, address: settings.from }, ...message });
      } finally {
        transport.close();
      }
    },
  };
}
