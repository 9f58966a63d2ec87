// reverse-complement (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; stdin read with fs.readFileSync(0); each
// record's sequence is gathered in place, then reverse-complemented into one
// output Buffer and written in large blocks; Node standard library only.
'use strict';
const fs = require('fs');

const LINE = 60;
const COMPLEMENT = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  COMPLEMENT[i] = i;
}
{
  const from = 'ACGTUMRWSYKVHDBN';
  const to = 'TGCAAKYWSRMBDHVN';
  for (let i = 0; i < from.length; i++) {
    const c = to.charCodeAt(i);
    COMPLEMENT[from.charCodeAt(i)] = c;
    COMPLEMENT[from.toLowerCase().charCodeAt(i)] = c;
  }
}

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
  const input = fs.readFileSync(0);
  const n = input.length;
  let buf = Buffer.allocUnsafe(0);

  let i = 0;
  while (i < n) {
    // Header line (if the record has one), copied unchanged.
    if (input[i] === 0x3e) {
      let h = input.indexOf(10, i);
      if (h < 0) {
        h = n;
      }
      writeAll(input.subarray(i, h));
      writeAll(Buffer.from('\n'));
      i = h + 1;
    }

    // Gather the sequence in place, up to the next header or the end.
    const start = i;
    let w = i;
    let lineStart = true;
    while (i < n) {
      const b = input[i];
      if (b === 10) {
        lineStart = true;
      } else if (lineStart && b === 0x3e) {
        break;
      } else {
        lineStart = false;
        if (b !== 13) {
          input[w++] = b;
        }
      }
      i++;
    }

    const len = w - start;
    const size = len + Math.ceil(len / LINE);
    if (buf.length < size) {
      buf = Buffer.allocUnsafe(size);
    }
    let p = 0;
    let col = 0;
    for (let j = w - 1; j >= start; j--) {
      buf[p++] = COMPLEMENT[input[j]];
      if (++col === LINE) {
        buf[p++] = 10;
        col = 0;
      }
    }
    if (col !== 0) {
      buf[p++] = 10;
    }
    writeAll(buf.subarray(0, p));
  }
}

main();
