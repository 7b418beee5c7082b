/**
 * A large, valid PDF for the spool-throughput figure: `pages` A4 pages, each one uncompressed 8-bit
 * grey image (2480 pixels wide, A4 at 300 dpi, as tall as the size asks) drawn over the page. The
 * page counter reads only its trailer, cross-reference table and page tree, whatever its size, so
 * the time of a Print-Job of it is the time of moving its bytes. Written in 1 MiB pieces of one
 * pseudo-random block (nothing on the way compresses it), never held whole.
 *
 *   const file = await writeLargePdf('/tmp/x/big.pdf', 200e6, 10); // ≈ 200 MB, 10 pages
 */
import { open } from 'node:fs/promises';

const WIDTH = 2480;
const BLOCK = 1024 * 1024;

export async function writeLargePdf(file: string, bytes: number, pages: number): Promise<string> {
  const height = Math.max(1, Math.floor(bytes / pages / WIDTH));
  const imageBytes = WIDTH * height;
  const block = Buffer.alloc(BLOCK);
  let state = 0x2545f491;
  for (let i = 0; i < BLOCK; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    block[i] = state >>> 24;
  }
  const handle = await open(file, 'w');
  const offsets: number[] = [];
  let position = 0;
  const write = async (data: string | Buffer) => {
    const buffer = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    await handle.write(buffer, 0, buffer.length, position);
    position += buffer.length;
  };
  const object = async (id: number, text: string) => {
    offsets[id] = position;
    await write(`${id} 0 obj\n${text}\nendobj\n`);
  };
  try {
    await write('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
    // Objects: 1 catalog, 2 page tree, then per page p: 3+3p page, 4+3p contents, 5+3p image.
    const page = (p: number) => 3 + 3 * p;
    await object(1, '<< /Type /Catalog /Pages 2 0 R >>');
    const kids = Array.from({ length: pages }, (_, p) => `${page(p)} 0 R`).join(' ');
    await object(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
    const draw = 'q 595 0 0 842 0 0 cm /Im0 Do Q';
    for (let p = 0; p < pages; p++) {
      const id = page(p);
      await object(
        id,
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 ${id + 2} 0 R >> >> /Contents ${id + 1} 0 R >>`,
      );
      await object(id + 1, `<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`);
      offsets[id + 2] = position;
      await write(
        `${id + 2} 0 obj\n<< /Type /XObject /Subtype /Image /Width ${WIDTH} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${imageBytes} >>\nstream\n`,
      );
      for (let left = imageBytes; left > 0; left -= BLOCK)
        await write(block.subarray(0, Math.min(left, BLOCK)));
      await write('\nendstream\nendobj\n');
    }
    const xref = position;
    const size = page(pages);
    const entries = Array.from(
      { length: size - 1 },
      (_, k) => `${String(offsets[k + 1]).padStart(10, '0')} 00000 n \n`,
    );
    await write(`xref\n0 ${size}\n0000000000 65535 f \n${entries.join('')}`);
    await write(`trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  } finally {
    await handle.close();
  }
  return file;
}
