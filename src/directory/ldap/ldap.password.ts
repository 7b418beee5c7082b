/**
 * A directory user's own password change: a bind with the current password, then Active
 * Directory's unicodePwd delete/add or the Password Modify extended operation (RFC 3062) of other
 * servers, on that user's own connection. Refusals become PasswordChangeRefused with the reason
 * the directory gave, in words (ad.errors.ts).
 *
 *   await changeLdapPassword({ config, connector, findUser }, 'alice', current, next);
 */
import { Attribute, Change, ResultCodeError } from 'ldapts';
import { PasswordChangeRefused, SourceError } from '../../errors.js';
import {
  BIND_REFUSAL_TEXT,
  WRONG_CURRENT_PASSWORD,
  adBindRefusal,
  passwordChangeRefusal,
} from './ad.errors.js';
import { PASSWORD_MODIFY_OID, passwordModifyRequest } from './ber.js';
import type { LdapSourceConfig } from './ldap.config.js';
import { BindRefused, quietUnbind, type Connection, type Connector } from './ldap.connection.js';
import type { FoundUser } from './ldap.search.js';

export interface PasswordChangeDeps {
  config: LdapSourceConfig;
  connector: Connector;
  findUser(username: string): Promise<FoundUser | null>;
}

export async function changeLdapPassword(
  { config, connector, findUser }: PasswordChangeDeps,
  username: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const isAd = config.preset === 'active-directory';
  if (!config.allowPasswordChange)
    throw new PasswordChangeRefused(
      'Changing directory passwords through Quire is turned off for this directory.',
    );
  if (currentPassword === '' || username === '') throw new PasswordChangeRefused(WRONG_CURRENT_PASSWORD);
  if (newPassword === '') throw new PasswordChangeRefused('The new password may not be empty.');
  // Active Directory accepts unicodePwd only over an encrypted connection; asking over a
  // plain one would also put both passwords on the wire in clear.
  if (isAd && !config.startTls && !config.urls.every((url) => url.toLowerCase().startsWith('ldaps://'))) {
    throw new SourceError(
      'Active Directory accepts password changes only over an encrypted connection: use ldaps:// URLs or turn on StartTLS.',
    );
  }
  const found = await findUser(username);
  if (!found) throw new PasswordChangeRefused(WRONG_CURRENT_PASSWORD);
  let connection: Connection;
  try {
    connection = await connector.connect(found.dn, currentPassword);
  } catch (error) {
    if (!(error instanceof BindRefused)) throw error;
    if (error.cause.code === 49)
      throw new PasswordChangeRefused(BIND_REFUSAL_TEXT[adBindRefusal(error.cause.message)]);
    throw new PasswordChangeRefused(passwordChangeRefusal(error.cause.code, error.cause.message));
  }
  try {
    await writePassword(connection, found.dn, currentPassword, newPassword, isAd);
  } catch (error) {
    if (error instanceof ResultCodeError)
      throw new PasswordChangeRefused(passwordChangeRefusal(error.code, error.message));
    throw connector.sourceError(
      `Changing the password of "${found.username}" on ${connection.url} failed`,
      error,
    );
  } finally {
    await quietUnbind(connection.client);
  }
}

async function writePassword(
  connection: Connection,
  dn: string,
  currentPassword: string,
  newPassword: string,
  isAd: boolean,
): Promise<void> {
  if (!isAd) {
    await connection.client.exop(
      PASSWORD_MODIFY_OID,
      passwordModifyRequest(dn, currentPassword, newPassword),
    );
    return;
  }
  // A user's own change: delete the old value and add the new one, each the password in
  // double quotes as UTF-16LE. (A replace would be an administrator's reset.)
  const value = (password: string) => Buffer.from(`"${password}"`, 'utf16le');
  await connection.client.modify(dn, [
    new Change({
      operation: 'delete',
      modification: new Attribute({ type: 'unicodePwd', values: [value(currentPassword)] }),
    }),
    new Change({
      operation: 'add',
      modification: new Attribute({ type: 'unicodePwd', values: [value(newPassword)] }),
    }),
  ]);
}
