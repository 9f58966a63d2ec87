// pidigits (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; the step-by-step spigot exactly as in
// SPEC.md; arbitrary precision via the built-in BigInt; Node standard library
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
  let acc = 0n, den = 1n, num = 1n;
  let k = 0n;
  let i = 0;
  const lines = [];
  let line = '';

  while (i < n) {
    k += 1n;
    const k2 = 2n * k + 1n;
    acc = (acc + 2n * num) * k2;
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
    if (line.length === 10) {
      lines.push(line + '\t:' + i + '\n');
      line = '';
    }
    acc = (acc - den * d3) * 10n;
    num *= 10n;
  }
  if (line.length > 0) {
    lines.push(line.padEnd(10, ' ') + '\t:' + n + '\n');
  }
  writeAll(Buffer.from(lines.join(''), 'latin1'));
}

main();
