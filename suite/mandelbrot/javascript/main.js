// mandelbrot (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double (JS numbers), no FMA (V8 never
// contracts a*b+c); cr/ci computed directly per pixel; Node standard library
// only.
'use strict';
const fs = require('fs');

function writeAll(buf) {
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(1, buf, off, buf.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

function main() {
  const n = parseInt(process.argv[2], 10);
  const rowBytes = (n + 7) >> 3;
  const header = 'P4\n' + n + ' ' + n + '\n';
  const image = Buffer.allocUnsafe(header.length + rowBytes * n);
  let pos = image.write(header, 0, 'latin1');

  for (let y = 0; y < n; y++) {
    const ci = 2.0 * y / n - 1.0;
    let bits = 0;
    for (let x = 0; x < n; x++) {
      const cr = 2.0 * x / n - 1.5;
      let zr = 0.0, zi = 0.0, tr = 0.0, ti = 0.0;
      for (let i = 0; i < 50 && tr + ti <= 4.0; i++) {
        zi = 2.0 * zr * zi + ci;
        zr = tr - ti + cr;
        tr = zr * zr;
        ti = zi * zi;
      }
      bits <<= 1;
      if (tr + ti <= 4.0) {
        bits |= 1;
      }
      if ((x & 7) === 7) {
        image[pos++] = bits;
        bits = 0;
      }
    }
    if ((n & 7) !== 0) {
      image[pos++] = bits << (8 - (n & 7));
    }
  }

  writeAll(image.subarray(0, pos));
}

main();
