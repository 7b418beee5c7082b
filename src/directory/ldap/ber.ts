/**
 * The one BER structure Quire builds itself: the RFC 3062 Password Modify request value.
 *
 *   PasswdModifyRequestValue ::= SEQUENCE {
 *     userIdentity [0] OCTET STRING OPTIONAL,
 *     oldPasswd    [1] OCTET STRING OPTIONAL,
 *     newPasswd    [2] OCTET STRING OPTIONAL }
 *
 *   await client.exop(PASSWORD_MODIFY_OID, passwordModifyRequest(dn, current, next));
 */
export const PASSWORD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';

export function passwordModifyRequest(
  userIdentity: string,
  oldPassword: string,
  newPassword: string,
): Buffer {
  return tlv(
    0x30,
    Buffer.concat([
      tlv(0x80, Buffer.from(userIdentity, 'utf8')),
      tlv(0x81, Buffer.from(oldPassword, 'utf8')),
      tlv(0x82, Buffer.from(newPassword, 'utf8')),
    ]),
  );
}

/** Tag, definite length (short form below 128 bytes, long form above), content. */
function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else if (length < 0x100) header = [tag, 0x81, length];
  else if (length < 0x10000) header = [tag, 0x82, length >> 8, length & 0xff];
  else header = [tag, 0x83, length >> 16, (length >> 8) & 0xff, length & 0xff];
  return Buffer.concat([Buffer.from(header), content]);
}
