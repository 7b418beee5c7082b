/**
 * Encrypted PDFs (the standard security handler, ISO 32000-2 §7.6.4, revisions 2–6). Encryption
 * covers strings and streams, not the object structure, so a page tree of plain objects reads
 * as is; object streams are streams, so their data is decrypted here. A printer can open only a
 * document whose user ("open") password is empty — one with an owner password alone, the usual
 * "no copying" kind — so that is checked first: a document that needs a password is refused with
 * reason password-required, and no other security handler is read.
 *
 *   const decryptor = createDecryptor(encryptDict, firstId); // or a DocumentError
 *   const plain = decryptor.decryptStream(12, 0, raw);
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { DocumentError } from '../../errors.js';
import { integerOf, nameOf, type PdfDict } from './pdf-syntax.js';

export interface Decryptor {
  decryptStream(num: number, gen: number, data: Buffer): Buffer;
}

type Method = 'none' | 'rc4' | 'aes-128' | 'aes-256';

const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

function needsPassword(why: string): never {
  throw new DocumentError('password-required', `The PDF cannot be opened without a password: ${why}`);
}

function bytes(value: unknown, what: string): Buffer {
  if (!(value instanceof Uint8Array)) needsPassword(`its encryption dictionary has no ${what}.`);
  return Buffer.from(value);
}

const md5 = (...parts: Uint8Array[]) => createHash('md5').update(Buffer.concat(parts)).digest();

/** RC4, written out: OpenSSL 3 keeps it only in its legacy provider. */
export function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const s = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + (s[i] ?? 0) + (key[i % key.length] ?? 0)) & 0xff;
    [s[i], s[j]] = [s[j] ?? 0, s[i] ?? 0];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + (s[i] ?? 0)) & 0xff;
    [s[i], s[j]] = [s[j] ?? 0, s[i] ?? 0];
    out[n] = (data[n] ?? 0) ^ (s[((s[i] ?? 0) + (s[j] ?? 0)) & 0xff] ?? 0);
  }
  return out;
}

/** AES-CBC with the IV in the first 16 bytes; PKCS#7 padding removed when it is well formed. */
function aesDecrypt(key: Buffer, data: Buffer): Buffer {
  if (data.length < 32 || data.length % 16 !== 0) return Buffer.alloc(0);
  const decipher = createDecipheriv(
    key.length === 32 ? 'aes-256-cbc' : 'aes-128-cbc',
    key,
    data.subarray(0, 16),
  );
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]);
  const pad = plain[plain.length - 1] ?? 0;
  return pad >= 1 && pad <= 16 ? plain.subarray(0, plain.length - pad) : plain;
}

/** The stream method: /V 1–2 RC4; /V 4–5 the crypt filter /StmF names (Identity: none). */
function streamMethod(encrypt: PdfDict, version: number): Method {
  if (version === 1 || version === 2) return 'rc4';
  if (version !== 4 && version !== 5) needsPassword(`it uses encryption version ${version}.`);
  const filterName = nameOf(encrypt.get('StmF')) ?? 'Identity';
  if (filterName === 'Identity') return 'none';
  const filters = encrypt.get('CF');
  const filter = filters instanceof Map ? filters.get(filterName) : undefined;
  const method = filter instanceof Map ? nameOf(filter.get('CFM')) : null;
  const methods = new Map<string, Method>([
    ['None', 'none'],
    ['V2', 'rc4'],
    ['AESV2', 'aes-128'],
    ['AESV3', 'aes-256'],
  ]);
  return methods.get(method ?? 'None') ?? needsPassword(`its crypt filter method is ${method}.`);
}

