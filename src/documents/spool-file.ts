/**
 * A spooled document read with positioned reads through a small block cache: parsers ask for a few
 * bytes here and there (a PDF's trailer, an object, a raster page header) and never hold the file.
 * Memory is bounded by the cache (BLOCK_SIZE × MAX_BLOCKS) plus what one read asks for.
 *
 *   await withSpoolFile(path, async (file) => {
 *     const tail = await file.read(file.size - 1024, 1024);   // shorter at the end of the file
 *     for await (const chunk of file.chunks()) …;              // the whole file, 1 MiB at a time
 *   });
 */
import { open, type FileHandle } from 'node:fs/promises';

const BLOCK_SIZE = 64 * 1024;
const MAX_BLOCKS = 32;
/** Reads larger than this bypass the cache (they are read once, e.g. a compressed stream). */
const DIRECT_READ = 4 * BLOCK_SIZE;

export class SpoolFile {
  /** Most recently used last. */
  private readonly blocks = new Map<number, Buffer>();

  private constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<SpoolFile> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      return new SpoolFile(handle, size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Up to `length` bytes from `offset`: fewer only at the end of the file. Do not modify the result. */
  async read(offset: number, length: number): Promise<Buffer> {
    const start = Math.max(0, Math.min(offset, this.size));
    const end = Math.min(this.size, start + Math.max(0, length));
    if (end <= start) return Buffer.alloc(0);
    if (end - start > DIRECT_READ) return this.readDirect(start, end - start);
    const first = Math.floor(start / BLOCK_SIZE);
    const last = Math.floor((end - 1) / BLOCK_SIZE);
    if (first === last) {
      const block = await this.block(first);
      return block.subarray(start - first * BLOCK_SIZE, end - first * BLOCK_SIZE);
    }
    const parts: Buffer[] = [];
    for (let index = first; index <= last; index++) {
      const block = await this.block(index);
      const from = index === first ? start - index * BLOCK_SIZE : 0;
      const to = index === last ? end - index * BLOCK_SIZE : block.length;
      parts.push(block.subarray(from, to));
    }
    return Buffer.concat(parts, end - start);
  }

  /**
   * The file from `from` to its end in chunks of `chunkSize` bytes, read into one buffer: each
   * chunk is valid until the next is asked for (a walker that reads it synchronously is fine).
   */
  async *chunks(chunkSize = 1024 * 1024, from = 0): AsyncGenerator<Buffer> {
    const buffer = Buffer.allocUnsafe(Math.min(chunkSize, Math.max(0, this.size - from)));
    for (let offset = from; offset < this.size; offset += chunkSize) {
      yield await this.readInto(buffer, offset, Math.min(chunkSize, this.size - offset));
    }
  }

  async close(): Promise<void> {
    this.blocks.clear();
    await this.handle.close();
  }

  private async block(index: number): Promise<Buffer> {
    const cached = this.blocks.get(index);
    if (cached) {
      this.blocks.delete(index);
      this.blocks.set(index, cached);
      return cached;
    }
    const offset = index * BLOCK_SIZE;
    const block = await this.readDirect(offset, Math.min(BLOCK_SIZE, this.size - offset));
    this.blocks.set(index, block);
    if (this.blocks.size > MAX_BLOCKS) {
      const oldest = this.blocks.keys().next().value;
      if (oldest !== undefined) this.blocks.delete(oldest);
    }
    return block;
  }

  /** Exactly `length` bytes, unless the file was shortened meanwhile (then fewer). */
  private readDirect(offset: number, length: number): Promise<Buffer> {
    return this.readInto(Buffer.allocUnsafe(length), offset, length);
  }

  private async readInto(buffer: Buffer, offset: number, length: number): Promise<Buffer> {
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.handle.read(buffer, filled, length - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  }
}

export async function withSpoolFile<T>(path: string, use: (file: SpoolFile) => Promise<T>): Promise<T> {
  const file = await SpoolFile.open(path);
  try {
    return await use(file);
  } finally {
    await file.close();
  }
}
