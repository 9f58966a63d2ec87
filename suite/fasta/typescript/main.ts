// fasta (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the SPEC's linear congruential generator
// (exact integer values in doubles), draws divided in double; cumulative
// probabilities summed in table order (double) and searched linearly for
// each character; output built in a 64 KiB byte buffer, written in blocks.
// Node standard library only; Node's globals are declared by hand below.

// Node's globals, declared by hand: Debian ships no @types/node, and no
// package from npm is used.
interface NodeBuffer extends Uint8Array {
  toString(encoding?: string, start?: number, end?: number): string;
}
interface NodeFs {
  readFileSync(fd: number): NodeBuffer;
  writeSync(fd: number, data: Uint8Array, offset: number, length: number): number;
}
declare function require(id: 'fs'): NodeFs;
declare const process: { readonly argv: readonly string[] };
declare const Buffer: {
  from(text: string, encoding: 'latin1'): NodeBuffer;
  allocUnsafe(size: number): NodeBuffer;
};

const fs: NodeFs = require('fs');

// Writes all of data to stdout, waiting a moment whenever a non-blocking
// pipe answers EAGAIN.
function writeAll(data: Uint8Array): void {
  let off = 0;
  while (off < data.length) {
    try {
      off += fs.writeSync(1, data, off, data.length - off);
    } catch (e: unknown) {
      if ((e as { code?: string }).code !== 'EAGAIN') {
        throw e;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

function writeText(text: string): void {
  writeAll(Buffer.from(text, 'latin1'));
}

function sizeArg(fallback: number): number {
  return process.argv.length > 2 ? parseInt(process.argv[2], 10) : fallback;
}

const LINE = 60;
const IM = 139968;
const IA = 3877;
const IC = 29573;

const ALU =
  'GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC' +
  'AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG' +
  'CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG' +
  'CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA';

type Table = ReadonlyArray<readonly [string, number]>;

// A byte buffer flushed to stdout whenever a line might not fit.
class Output {
  private readonly buf = new Uint8Array(65536);
  private len = 0;

  ensure(room: number): void {
    if (this.len + room > this.buf.length) {
      this.flush();
    }
  }

  byte(b: number): void {
    this.buf[this.len++] = b;
  }

  text(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) {
      this.buf[this.len++] = s.charCodeAt(i);
    }
  }

  flush(): void {
    writeAll(this.buf.subarray(0, this.len));
    this.len = 0;
  }
}

class Random {
  constructor(private seed: number) {}

  next(): number {
    this.seed = (this.seed * IA + IC) % IM;
    return this.seed / 139968.0;
  }
}

function repeatFasta(out: Output, header: string, src: string, n: number): void {
  out.text(header);
  const bytes = Buffer.from(src, 'latin1');
  const len = bytes.length;
  let pos = 0;
  while (n > 0) {
    const m = Math.min(n, LINE);
    out.ensure(m + 1);
    for (let i = 0; i < m; i++) {
      out.byte(bytes[pos]);
      if (++pos === len) {
        pos = 0;
      }
    }
    out.byte(10);
    n -= m;
  }
}

function randomFasta(out: Output, header: string, table: Table, n: number, rng: Random): void {
  out.text(header);
  const size = table.length;
  const chars = new Uint8Array(size);
  const cum = new Float64Array(size);
  let acc = 0.0;
  for (let i = 0; i < size; i++) {
    acc += table[i][1];
    chars[i] = table[i][0].charCodeAt(0);
    cum[i] = acc;
  }
  const last = size - 1;
  while (n > 0) {
    const m = Math.min(n, LINE);
    out.ensure(m + 1);
    for (let i = 0; i < m; i++) {
      const r = rng.next();
      let k = 0;
      while (k < last && cum[k] <= r) {
        k++;
      }
      out.byte(chars[k]);
    }
    out.byte(10);
    n -= m;
  }
}

function main(): void {
  const n = sizeArg(1000);
  const iub: Table = [
    ['a', 0.27], ['c', 0.12], ['g', 0.12], ['t', 0.27],
    ['B', 0.02], ['D', 0.02], ['H', 0.02], ['K', 0.02], ['M', 0.02], ['N', 0.02],
    ['R', 0.02], ['S', 0.02], ['V', 0.02], ['W', 0.02], ['Y', 0.02],
  ];
  const homo: Table = [
    ['a', 0.3029549426680], ['c', 0.1979883004921],
    ['g', 0.1975473066391], ['t', 0.3015094502008],
  ];
  const out = new Output();
  const rng = new Random(42);
  repeatFasta(out, '>ONE Homo sapiens alu\n', ALU, 2 * n);
  randomFasta(out, '>TWO IUB ambiguity codes\n', iub, 3 * n, rng);
  randomFasta(out, '>THREE Homo sapiens frequency\n', homo, 5 * n, rng);
  out.flush();
}

main();
