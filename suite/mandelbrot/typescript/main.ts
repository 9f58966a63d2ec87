// mandelbrot (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double (number), no FMA, no
// fast-math; cr and ci computed directly for each pixel; bits packed 8 a
// byte, MSB first, rows padded; binary PBM (P4) built in one Uint8Array and
// written at once. Node standard library only; Node's globals are declared
// by hand below.

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
  const n = Math.max(0, sizeArg(200));
  const rowBytes = (n + 7) >> 3;
  const header = Buffer.from(`P4\n${n} ${n}\n`, 'latin1');
  const image = new Uint8Array(header.length + rowBytes * n);
  image.set(header);
  for (let y = 0; y < n; y++) {
    const row = header.length + rowBytes * y;
    const ci = 2.0 * y / n - 1.0;
    for (let x = 0; x < n; x++) {
      const cr = 2.0 * x / n - 1.5;
      let zr = 0.0;
      let zi = 0.0;
      let tr = 0.0;
      let ti = 0.0;
      for (let i = 0; i < 50 && tr + ti <= 4.0; i++) {
        zi = 2.0 * zr * zi + ci;
        zr = tr - ti + cr;
        tr = zr * zr;
        ti = zi * zi;
      }
      if (tr + ti <= 4.0) {
        image[row + (x >> 3)] |= 0x80 >> (x & 7);
      }
    }
  }
  writeAll(image);
}

main();
