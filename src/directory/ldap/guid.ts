/**
 * Binary directory ids as text. Active Directory's objectGUID stores the first three groups
 * little-endian (the Windows GUID struct), so the bytes 78 56 34 12 … read as
 * '12345678-…' — the form PowerShell and ADUC show. eDirectory's GUID is taken in byte order.
 *
 *   formatGuid(entry.objectGUID, 'microsoft'); // 'a1b2c3d4-e5f6-…'
 */
export type GuidByteOrder = 'microsoft' | 'network';

// Byte positions of each output hex pair, in display order.
const MICROSOFT_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
const NETWORK_ORDER = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/** A 16-byte GUID as lower-case 8-4-4-4-12 text; any other length as plain hex. */
export function formatGuid(bytes: Uint8Array, order: GuidByteOrder): string {
  if (bytes.length !== 16) return Buffer.from(bytes).toString('hex');
  const hex = (order === 'microsoft' ? MICROSOFT_ORDER : NETWORK_ORDER)
    .map((i) => bytes[i]!.toString(16).padStart(2, '0'))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
