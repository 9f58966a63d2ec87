// fannkuch-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; permutations generated in the SPEC's
// order with the count[] / r state machine; flips counted on a copy by
// reversing the prefix in place; Int32Array state. Node standard library
// only; Node's globals are declared by hand below.

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
  const n = sizeArg(7);
  const perm1 = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    perm1[i] = i;
  }
  const perm = new Int32Array(n);
  const count = new Int32Array(n);
  let r = n;
  let index = 0;
  let maxFlips = 0;
  let checksum = 0;

  for (;;) {
    while (r !== 1) {
      count[r - 1] = r;
      r--;
    }

    perm.set(perm1);
    let flips = 0;
    let k = perm[0];
    while (k !== 0) {
      for (let i = 0, j = k; i < j; i++, j--) {
        const t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      flips++;
      k = perm[0];
    }
    if (flips > maxFlips) {
      maxFlips = flips;
    }
    checksum += (index & 1) === 0 ? flips : -flips;

    // Next permutation.
    for (;;) {
      if (r === n) {
        writeText(`${checksum}\nPfannkuchen(${n}) = ${maxFlips}\n`);
        return;
      }
      const p0 = perm1[0];
      for (let i = 0; i < r; i++) {
        perm1[i] = perm1[i + 1];
      }
      perm1[r] = p0;
      count[r]--;
      if (count[r] > 0) {
        break;
      }
      r++;
    }
    index++;
  }
}

main();
