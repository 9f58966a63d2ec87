// spectral-norm (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double (number), no FMA, no
// fast-math; vectors in Float64Array; A(i, j) computed on the fly, its index
// term in exact integer arithmetic (integer division by 2). Node standard
// library only; Node's globals are declared by hand below.

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

function a(i: number, j: number): number {
  const ij = i + j;
  return 1.0 / (((ij * (ij + 1)) >>> 1) + i + 1);
}

// out = A * x
function mulAv(n: number, x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = 0.0;
    for (let j = 0; j < n; j++) {
      sum += a(i, j) * x[j];
    }
    out[i] = sum;
  }
}

// out = At * x
function mulAtv(n: number, x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = 0.0;
    for (let j = 0; j < n; j++) {
      sum += a(j, i) * x[j];
    }
    out[i] = sum;
  }
}

// out = At * (A * x); tmp is scratch.
function mulAtAv(n: number, x: Float64Array, out: Float64Array, tmp: Float64Array): void {
  mulAv(n, x, tmp);
  mulAtv(n, tmp, out);
}

function main(): void {
  const n = sizeArg(100);
  const u = new Float64Array(n).fill(1.0);
  const v = new Float64Array(n);
  const tmp = new Float64Array(n);
  for (let k = 0; k < 10; k++) {
    mulAtAv(n, u, v, tmp);
    mulAtAv(n, v, u, tmp);
  }
  let vbv = 0.0;
  let vv = 0.0;
  for (let i = 0; i < n; i++) {
    vbv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  // Never an exact decimal tie at 9 places: toFixed agrees with printf.
  writeText(Math.sqrt(vbv / vv).toFixed(9) + '\n');
}

main();
