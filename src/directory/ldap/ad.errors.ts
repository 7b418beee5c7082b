/**
 * Reading why a directory refused something. Active Directory answers a refused bind with LDAP
 * result 49 and a diagnostic message whose `data` field is the Windows error code:
 *
 *   80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v4563
 *   adBindRefusal(message); // 'locked'
 *
 * OpenLDAP and eDirectory give no such detail: every refused bind is 'invalid'.
 */
import { localText, type LocalText } from '../../i18n/local-text.js';
import type { SignInRefusal } from '../directory.port.js';

const AD_BIND_DATA: Record<string, SignInRefusal> = {
  '52e': 'invalid', // wrong password
  '525': 'invalid', // no such user
  '530': 'invalid', // not permitted to sign in at this time
  '531': 'invalid', // not permitted to sign in at this workstation
  '533': 'disabled',
  '775': 'locked',
  '532': 'password-expired',
  '701': 'account-expired',
  '773': 'must-change-password',
};

export function adBindRefusal(diagnosticMessage: string): SignInRefusal {
  const code = /\bdata ([0-9a-f]+)\b/i.exec(diagnosticMessage)?.[1]?.toLowerCase() ?? '';
  return AD_BIND_DATA[code] ?? 'invalid';
}

// Refusals are LocalText: the user's page says them in its language, String() in English.
export const POLICY_REFUSAL = localText('problem.directory.policy');
export const WRONG_CURRENT_PASSWORD = localText('problem.password.currentWrong');
export const NOT_ALLOWED = localText('problem.directory.notAllowed');

/** What to tell a user whose current password the directory would not accept for a change. */
export const BIND_REFUSAL_TEXT: Record<SignInRefusal, LocalText> = {
  invalid: WRONG_CURRENT_PASSWORD,
  disabled: localText('problem.directory.disabled'),
  locked: localText('problem.directory.locked'),
  'password-expired': localText('problem.directory.passwordExpired'),
  'account-expired': localText('problem.directory.accountExpired'),
  'must-change-password': localText('problem.directory.mustChangePassword'),
};

/**
 * The readable reason for a refused password change, from the LDAP result code and the
 * directory's diagnostic message (AD: `0000052D` is a policy failure, `00000056` a wrong current
 * password; OpenLDAP ppolicy: "Password fails quality checking policy", "…in history…").
 * The diagnostic text itself is not passed on: it is meant for administrators.
 */
export function passwordChangeRefusal(code: number, diagnosticMessage: string): LocalText {
  if (
    /\b0000052D\b|check_password_restrictions|quality|polic|history|too (short|young)/i.test(
      diagnosticMessage,
    )
  )
    return POLICY_REFUSAL;
  if (/\b00000056\b/.test(diagnosticMessage) || code === 49) return WRONG_CURRENT_PASSWORD;
  // OpenLDAP's answer when the user may not read (compare) their own password. The current
  // password was just proven by binding with it, so this is a matter of rights.
  if (/verify old password/i.test(diagnosticMessage)) return NOT_ALLOWED;
  switch (code) {
    case 19:
      return POLICY_REFUSAL;
    case 50:
      return NOT_ALLOWED;
    case 8:
    case 13:
      return localText('problem.directory.encryptionRequired');
    default:
      // A string: a number would be grouped like an amount.
      return localText('problem.directory.refused', { code: String(code) });
  }
}