/** Revisions 2–4: the file key for the empty user password (Algorithm 2), checked against /U. */
function md5FileKey(encrypt: PdfDict, revision: number, firstId: Uint8Array): Buffer {
  const owner = bytes(encrypt.get('O'), '/O').subarray(0, 32);
  const user = bytes(encrypt.get('U'), '/U');
  const length = revision === 2 ? 5 : Math.min(16, Math.floor((integerOf(encrypt.get('Length')) ?? 40) / 8));
  const permissions = Buffer.alloc(4);
  permissions.writeInt32LE(Number(encrypt.get('P') ?? 0) | 0);
  const metadata =
    revision >= 4 && encrypt.get('EncryptMetadata') === false ? [Buffer.from('ffffffff', 'hex')] : [];
  let hash = md5(PAD, owner, permissions, firstId, ...metadata);
  if (revision >= 3) for (let i = 0; i < 50; i++) hash = md5(hash.subarray(0, length));
  const key = hash.subarray(0, length);
  const matches =
    revision === 2
      ? rc4(key, PAD).equals(user.subarray(0, 32))
      : Array.from({ length: 19 }, (_, i) => i + 1)
          .reduce(
            (x, i) =>
              rc4(
                key.map((b) => b ^ i),
                x,
              ),
            rc4(key, md5(PAD, firstId)),
          )
          .equals(user.subarray(0, 16));
  if (!matches) needsPassword('it has a user (open) password.');
  return key;
}

/** Revision 6's hash (Algorithm 2.B) of the empty password with a salt. */
function hashR6(salt: Buffer): Buffer {
  let key = createHash('sha256').update(salt).digest();
  let last = 0;
  for (let round = 0; round < 64 || last > round - 32; round++) {
    const block = Buffer.concat(Array.from({ length: 64 }, () => key));
    const cipher = createCipheriv('aes-128-cbc', key.subarray(0, 16), key.subarray(16, 32));
    cipher.setAutoPadding(false);
    const encrypted = Buffer.concat([cipher.update(block), cipher.final()]);
    const sum = encrypted.subarray(0, 16).reduce((total, b) => total + b, 0);
    key = createHash(['sha256', 'sha384', 'sha512'][sum % 3] ?? 'sha256')
      .update(encrypted)
      .digest();
    last = encrypted[encrypted.length - 1] ?? 0;
  }
  return key.subarray(0, 32);
}

/** Revisions 5–6 (AES-256): checks the empty user password and unwraps the file key from /UE. */
function shaFileKey(encrypt: PdfDict, revision: number): Buffer {
  const user = bytes(encrypt.get('U'), '/U');
  const wrapped = bytes(encrypt.get('UE'), '/UE');
  if (user.length < 48 || wrapped.length < 32) needsPassword('its /U or /UE is too short.');
  const hash = (salt: Buffer) => (revision === 5 ? createHash('sha256').update(salt).digest() : hashR6(salt));
  if (!hash(user.subarray(32, 40)).equals(user.subarray(0, 32)))
    needsPassword('it has a user (open) password.');
  const decipher = createDecipheriv('aes-256-cbc', hash(user.subarray(40, 48)), Buffer.alloc(16));
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(wrapped.subarray(0, 32)), decipher.final()]);
}

export function createDecryptor(encrypt: PdfDict, firstId: Uint8Array): Decryptor {
  const handler = nameOf(encrypt.get('Filter'));
  if (handler !== 'Standard') needsPassword(`it uses the ${handler ?? 'unnamed'} security handler.`);
  const version = integerOf(encrypt.get('V')) ?? 0;
  const revision = integerOf(encrypt.get('R')) ?? 0;
  if (revision < 2 || revision > 6) needsPassword(`it uses security handler revision ${revision}.`);
  const method = streamMethod(encrypt, version);
  const fileKey = revision >= 5 ? shaFileKey(encrypt, revision) : md5FileKey(encrypt, revision, firstId);
  return {
    decryptStream(num, gen, data) {
      if (method === 'none') return data;
      if (method === 'aes-256') return aesDecrypt(fileKey, data);
      const salt = method === 'aes-128' ? [Buffer.from('sAlT', 'latin1')] : [];
      const objectId = Buffer.from([
        num & 0xff,
        (num >> 8) & 0xff,
        (num >> 16) & 0xff,
        gen & 0xff,
        (gen >> 8) & 0xff,
      ]);
      const key = md5(fileKey, objectId, ...salt).subarray(0, Math.min(fileKey.length + 5, 16));
      return method === 'rc4' ? rc4(key, data) : aesDecrypt(key, data);
    },
  };
}
