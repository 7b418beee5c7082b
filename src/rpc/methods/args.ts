/**
 * What every area's method file of PaperCut's table uses: parameter declarations and readers of
 * the (already type-checked, see checkArguments) XML-RPC arguments.
 *
 *   { name: 'api.getGroupMembers', params: [str('groupName'), int('offset'), int('limit')], … }
 */
import { ApiCallError, type Param } from '../papercut-call.js';
import type { XmlRpcValue } from '../xmlrpc.codec.js';

/** PaperCut caps list calls at 1000 names per call. */
const MAX_LIST = 1000;

export const str = (name: string, optional = false): Param => ({ name, type: 'string', optional });
export const int = (name: string): Param => ({ name, type: 'int' });
export const bool = (name: string, optional = false): Param => ({ name, type: 'boolean', optional });

export const s = (value: XmlRpcValue | undefined): string => (typeof value === 'string' ? value : '');
export const n = (value: XmlRpcValue | undefined): number => (typeof value === 'number' ? value : 0);
export const b = (value: XmlRpcValue | undefined): boolean => value === true;

export function listLimit(limit: number): number {
  if (limit < 0) throw new ApiCallError('The limit may not be negative.');
  return Math.min(limit, MAX_LIST);
}
