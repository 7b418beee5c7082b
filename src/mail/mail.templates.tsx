/**
 * Turns what a flow wants to say into a message in plain text and HTML, both carrying the
 * organisation's name. The HTML is rendered by preact, so every value is escaped: a username or
 * organisation name cannot inject markup into a message.
 *
 *   const { text, html } = composeMail({ to, subject: 'Reset your password', paragraphs: ['…'], link: { label: 'Choose a new password', url } }, 'Acme');
 */
import { renderToString } from 'preact-render-to-string';
import type { MailMessage } from './mailer.port.js';

/** What a flow sends: paragraphs of plain text and at most one link (shown as a button in HTML). */
export interface MailContent {
  to: string;
  subject: string;
  paragraphs: string[];
  link?: { label: string; url: string };
}

export function composeMail(content: MailContent, organization: string): MailMessage {
  const textParts = [...content.paragraphs];
  if (content.link) textParts.push(`${content.link.label}:\n${content.link.url}`);
  textParts.push(`-- \n${organization}`);
  const html = renderToString(
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <title>{content.subject}</title>
      </head>
      <body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a;">
        <p style="font-weight: bold; font-size: 1.1em;">{organization}</p>
        {content.paragraphs.map((paragraph) => (
          <p>{paragraph}</p>
        ))}
        {content.link && (
          <p>
            <a
              href={content.link.url}
              style="display: inline-block; padding: .5em 1em; background: #1a56db; color: #fff; text-decoration: none; border-radius: 4px;"
            >
              {content.link.label}
            </a>
          </p>
        )}
        {content.link && (
          <p style="font-size: .9em; color: #555;">
            If the button does not work, copy this address into your browser: {content.link.url}
          </p>
        )}
        <hr />
        <p style="font-size: .9em; color: #555;">{organization}</p>
      </body>
    </html>,
  );
  return {
    to: content.to,
    subject: content.subject,
    text: `${textParts.join('\n\n')}\n`,
    html: `<!DOCTYPE html>${html}`,
  };
}
