// k-nucleotide (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; counts kept in the built-in Map (the
// standard library's hash map), keyed by the k-mer packed 2 bits a base into
// a number (exact in a double up to k = 26); stdin read with
// fs.readFileSync(0); Node standard library only.
// Percentages are rounded like C printf("%.3f") (exact binary value, half-even).
'use strict';
const fs = require('fs');

const BASES = 'ACGT';

// Count every k-length substring of seq (bases coded 0..3). Map values are
// small mutable counters so that each k-mer costs one lookup.
function count(seq, k) {
  const map = new Map();
  const n = seq.length;
  let key = 0;
  if (k <= 15) {
    // The key fits in 30 bits: plain integer bit operations.
    const mask = (1 << (2 * k)) - 1;
    for (let i = 0; i < k - 1; i++) {
      key = (key << 2) | seq[i];
    }
    for (let i = k - 1; i < n; i++) {
      key = ((key << 2) | seq[i]) & mask;
      const c = map.get(key);
      if (c === undefined) {
        map.set(key, { value: 1 });
      } else {
        c.value++;
      }
    }
  } else {
    // Wider keys: the same packing done in (exact) double arithmetic.
    const keep = 4 ** (k - 1); // keeps the last k - 1 bases
    for (let i = 0; i < k - 1; i++) {
      key = key * 4 + seq[i];
    }
    for (let i = k - 1; i < n; i++) {
      key = (key % keep) * 4 + seq[i];
      const c = map.get(key);
      if (c === undefined) {
        map.set(key, { value: 1 });
      } else {
        c.value++;
      }
    }
  }
  return map;
}

function decode(key, k) {
  let s = '';
  for (let i = 0; i < k; i++) {
    s = BASES[key % 4] + s;
    key = Math.floor(key / 4);
  }
  return s;
}

function encode(kmer) {
  let key = 0;
  for (let i = 0; i < kmer.length; i++) {
    key = key * 4 + BASES.indexOf(kmer[i]);
  }
  return key;
}

// x.toFixed(d) rounds exact ties away from zero; C rounds them to even.
function toFixedEven(x, d) {
  const s = x.toFixed(d);
  const exact = Math.abs(x).toFixed(100);
  const dot = exact.indexOf('.');
  const rest = exact.slice(dot + 1 + d);
  if (rest[0] === '5' && /^50*$/.test(rest)) {
    const trunc = exact.slice(0, dot + 1 + d).replace(/\.$/, '');
    if ((trunc.charCodeAt(trunc.length - 1) & 1) === 0) {
      return (x < 0 ? '-' : '') + trunc;
    }
  }
  return s;
}

function frequencies(seq, k) {
  const map = count(seq, k);
  const entries = [];
  for (const [key, c] of map) {
    entries.push([decode(key, k), c.value]);
  }
  entries.sort((a, b) => (b[1] - a[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const total = seq.length - k + 1;
  let out = '';
  for (const [kmer, n] of entries) {
    out += kmer + ' ' + toFixedEven(100.0 * n / total, 3) + '\n';
  }
  return out + '\n';
}

function countOf(seq, kmer) {
  const c = count(seq, kmer.length).get(encode(kmer));
  return (c === undefined ? 0 : c.value) + '\t' + kmer + '\n';
}

// The sequence of the record whose header starts with ">THREE", joined,
// upper-cased and coded A=0 C=1 G=2 T=3.
function readThree(input) {
  const n = input.length;
  const marker = Buffer.from('>THREE', 'latin1');
  let start = -1;
  let i = 0;
  while (i < n) {
    // i is at the start of a line
    if (input[i] === 0x3e && input.compare(marker, 0, marker.length, i, Math.min(n, i + marker.length)) === 0) {
      const nl = input.indexOf(10, i);
      start = nl < 0 ? n : nl + 1;
      break;
    }
    const nl = input.indexOf(10, i);
    if (nl < 0) {
      break;
    }
    i = nl + 1;
  }
  if (start < 0) {
    return new Uint8Array(0);
  }
  const table = new Uint8Array(256);
  table[0x43] = table[0x63] = 1; // C c
  table[0x47] = table[0x67] = 2; // G g
  table[0x54] = table[0x74] = 3; // T t
  const seq = new Uint8Array(n - start);
  let len = 0;
  let lineStart = true;
  for (let j = start; j < n; j++) {
    const b = input[j];
    if (b === 10) {
      lineStart = true;
      continue;
    }
    if (lineStart && b === 0x3e) {
      break; // next record
    }
    lineStart = false;
    if (b === 13) {
      continue;
    }
    seq[len++] = table[b];
  }
  return seq.subarray(0, len);
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
  const seq = readThree(fs.readFileSync(0));
  let out = frequencies(seq, 1) + frequencies(seq, 2);
  for (const kmer of ['GGT', 'GGTA', 'GGTATT', 'GGTATTTTAATT', 'GGTATTTTAATTTATAGT']) {
    out += countOf(seq, kmer);
  }
  writeAll(Buffer.from(out, 'latin1'));
}

main();
