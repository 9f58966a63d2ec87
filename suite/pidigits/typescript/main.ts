// pidigits (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the SPEC's step-by-step spigot with
// arbitrary-precision integers from the built-in BigInt (ES2020); output
// gathered in one string. Library: BigInt (built in). Node's globals are
// declared by hand below.

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

function main(): void {
  const n = sizeArg(30);
  let acc = 0n;
  let den = 1n;
  let num = 1n;
  let k = 0n;
  let i = 0;
  let out = '';
  let line = '';
  while (i < n) {
    k += 1n;
    const k2 = 2n * k + 1n;
    acc += 2n * num;
    acc *= k2;
    den *= k2;
    num *= k;
    if (num > acc) {
      continue;
    }
    const d3 = (3n * num + acc) / den;
    const d4 = (4n * num + acc) / den;
    if (d3 !== d4) {
      continue;
    }
    line += d3.toString();
    i++;
    if (i % 10 === 0) {
      out += `${line}\t:${i}\n`;
      line = '';
    }
    acc -= den * d3;
    acc *= 10n;
    num *= 10n;
  }
  if (line !== '') {
    out += `${line.padEnd(10, ' ')}\t:${n}\n`;
  }
  writeText(out);
}

main();
