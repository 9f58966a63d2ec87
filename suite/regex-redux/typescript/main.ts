// regex-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; regular expressions via the built-in
// RegExp (V8's Irregexp); stdin read whole with fs.readFileSync(0) and
// decoded as latin1, so string lengths are byte counts. Library: RegExp
// (built in). Node's globals are declared by hand below.

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

const VARIANTS: readonly string[] = [
  'agggtaaa|tttaccct',
  '[cgt]gggtaaa|tttaccc[acg]',
  'a[act]ggtaaa|tttacc[agt]t',
  'ag[act]gtaaa|tttac[agt]ct',
  'agg[act]taaa|ttta[agt]cct',
  'aggg[acg]aaa|ttt[cgt]ccct',
  'agggt[cgt]aa|tt[acg]accct',
  'agggta[cgt]a|t[acg]taccct',
  'agggtaa[cgt]|[acg]ttaccct',
];

const SUBSTITUTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/tHa[Nt]/g, '<4>'],
  [/aND|caN|Ha[DS]|WaS/g, '<3>'],
  [/a[NSt]|BY/g, '<2>'],
  [/<[^>]*>/g, '|'],
  [/\|[^|][^|]*\|/g, '-'],
];

function countMatches(re: RegExp, s: string): number {
  let count = 0;
  re.lastIndex = 0;
  while (re.exec(s) !== null) {
    count++;
  }
  return count;
}

function main(): void {
  const input = fs.readFileSync(0).toString('latin1');
  let seq = input.replace(/>.*\n|\n/g, '');
  const cleanLength = seq.length;

  let out = '';
  for (const v of VARIANTS) {
    out += `${v} ${countMatches(new RegExp(v, 'g'), seq)}\n`;
  }
  for (const [re, replacement] of SUBSTITUTIONS) {
    seq = seq.replace(re, replacement);
  }
  out += `\n${input.length}\n${cleanLength}\n${seq.length}\n`;
  writeText(out);
}

main();
