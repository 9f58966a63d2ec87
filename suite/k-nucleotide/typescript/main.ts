// k-nucleotide (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; k-mers counted in the built-in Map (the
// standard library's hash map), keyed by the k-mer packed 2 bits a base into
// a number (bit operations up to k = 15, exact double arithmetic beyond, up
// to k = 26); stdin read whole with fs.readFileSync(0). Percentages are
// rounded like printf("%.3f"): on the exact binary value, ties to even.
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

const BASES = 'ACGT';
const CODE = new Uint8Array(256);
CODE[0x43] = CODE[0x63] = 1; // C c
CODE[0x47] = CODE[0x67] = 2; // G g
CODE[0x54] = CODE[0x74] = 3; // T t

function countKmers(seq: Uint8Array, k: number): Map<number, number> {
  const counts = new Map<number, number>();
  const n = seq.length;
  if (n < k) {
    return counts;
  }
  let key = 0;
  if (k <= 15) {
    const mask = 4 ** k - 1;
    for (let i = 0; i < k - 1; i++) {
      key = (key << 2) | seq[i];
    }
    for (let i = k - 1; i < n; i++) {
      key = ((key << 2) | seq[i]) & mask;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  } else {
    const window = 4 ** (k - 1);
    for (let i = 0; i < k - 1; i++) {
      key = key * 4 + seq[i];
    }
    for (let i = k - 1; i < n; i++) {
      key = (key % window) * 4 + seq[i];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function decode(key: number, k: number): string {
  let s = '';
  for (let i = 0; i < k; i++) {
    s = BASES[key % 4] + s;
    key = Math.floor(key / 4);
  }
  return s;
}

function encode(kmer: string): number {
  let key = 0;
  for (let i = 0; i < kmer.length; i++) {
    key = key * 4 + BASES.indexOf(kmer[i]);
  }
  return key;
}

// x >= 0 with `places` decimals, rounded like C's printf: toFixed rounds
// the exact value too but sends exact ties up, printf sends them to even.
// toFixed(100) is the exact expansion for the magnitudes printed here.
function fixedHalfEven(x: number, places: number): string {
  const rounded = x.toFixed(places);
  const exact = x.toFixed(100);
  const dot = exact.indexOf('.');
  const tail = exact.slice(dot + 1 + places);
  if (!/^50*$/.test(tail)) {
    return rounded;
  }
  const truncated = exact.slice(0, places > 0 ? dot + 1 + places : dot);
  const lastDigit = truncated.charCodeAt(truncated.length - 1) - 48;
  return lastDigit % 2 === 0 ? truncated : rounded;
}

function frequencies(seq: Uint8Array, k: number): string {
  const entries: Array<[string, number]> = [];
  for (const [key, c] of countKmers(seq, k)) {
    entries.push([decode(key, k), c]);
  }
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const total = seq.length - k + 1;
  let out = '';
  for (const [kmer, c] of entries) {
    out += `${kmer} ${fixedHalfEven(100.0 * c / total, 3)}\n`;
  }
  return out + '\n';
}

// The record whose header starts with ">THREE", joined, upper-cased and
// coded A=0 C=1 G=2 T=3.
function readThree(input: Uint8Array): Uint8Array {
  const n = input.length;
  const marker = '>THREE';
  let start = -1;
  let lineStart = 0;
  while (lineStart < n) {
    let eol = input.indexOf(10, lineStart);
    if (eol < 0) {
      eol = n;
    }
    let isMarker = eol - lineStart >= marker.length;
    for (let m = 0; isMarker && m < marker.length; m++) {
      isMarker = input[lineStart + m] === marker.charCodeAt(m);
    }
    if (isMarker) {
      start = eol + 1;
      break;
    }
    lineStart = eol + 1;
  }
  if (start < 0 || start >= n) {
    return new Uint8Array(0);
  }
  const seq = new Uint8Array(n - start);
  let len = 0;
  let atLineStart = true;
  for (let i = start; i < n; i++) {
    const b = input[i];
    if (b === 10) {
      atLineStart = true;
    } else if (atLineStart && b === 0x3e) {
      break;
    } else {
      atLineStart = false;
      if (b !== 13) {
        seq[len++] = CODE[b];
      }
    }
  }
  return seq.subarray(0, len);
}

function main(): void {
  const seq = readThree(fs.readFileSync(0));
  let out = frequencies(seq, 1) + frequencies(seq, 2);
  for (const kmer of ['GGT', 'GGTA', 'GGTATT', 'GGTATTTTAATT', 'GGTATTTTAATTTATAGT']) {
    const c = countKmers(seq, kmer.length).get(encode(kmer)) ?? 0;
    out += `${c}\t${kmer}\n`;
  }
  writeText(out);
}

main();
