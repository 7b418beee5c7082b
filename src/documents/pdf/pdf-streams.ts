/**
 * Decodes the only streams page counting reads — cross-reference streams and object streams:
 * FlateDecode (node:zlib, off the main thread, bounded output) with the PNG and TIFF predictors
 * cross-reference streams use. Other filters are refused as unprintable with the filter named.
 *
 *   const data = await decodeStream(dict, raw, 'object stream 12'); // dict: /Filter, /DecodeParms direct
 */
import { promisify } from 'node:util';
import { constants, inflate } from 'node:zlib';
import { DocumentError } from '../../errors.js';
import { damaged, integerOf, nameOf, type PdfDict, type PdfValue } from './pdf-syntax.js';

/** A structural stream decoding past this is refused: real ones are kilobytes to a few megabytes. */
export const MAX_DECODED_BYTES = 64 * 1024 * 1024;

const inflateAsync = promisify(inflate);

function asList(value: PdfValue | undefined): PdfValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export async function decodeStream(dict: PdfDict, raw: Uint8Array, what: string): Promise<Buffer> {
  const filters = asList(dict.get('Filter'));
  const params = asList(dict.get('DecodeParms'));
  let data = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  for (const [index, filter] of filters.entries()) {
    const name = nameOf(filter);
    if (name !== 'FlateDecode' && name !== 'Fl') {
      throw new DocumentError(
        'unprintable',
        `The PDF's ${what} uses the ${name ?? '?'} filter, which Quire does not read.`,
      );
    }
    data = await inflateBounded(data, what);
    const param = params[index];
    if (param instanceof Map) data = unpredict(data, param, what);
  }
  return data;
}

async function inflateBounded(data: Buffer, what: string): Promise<Buffer> {
  try {
    // A sync flush at the end accepts data cut short before the checksum, as PDF readers do.
    return await inflateAsync(data, {
      maxOutputLength: MAX_DECODED_BYTES,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DocumentError(
        'unprintable',
        `The PDF's ${what} decodes to more than ${MAX_DECODED_BYTES} bytes.`,
      );
    }
    return damaged(`the compressed data of its ${what} cannot be decoded.`);
  }
}

/** Undoes /Predictor 2 (TIFF, 8-bit) or 10–15 (PNG, one filter byte per row). */
function unpredict(data: Buffer, params: PdfDict, what: string): Buffer {
  const predictor = integerOf(params.get('Predictor')) ?? 1;
  if (predictor === 1) return data;
  const colors = integerOf(params.get('Colors')) ?? 1;
  const bits = integerOf(params.get('BitsPerComponent')) ?? 8;
  const columns = integerOf(params.get('Columns')) ?? 1;
  if (colors < 1 || colors > 32 || ![1, 2, 4, 8, 16].includes(bits) || columns < 1 || columns > 1 << 24)
    damaged(`the predictor parameters of its ${what} are out of range.`);
  const rowBytes = Math.ceil((colors * bits * columns) / 8);
  const pixelBytes = Math.max(1, Math.ceil((colors * bits) / 8));
  if (predictor === 2 && bits === 8) return undoTiff(data, rowBytes, colors);
  if (predictor >= 10 && predictor <= 15) return undoPng(data, rowBytes, pixelBytes, what);
  throw new DocumentError(
    'unprintable',
    `The PDF's ${what} uses predictor ${predictor}, which Quire does not read.`,
  );
}

function undoTiff(data: Buffer, rowBytes: number, colors: number): Buffer {
  const out = Buffer.from(data);
  for (let row = 0; row + rowBytes <= out.length; row += rowBytes) {
    for (let i = colors; i < rowBytes; i++)
      out[row + i] = ((out[row + i] ?? 0) + (out[row + i - colors] ?? 0)) & 0xff;
  }
  return out;
}

function undoPng(data: Buffer, rowBytes: number, pixelBytes: number, what: string): Buffer {
  const rows = Math.floor(data.length / (rowBytes + 1));
  const out = Buffer.alloc(rows * rowBytes);
  for (let row = 0; row < rows; row++) {
    const type = data[row * (rowBytes + 1)] ?? 0;
    const src = row * (rowBytes + 1) + 1;
    const dst = row * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const raw = data[src + i] ?? 0;
      const left = i >= pixelBytes ? (out[dst + i - pixelBytes] ?? 0) : 0;
      const up = row > 0 ? (out[dst + i - rowBytes] ?? 0) : 0;
      const upLeft = row > 0 && i >= pixelBytes ? (out[dst + i - rowBytes - pixelBytes] ?? 0) : 0;
      out[dst + i] = (raw + pngPredict(type, left, up, upLeft, what)) & 0xff;
    }
  }
  return out;
}

function pngPredict(type: number, left: number, up: number, upLeft: number, what: string): number {
  switch (type) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const pa = Math.abs(p - left);
      const pb = Math.abs(p - up);
      const pc = Math.abs(p - upLeft);
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      return damaged(`its ${what} has a row with PNG filter type ${type}.`);
  }
}
