/**
 * An internal user changes their own email address under Change Details. The current password is
 * asked first; the new address must then be confirmed through a link sent to it (valid 24 hours,
 * single use, only its SHA-256 stored, a newer request replaces it); when the change is made, the
 * old address is told. Standard users' addresses belong to their directory source.
 *
 *   await emailChange.request(user, { newEmail, currentPassword }, actor); // sends the link
 *   await emailChange.peek(token);                                         // the confirm page's GET
 *   await emailChange.confirm(token, ip);                                  // 'changed' | 'invalid'
 */
import type { AuditService } from '../audit/audit.service.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import type { PasswordResetRepository } from '../passwords/password-reset.repository.js';
import type { UserRow } from '../db/schema.js';
import { AppError, ForbiddenError, TooManyAttemptsError, ValidationError } from '../errors.js';
import { localText, type Problem } from '../i18n/local-text.js';
import type { ThrottleService } from '../auth/throttle.service.js';
import type { MailService } from '../mail/mail.service.js';
import { sha256, type Clock, type Random } from '../ports.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { EmailChangeRepository, PendingEmailChange } from './email-change.repository.js';
import type { UsersRepository } from './users.repository.js';
import type { Actor } from '../audit/actor.js';
import { cleanDetails, detailsToRow } from './user-details.js';

const TOKEN_BYTES = 32;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
export const EMAIL_LINK_HOURS = 24;
/** Verification messages a user may have sent per hour: the form must not become a way to mail strangers. */
export const EMAIL_CHANGES_PER_HOUR = 5;
const HOUR_MS = 3_600_000;

export class EmailChangeLimited extends AppError {
  constructor() {
    super(
      'rate_limited',
      429,
      `You asked to change your email address ${EMAIL_CHANGES_PER_HOUR} times in the last hour. Please try again later.`,
    );
  }
}

export function createEmailChangeService(deps: {
  changes: EmailChangeRepository;
  /** The request counter the reset links use, here keyed `email-change:<user id>`. */
  counter: Pick<PasswordResetRepository, 'countAndRecord'>;
  users: UsersRepository;
  /** Sign-in throttling: a wrong current password here counts like a failed sign-in. */
  throttle: Pick<ThrottleService, 'begin'>;
  settings: Pick<SettingsService, 'get'>;
  mail: Pick<MailService, 'send'>;
  audit: AuditService;
  hasher: PasswordHasher;
  clock: Clock;
  random: Random;
  publicUrl: string;
}) {
  const { changes, counter, users, throttle, settings, mail, audit, hasher, clock, random } = deps;

  /** The link's change, if the token is well formed, valid, and its user still an enabled internal user. */
  async function lookUp(token: string): Promise<{ change: PendingEmailChange; user: UserRow } | undefined> {
    if (!TOKEN_FORMAT.test(token)) return undefined;
    const change = await changes.peek(sha256(token), clock.now().toISOString());
    const user = change && (await users.findById(change.userId));
    return change && user && user.source_id === null && !user.disabled ? { change, user } : undefined;
  }

  return {
    pendingFor: (user: UserRow) => changes.pendingFor(user.id, clock.now().toISOString()),

    async request(
      user: UserRow,
      input: { newEmail: string; currentPassword: string },
      actor: Actor,
    ): Promise<{ newEmail: string }> {
      if (user.source_id !== null || user.password_hash === null)
        throw new ForbiddenError("Your email address is managed by your organisation's directory.");
      const fields: Record<string, Problem> = {};
      const newEmail = cleanDetails({ email: input.newEmail }, fields).email ?? '';
      if (!fields.email && newEmail === '') fields.email = localText('problem.email.enterNew');
      else if (!fields.email && newEmail.toLowerCase() === user.email.toLowerCase())
        fields.email = localText('problem.email.same');
      // Someone at an unattended browser must not get unlimited guesses at the password here.
      // Counted before the check so that parallel guesses cannot all slip under the limit.
      const started = await throttle.begin(actor.ip, user.username);
      if ('retryAfter' in started) throw new TooManyAttemptsError(started.retryAfter);
      if (!(await hasher.verify(user.password_hash, input.currentPassword)))
        fields.emailCurrentPassword = localText('problem.password.currentWrong');
      else await started.attempt.notCounted();
      if (Object.keys(fields).length > 0) {
        if (fields.emailCurrentPassword) {
          await audit.record({
            actor: user.username,
            action: 'user.email.change.failure',
            target: user.username,
            ip: actor.ip,
          });
        }
        throw new ValidationError(fields);
      }
      const now = clock.now();
      const key = `email-change:${user.id}`;
      const counts = await counter.countAndRecord(
        [key],
        new Date(now.getTime() - HOUR_MS).toISOString(),
        now.toISOString(),
      );
      if ((counts.get(key) ?? 0) >= EMAIL_CHANGES_PER_HOUR) throw new EmailChangeLimited();

      const token = random.token(TOKEN_BYTES);
      await changes.replaceForUser(user.id, {
        tokenHash: sha256(token),
        newEmail,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + EMAIL_LINK_HOURS * HOUR_MS).toISOString(),
      });
      await changes.purge(now.toISOString());
      const { organizationName } = await settings.get();
      const about = { organization: organizationName, username: user.username };
      void mail.send({
        to: newEmail,
        language: user.language,
        subject: localText('mail.emailChange.subject', about),
        paragraphs: [
          localText('mail.emailChange.body', { ...about, hours: EMAIL_LINK_HOURS }),
          localText('mail.emailChange.ignore'),
        ],
        link: {
          label: localText('mail.emailChange.link'),
          url: `${deps.publicUrl}/user/confirm-email/${token}`,
        },
      });
      await audit.record({
        actor: user.username,
        action: 'user.email.change_requested',
        target: user.username,
        ip: actor.ip,
        details: { newEmail },
      });
      return { newEmail };
    },

    /** The new address a link would set, for the confirm page; undefined when the link cannot be used. */
    async peek(token: string): Promise<{ username: string; newEmail: string } | undefined> {
      const found = await lookUp(token);
      return found && { username: found.user.username, newEmail: found.change.newEmail };
    },

    /** Makes the change a link stands for and tells the old address. */
    async confirm(token: string, ip: string): Promise<'changed' | 'invalid'> {
      const found = await lookUp(token);
      if (!found) return 'invalid';
      const { user } = found;
      const taken = await changes.take(sha256(token), clock.now().toISOString());
      if (!taken || taken.userId !== user.id) return 'invalid';
      await users.update(user.id, {
        ...detailsToRow({ email: taken.newEmail }),
        updated_at: clock.now().toISOString(),
      });
      await audit.record({
        actor: user.username,
        action: 'user.email.change',
        target: user.username,
        ip,
        details: { from: user.email, to: taken.newEmail },
      });
      const { organizationName, passwordHelpText } = await settings.get();
      if (user.email !== '') {
        const about = { organization: organizationName, username: user.username };
        void mail.send({
          to: user.email,
          language: user.language,
          subject: localText('mail.emailChanged.subject', about),
          paragraphs: [
            localText('mail.emailChanged.body', { ...about, newEmail: taken.newEmail }),
            localText('mail.notYou', { help: passwordHelpText }),
          ],
        });
      }
      return 'changed';
    },

    cancel: async (user: UserRow, actor: Actor) => {
      await changes.cancelForUser(user.id);
      await audit.record({
        actor: user.username,
        action: 'user.email.change_cancelled',
        target: user.username,
        ip: actor.ip,
      });
    },
  };
}

export type EmailChangeService = ReturnType<typeof createEmailChangeService>;
