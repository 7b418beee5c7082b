/**
 * JPEG (image/jpeg): one page. The document must be a JPEG at all — SOI, then marker segments up
 * to a valid frame header (SOFn: precision, size, 1–4 components) and on to a scan (SOS). Only the
 * segment headers are read (positioned reads), never the image data, so an image with trailing
 * bytes after its end (a motion photo's video, say) still counts as the one page it prints.
 *
 *   await jpegFormat.count(path); // { format: 'jpeg', pages: 1, pageDetails: [{ color: true, sides: null }] }
 */
import { DocumentError } from '../../errors.js';
import type { CountedDocument, DocumentFormat } from '../document-format.js';
import { withSpoolFile, type SpoolFile } from '../spool-file.js';

/** More segments than this before the first scan is no photograph: refused rather than walked. */
const MAX_SEGMENTS = 10_000;

const SOS = 0xda;
const EOI = 0xd9;

/** Start-of-frame markers: C0–CF without DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Markers that stand alone, without a length: RSTn and TEM. */
function standsAlone(marker: number): boolean {
  return (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01;
}

function formatError(why: string): never {
  throw new DocumentError('format-error', `The document is not a readable JPEG: ${why}`);
}

interface Frame {
  components: number;
}

/** Checks a frame header's fields (ITU T.81 B.2.2); returns what the page needs. */
function readFrame(marker: number, segment: Buffer): Frame {
  if (segment.length < 8) formatError('its frame header is cut short.');
  const length = segment.readUInt16BE(0);
  const precision = segment[2] ?? 0;
  const height = segment.readUInt16BE(3);
  const width = segment.readUInt16BE(5);
  const components = segment[7] ?? 0;
  const lossless = marker === 0xc3 || marker === 0xc7 || marker === 0xcb || marker === 0xcf;
  const precisionOk = lossless ? precision >= 2 && precision <= 16 : precision === 8 || precision === 12;
  if (!precisionOk) formatError(`its frame header gives a sample precision of ${precision} bits.`);
  if (components < 1 || components > 4) formatError(`its frame header gives ${components} components.`);
  if (length !== 8 + 3 * components || segment.length < length)
    formatError('its frame header has the wrong length for its components.');
  if (width === 0 || height === 0) {
    throw new DocumentError('unprintable', 'The JPEG image has no width or height in its frame header.');
  }
  return { components };
}

/** Walks the segment headers from SOI to the first SOS and returns the frame. */
async function walkSegments(file: SpoolFile): Promise<Frame> {
  const soi = await file.read(0, 3);
  if (soi[0] !== 0xff || soi[1] !== 0xd8 || soi[2] !== 0xff) formatError('it does not start with SOI.');
  let offset = 2;
  let frame: Frame | null = null;
  for (let segments = 0; segments < MAX_SEGMENTS; segments++) {
    const head = await file.read(offset, 2);
    if (head.length < 2) formatError('it ends before its image data.');
    if (head[0] !== 0xff) formatError(`a segment at byte ${offset} does not start with a marker.`);
    const marker = head[1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte before a marker
      continue;
    }
    if (marker === EOI) formatError('it ends (EOI) before its image data.');
    if (standsAlone(marker)) {
      offset += 2;
      continue;
    }
    const lengthBytes = await file.read(offset + 2, 2);
    if (lengthBytes.length < 2) formatError('it ends inside a segment header.');
    const length = lengthBytes.readUInt16BE(0);
    if (length < 2 || offset + 2 + length > file.size)
      formatError(`a segment at byte ${offset} runs past the end.`);
    if (marker === SOS) {
      if (!frame) formatError('its image data comes before a frame header.');
      return frame;
    }
    if (isStartOfFrame(marker)) {
      if (frame) formatError('it has a second frame header.');
      frame = readFrame(marker, await file.read(offset + 2, length));
    }
    offset += 2 + length;
  }
  return formatError(`more than ${MAX_SEGMENTS} segments come before its image data.`);
}

export const jpegFormat: DocumentFormat = {
  name: 'jpeg',
  mimeType: 'image/jpeg',
  sniff: (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff,
  available: async () => true,
  count: (path) =>
    withSpoolFile(path, async (file): Promise<CountedDocument> => {
      const frame = await walkSegments(file);
      return { format: 'jpeg', pages: 1, pageDetails: [{ color: frame.components >= 3, sides: null }] };
    }),
};
