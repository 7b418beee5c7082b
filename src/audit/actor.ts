/**
 * Who is acting, for the audit log and for authorization. Every transport (browser, REST,
 * XML-RPC, CLI) builds one and passes it to the services it calls.
 *
 *   await users.setDisabled('bob', true, { username: 'admin', ip: request.ip });
 */
export interface Actor {
  username: string;
  ip: string;
  /** The acting user's session, when acting through a browser (kept on password change). */
  sessionId?: string;
}
