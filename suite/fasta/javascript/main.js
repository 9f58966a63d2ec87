// fasta (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double for the cumulative tables and
// the generator's seed / 139968.0; Node standard library only. Output goes
// through one reusable Buffer written to stdout in large blocks.
'use strict';
const fs = require('fs');

const LINE = 60;
const IM = 139968, IA = 3877, IC = 29573;

const ALU =
  'GGCCGGGCGCGGTGGCTCACGCCTGTAATCCCAGCACTTTGGGAGGCCGAGGCGGGCGGATCACCTGAGGTC' +
  'AGGAGTTCGAGACCAGCCTGGCCAACATGGTGAAACCCCGTCTCTACTAAAAATACAAAAATTAGCCGGG' +
  'CGTGGTGGCGCGCGCCTGTAATCCCAGCTACTCGGGAGGCTGAGGCAGGAGAATCGCTTGAACCCGGGAGG' +
  'CGGAGGTTGCAGTGAGCCGAGATCGCGCCACTGCACTCCAGCCTGGGCGACAGAGCGAGACTCCGTCTCAAAAA';

const IUB_CHARS = 'acgtBDHKMNRSVWY';
const IUB_PROBS = [
  0.27, 0.12, 0.12, 0.27,
  0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02,
];
const HS_CHARS = 'acgt';
const HS_PROBS = [0.3029549426680, 0.1979883004921, 0.1975473066391, 0.3015094502008];

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

// Output buffer: filled in place, written out when nearly full.
const BUF_SIZE = 1 << 16;
const buf = Buffer.allocUnsafe(BUF_SIZE);
let pos = 0;

function flush() {
  writeAll(buf.subarray(0, pos));
  pos = 0;
}

function ensure(n) {
  if (pos + n > BUF_SIZE) {
    flush();
  }
}

function writeText(s) {
  ensure(s.length);
  pos += buf.write(s, pos, 'latin1');
}

let seed = 42;

function nextRandom() {
  seed = (seed * IA + IC) % IM;
  return seed / IM;
}

function repeatFasta(header, s, n) {
  writeText(header);
  const len = s.length;
  // s followed by its first LINE characters, so every line is one copy.
  const ext = Buffer.alloc(len + LINE);
  for (let i = 0; i < ext.length; i++) {
    ext[i] = s.charCodeAt(i % len);
  }
  let off = 0;
  while (n > 0) {
    const m = Math.min(n, LINE);
    ensure(m + 1);
    ext.copy(buf, pos, off, off + m);
    pos += m;
    buf[pos++] = 10;
    off += m;
    if (off >= len) {
      off -= len;
    }
    n -= m;
  }
}

function randomFasta(header, chars, probs, n) {
  writeText(header);
  const count = chars.length;
  const codes = new Uint8Array(count);
  const cumulative = new Float64Array(count);
  let acc = 0.0;
  for (let i = 0; i < count; i++) {
    codes[i] = chars.charCodeAt(i);
    acc += probs[i];
    cumulative[i] = acc;
  }
  const last = count - 1;
  while (n > 0) {
    const m = Math.min(n, LINE);
    ensure(m + 1);
    for (let i = 0; i < m; i++) {
      const r = nextRandom();
      let c = 0;
      while (c < last && !(cumulative[c] > r)) {
        c++;
      }
      buf[pos++] = codes[c];
    }
    buf[pos++] = 10;
    n -= m;
  }
}

function main() {
  const n = parseInt(process.argv[2], 10);
  repeatFasta('>ONE Homo sapiens alu\n', ALU, 2 * n);
  randomFasta('>TWO IUB ambiguity codes\n', IUB_CHARS, IUB_PROBS, 3 * n);
  randomFasta('>THREE Homo sapiens frequency\n', HS_CHARS, HS_PROBS, 5 * n);
  flush();
}

main();
