// Buffered synchronous file I/O for the index build (one syscall per few MB, not per posting) and
// the loader that reads postings.bin into one SharedArrayBuffer.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';

const CHUNK = 1 << 20;

/** Appends bytes at a moving file position (several writers may fill one file's sections). */
export class PositionalWriter {
  private buf = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  constructor(
    private readonly fd: number,
    private pos: number,
  ) {}

  /** Write `a`'s bytes at `pos` directly (one small section). */
  static put(fd: number, pos: number, a: ArrayBufferView): void {
    writeAll(fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength), pos);
  }

  write(bytes: Uint8Array): void {
    if (bytes.byteLength >= CHUNK) {
      this.flush();
      writeAll(this.fd, bytes, this.pos);
      this.pos += bytes.byteLength;
      return;
    }
    if (this.used + bytes.byteLength > CHUNK) this.flush();
    this.buf.set(bytes, this.used);
    this.used += bytes.byteLength;
  }

  /** Write a string as UTF-8; returns its byte length. */
  writeString(str: string): number {
    const len = Buffer.byteLength(str, 'utf8');
    if (len >= CHUNK) {
      this.write(Buffer.from(str, 'utf8'));
      return len;
    }
    if (this.used + len > CHUNK) this.flush();
    this.buf.write(str, this.used, 'utf8');
    this.used += len;
    return len;
  }

  /** Write the typed array's bytes. */
  writeArray(a: ArrayBufferView, elements?: number): void {
    const n = elements === undefined ? a.byteLength : elements * ((a as Uint8Array).BYTES_PER_ELEMENT ?? 1);
    this.write(new Uint8Array(a.buffer, a.byteOffset, n));
  }

  flush(): void {
    if (this.used === 0) return;
    writeAll(this.fd, this.buf.subarray(0, this.used), this.pos);
    this.pos += this.used;
    this.used = 0;
  }

  get position(): number {
    return this.pos + this.used;
  }
}

function writeAll(fd: number, bytes: Uint8Array, pos: number): void {
  let off = 0;
  while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off, pos + off);
}

/** Sequential reader of a run file, copying byte ranges into typed arrays. */
export class ChunkReader {
  private buf = Buffer.allocUnsafe(CHUNK);
  private start = 0;
  private end = 0;
  private filePos = 0;
  private readonly fd: number;
  constructor(path: string) {
    this.fd = openSync(path, 'r');
  }

  /** Copy the next `n` bytes into `dest` at byte offset `at`. */
  read(dest: Uint8Array, at: number, n: number): void {
    while (n > 0) {
      if (this.start === this.end) {
        this.end = readSync(this.fd, this.buf, 0, CHUNK, this.filePos);
        if (this.end === 0) throw new Error('run file ended early');
        this.filePos += this.end;
        this.start = 0;
      }
      const take = Math.min(n, this.end - this.start);
      dest.set(this.buf.subarray(this.start, this.start + take), at);
      this.start += take;
      at += take;
      n -= take;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Read a whole file of `size` bytes into a SharedArrayBuffer (so worker threads can view it without copies). */
export function readShared(path: string, size: number): SharedArrayBuffer {
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).size !== size) throw new Error(`${path}: ${fstatSync(fd).size} bytes, expected ${size}`);
    const sab = new SharedArrayBuffer(size);
    const view = new Uint8Array(sab);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, view, off, Math.min(size - off, 1 << 28), off);
      if (n === 0) throw new Error(`${path}: file ended early`);
      off += n;
    }
    return sab;
  } finally {
    closeSync(fd);
  }
}

const PIECE = 16 << 20;
const READERS = 4;

/** readShared without blocking the event loop: pieces read concurrently on libuv's thread pool. */
export async function readSharedAsync(path: string, size: number): Promise<SharedArrayBuffer> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    if (st.size !== size) throw new Error(`${path}: ${st.size} bytes, expected ${size}`);
    const sab = new SharedArrayBuffer(size);
    const view = new Uint8Array(sab);
    let next = 0;
    const reader = async () => {
      while (next < size) {
        let at = next;
        const end = Math.min(size, at + PIECE);
        next = end;
        while (at < end) {
          const { bytesRead } = await fh.read(view, at, end - at, at);
          if (bytesRead === 0) throw new Error(`${path}: file ended early`);
          at += bytesRead;
        }
      }
    };
    await Promise.all(Array.from({ length: READERS }, reader));
    return sab;
  } finally {
    await fh.close();
  }
}
