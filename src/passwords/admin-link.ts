/**
 * The links an administrator sends from the Admin Console: "Send password reset email" on an
 * internal user's page, and the log-in link of a new user. Who can get one, how long it works, and
 * what the message says (in the recipient's language).
 *
 *   adminLinkProblem({ internal: true, email: '', disabled: false }, true); // 'admin.userMail.noEmail'
 *   const { minutes, content } = adminLinkMail('welcome');
 */
import type { AdminMessageKey } from '../i18n/admin-translator.js';
import { localText, type LocalText } from '../i18n/local-text.js';

/** `reset`: choose a new password; `welcome`: a new user chooses their first one. */
export type AdminLinkPurpose = 'reset' | 'welcome';

/** How long a reset link works, whether the user or an administrator asked for it. */
export const RESET_LINK_MINUTES = 60;
/** A new account's link works for a week: its owner may not read mail on the day it is made. */
export const WELCOME_LINK_DAYS = 7;

/** The people an administrator's link can reach, as the Details tab knows them. */
export interface LinkRecipient {
  internal: boolean;
  email: string;
  disabled: boolean;
}

/**
 * Why no link can be sent to this user, as an Admin Console message key; null when one can. A
 * standard user's password lives in their directory, a disabled user's link would not work, and
 * without a mail server or an address there is nowhere to send it.
 */
export function adminLinkProblem(user: LinkRecipient, mailConfigured: boolean): AdminMessageKey | null {
  if (!user.internal) return 'admin.userMail.notInternal';
  if (!mailConfigured) return 'admin.userMail.noMailServer';
  if (user.email.trim() === '') return 'admin.userMail.noEmail';
  if (user.disabled) return 'admin.userMail.disabled';
  return null;
}

interface LinkMail {
  minutes: number;
  content: (about: { organization: string; username: string }) => {
    subject: LocalText;
    paragraphs: LocalText[];
    link: { label: LocalText };
  };
}

const MAILS: ReadonlyMap<AdminLinkPurpose, LinkMail> = new Map<AdminLinkPurpose, LinkMail>([
  [
    'reset',
    {
      minutes: RESET_LINK_MINUTES,
      content: (about) => ({
        subject: localText('mail.reset.subject', about),
        paragraphs: [
          localText('mail.adminReset.body', { ...about, minutes: RESET_LINK_MINUTES }),
          localText('mail.reset.ignore'),
        ],
        link: { label: localText('mail.reset.link') },
      }),
    },
  ],
  [
    'welcome',
    {
      minutes: WELCOME_LINK_DAYS * 24 * 60,
      content: (about) => ({
        subject: localText('mail.invite.subject', about),
        paragraphs: [localText('mail.invite.body', { ...about, days: WELCOME_LINK_DAYS })],
        link: { label: localText('mail.invite.link') },
      }),
    },
  ],
]);

export function adminLinkMail(purpose: AdminLinkPurpose): LinkMail {
  const mail = MAILS.get(purpose);
  if (!mail) throw new Error(`Unknown link purpose: ${purpose}`);
  return mail;
}
