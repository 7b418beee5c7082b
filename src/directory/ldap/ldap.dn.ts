/**
 * DN normalization, so that an entry's DN and the member values that point at it compare equal
 * however the server printed them: attribute types and values lower-cased, no spaces around ','
 * '+' and '=', escapes decoded and re-escaped one way (`\2C` and `\,` both become `\,`), and the
 * parts of a multi-valued RDN sorted.
 *
 *   normalizeDn('CN=Smith\\2C John , OU=Staff,DC=Example,DC=org'); // 'cn=smith\\, john,ou=staff,dc=example,dc=org'
 */
export function normalizeDn(dn: string): string {
  // The common case, and the hot one in a sync (one call per user and per member value): nothing
  // escaped, quoted or multi-valued and no space around a separator, so lower-casing is all it takes.
  if (!NEEDS_PARSING.test(dn)) return dn.toLowerCase();
  const rdns = dn.includes('\\') || dn.includes('"') ? parseEscaped(dn) : parsePlain(dn);
  if (!rdns) return dn.trim().toLowerCase();
  return rdns
    .map((avas) =>
      avas
        .map(([type, value]) => `${type}=${escapeValue(value)}`)
        .sort()
        .join('+'),
    )
    .join(',');
}

const NEEDS_PARSING = /[\\"+;#<>\0]| [,=]|[,=] |^ | $/;

type Rdn = Array<[type: string, value: string]>;

/** The common case: no escapes or quotes, so separators are literal. */
function parsePlain(dn: string): Rdn[] | null {
  const rdns: Rdn[] = [];
  for (const rdn of dn.split(/[,;]/)) {
    const avas: Rdn = [];
    for (const ava of rdn.split('+')) {
      const eq = ava.indexOf('=');
      if (eq < 0) return null;
      avas.push([
        ava.slice(0, eq).trim().toLowerCase(),
        ava
          .slice(eq + 1)
          .trim()
          .toLowerCase(),
      ]);
    }
    rdns.push(avas);
  }
  return rdns;
}

/** RFC 4514 (and RFC 1779 quoted values): `\XX` hex escapes may spell multi-byte UTF-8. */
function parseEscaped(dn: string): Rdn[] | null {
  const rdns: Rdn[] = [];
  let avas: Rdn = [];
  let i = 0;
  while (i < dn.length) {
    const eq = dn.indexOf('=', i);
    if (eq < 0) return null;
    const type = dn.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (dn[i] === ' ') i++;
    let value = '';
    let bytes: number[] = [];
    // Unescaped trailing spaces are not part of the value.
    let trailingSpaces = 0;
    const flush = () => {
      if (bytes.length) value += Buffer.from(bytes).toString('utf8');
      bytes = [];
    };
    const quoted = dn[i] === '"';
    if (quoted) i++;
    for (; i < dn.length; i++) {
      const c = dn[i]!;
      if (c === '\\' && i + 1 < dn.length) {
        const hex = dn.slice(i + 1, i + 3);
        trailingSpaces = 0;
        if (/^[0-9a-fA-F]{2}$/.test(hex)) {
          // Consecutive hex escapes may spell one multi-byte UTF-8 character: decoded together.
          bytes.push(parseInt(hex, 16));
          i += 2;
        } else {
          flush();
          value += dn[++i];
        }
        continue;
      }
      if (quoted ? c === '"' : c === ',' || c === ';' || c === '+') break;
      flush();
      value += c;
      trailingSpaces = c === ' ' && !quoted ? trailingSpaces + 1 : 0;
    }
    flush();
    if (quoted) {
      i++;
      while (dn[i] === ' ') i++;
    }
    avas.push([type, value.slice(0, value.length - trailingSpaces).toLowerCase()]);
    const separator = dn[i];
    i++;
    if (separator !== '+') {
      rdns.push(avas);
      avas = [];
    }
  }
  if (avas.length) rdns.push(avas);
  return rdns;
}

function escapeValue(value: string): string {
  if (!/[,+"\\<>;\0]|^[ #]| $/.test(value)) return value;
  return value
    .replace(/[,+"\\<>;]/g, (c) => `\\${c}`)
    .replace(/\0/g, '\\00')
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}

/** Base DNs without those inside another one, so that no entry is read twice. */
export function searchBases(baseDns: string[]): string[] {
  const normalized = baseDns.map((dn) => ({ dn, key: normalizeDn(dn) }));
  return normalized
    .filter(
      ({ key }, i) =>
        !normalized.some((other, j) => (other.key === key ? j < i : key.endsWith(`,${other.key}`))),
    )
    .map(({ dn }) => dn);
}
