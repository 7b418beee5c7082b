/**
 * Graph objects → Quire's users and groups.
 *
 *   const user = graphUser(object, config.usernameFrom); // { externalId: object.id, username: 'alice', … }
 */
import type { DirectoryGroup, DirectoryUser } from '../directory.port.js';
import type { EntraSourceConfig } from './graph.config.js';
import type { GraphObject } from './graph.mirror.js';

export function graphUser(o: GraphObject, usernameFrom: EntraSourceConfig['usernameFrom']): DirectoryUser {
  const upn = text(o.userPrincipalName);
  const at = upn.lastIndexOf('@');
  const username =
    usernameFrom === 'upn-local-part' ? (at >= 0 ? upn.slice(0, at) : upn) : text(o.onPremisesSamAccountName);
  return {
    externalId: o.id,
    ref: o.id,
    username,
    fullName: text(o.displayName),
    email: text(o.mail),
    department: text(o.department),
    office: text(o.officeLocation),
    cardNumber: text(o.employeeId),
    cardNumber2: '',
    otherEmails: Array.isArray(o.otherMails)
      ? o.otherMails.filter((m): m is string => typeof m === 'string')
      : [],
    alias: '',
    home: '',
    pin: '',
    disabled: o.accountEnabled === false,
  };
}

export function graphGroup(o: GraphObject): DirectoryGroup {
  const members = Array.isArray(o.members) ? (o.members as { id?: unknown }[]) : [];
  return { ref: o.id, name: text(o.displayName), memberRefs: members.map((m) => String(m.id)) };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
