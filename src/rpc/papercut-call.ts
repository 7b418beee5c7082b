/**
 * What every entry of PaperCut's method table (rpc/papercut-api.ts) shares: the call's context,
 * a method's shape, and the error for a call the table refuses.
 */
import type { Services } from '../app.js';
import { AppError } from '../errors.js';
import type { Actor } from '../audit/actor.js';
import type { XmlRpcValue } from './xmlrpc.codec.js';

/** `double` takes an XML-RPC <double> or <int> (Python sends 5 for 5.0 unless told otherwise). */
export type ParamType = 'string' | 'int' | 'double' | 'boolean' | 'array';

export interface Param {
  name: string;
  type: ParamType;
  optional?: boolean;
}

export interface ApiContext {
  services: Services;
  actor: Actor;
  /** Wait for a sync to finish and fail when a source failed (server-command), instead of starting it in the background (XML-RPC). */
  waitForTasks?: boolean;
  /** Called by `quire server-command` on the server itself, which may change what the web services may not. */
  local?: boolean;
  /** The configured public URL, which links in messages start with. */
  publicUrl: string;
  /** Called without a token (a `tokenOptional` method): answer only what any allowed address may know. */
  anonymous?: boolean;
}

export interface ApiMethod {
  name: string;
  params: Param[];
  /**
   * Also answered without the auth token (the address allow-list still applies): PaperCut's own
   * clients call these so. Given a token, the call is authenticated as any other.
   */
  tokenOptional?: boolean;
  run(context: ApiContext, args: XmlRpcValue[]): Promise<XmlRpcValue>;
}

/** A call the method table refuses: unknown method, property or key, wrong arguments. */
export class ApiCallError extends AppError {
  constructor(message: string) {
    super('api_call_invalid', 400, message);
  }
}
