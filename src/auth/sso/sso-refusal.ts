/**
 * How a single sign-on fails: an SsoSignInError carries the message a page shows and the reason
 * the audit log records; `refuse` records it (signin.failure) and throws it.
 *
 *   const refuse = createRefuse(audit);
 *   return refuse(provider, ip, new SsoSignInError(SSO_EXPIRED, 400, 'unknown-state'));
 */
import type { AuditService } from '../../audit/audit.service.js';
import type { IdentityProviderRow } from '../../db/schema.js';
import { localText, type LocalText } from '../../i18n/local-text.js';
import { SignInError } from '../auth.service.js';

export const SSO_EXPIRED = localText('sso.expired');
export const SSO_NO_SOURCE = localText('sso.noSource');

/**
 * A single sign-on that did not sign anyone in; `text` is what the page says (what the provider
 * said goes in as a value, untranslated), `reason` what the audit log records.
 */
export class SsoSignInError extends SignInError {
  constructor(
    text: LocalText,
    status: number,
    readonly reason: string,
  ) {
    super(text, status);
  }
}

/** Audits a refused sign-in as `who` ('-' when nobody is known yet), then throws `error`. */
export type Refuse = (
  provider: IdentityProviderRow,
  ip: string,
  error: SsoSignInError,
  who?: string,
  detail?: string,
) => Promise<never>;

export function createRefuse(audit: AuditService): Refuse {
  return async (provider, ip, error, who = '-', detail) => {
    await audit.record({
      actor: who || '-',
      action: 'signin.failure',
      target: who === '-' ? '' : who,
      ip,
      details: {
        via: provider.slug,
        reason: error.reason,
        ...(detail ? { detail: detail.slice(0, 300) } : {}),
      },
    });
    throw error;
  };
}
