/**
 * Turns what a flow wants to say into a message in plain text and HTML, both carrying the
 * organisation's name, in the recipient's language: words given as LocalText are said in it.
 * The HTML is rendered by preact, so every value is escaped: a username or organisation name
 * cannot inject markup into a message.
 *
 *   const { text, html } = composeMail({ to, subject: localText('mail.reset.subject', { organization }), paragraphs: [...], link: { label: localText('mail.reset.link'), url } }, 'Acme', translatorFor('de'));
 */
import { renderToString } from 'preact-render-to-string';
import type { LocalText } from '../i18n/local-text.js';
import { english, type Translator } from '../i18n/translator.js';
import type { MailMessage } from './mailer.port.js';

/** Catalog words, or text as it is (an administrator's test message, a help text). */
export type MailWords = string | LocalText;

/** What a flow sends: paragraphs of plain text and at most one link (shown as a button in HTML). */
export interface MailContent {
  to: string;
  /** The recipient's stored language (users.language); null or left out: the organisation's default. */
  language?: string | null;
  subject: MailWords;
  paragraphs: MailWords[];
  link?: { label: MailWords; url: string };
}

export function composeMail(
  content: MailContent,
  organization: string,
  translator: Translator = english,
): MailMessage {
  const say = (words: MailWords) => (typeof words === 'string' ? words : words.in(translator)).trim();
  const subject = say(content.subject);
  const paragraphs = content.paragraphs.map(say);
  const link = content.link && { label: say(content.link.label), url: content.link.url };
  const textParts = [...paragraphs];
  if (link) textParts.push(`${link.label}:\n${link.url}`);
  textParts.push(`-- \n${organization}`);
  const html = renderToString(
    <html lang={translator.language}>
      <head>
        <meta charSet="utf-8" />
        <title>{subject}</title>
      </head>
      <body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a;">
        <p style="font-weight: bold; font-size: 1.1em;">{organization}</p>
        {paragraphs.map((paragraph) => (
          <p>{paragraph}</p>
        ))}
        {link && (
          <p>
            <a
              href={link.url}
              style="display: inline-block; padding: .5em 1em; background: #1a56db; color: #fff; text-decoration: none; border-radius: 4px;"
            >
              {link.label}
            </a>
          </p>
        )}
        {link && (
          <p style="font-size: .9em; color: #555;">
            {translator.t('mail.buttonFallback', { url: link.url })}
          </p>
        )}
        <hr />
        <p style="font-size: .9em; color: #555;">{organization}</p>
      </body>
    </html>,
  );
  return {
    to: content.to,
    subject,
    text: `${textParts.join('\n\n')}\n`,
    html: `<!DOCTYPE html>${html}`,
  };
}
