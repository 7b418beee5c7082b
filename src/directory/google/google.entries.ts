/**
 * Directory API objects → Quire's users. Users are identified by Google's immutable user id, so a
 * renamed account stays the same Quire user.
 *
 *   const user = googleUser(apiUser); // { externalId: '1034…', username: 'alice', email: 'alice@example.org', … }
 */
import type { DirectoryUser } from '../directory.port.js';

/** The fields of a Directory API user that Quire reads (projection=full). */
export interface GoogleUser {
  id?: string;
  primaryEmail?: string;
  name?: { fullName?: string; givenName?: string; familyName?: string };
  emails?: { address?: string; primary?: boolean }[];
  organizations?: { primary?: boolean; department?: string; location?: string }[];
  locations?: { buildingId?: string }[];
  externalIds?: { type?: string; value?: string }[];
  suspended?: boolean;
  archived?: boolean;
}

export interface GoogleGroup {
  id?: string;
  email?: string;
  name?: string;
}

export interface GoogleMember {
  id?: string;
  email?: string;
  type?: string;
}

export function googleUser(u: GoogleUser): DirectoryUser {
  const email = u.primaryEmail ?? '';
  const orgs = u.organizations ?? [];
  const org = orgs.find((o) => o.primary) ?? orgs[0];
  const username = email.split('@')[0]!;
  return {
    externalId: u.id ?? '',
    ref: u.id ?? '',
    username,
    fullName: u.name?.fullName ?? [u.name?.givenName, u.name?.familyName].filter(Boolean).join(' '),
    email,
    department: org?.department ?? '',
    office: u.locations?.[0]?.buildingId || org?.location || '',
    cardNumber: u.externalIds?.find((e) => e.type === 'organization')?.value ?? '',
    cardNumber2: '',
    otherEmails: (u.emails ?? [])
      .map((e) => e.address ?? '')
      .filter((a) => a !== '' && a.toLowerCase() !== email.toLowerCase()),
    alias: '',
    home: '',
    pin: '',
    disabled: u.suspended === true || u.archived === true,
  };
}
