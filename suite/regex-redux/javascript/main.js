// regex-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; regular expressions via the built-in
// RegExp (V8's Irregexp); stdin read with fs.readFileSync(0); Node standard
// library only.
'use strict';
const fs = require('fs');

const VARIANTS = [
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

// pattern, replacement (replacements contain no '$').
const SUBSTS = [
  ['tHa[Nt]', '<4>'],
  ['aND|caN|Ha[DS]|WaS', '<3>'],
  ['a[NSt]|BY', '<2>'],
  ['<[^>]*>', '|'],
  ['\\|[^|][^|]*\\|', '-'],
];

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
  const input = fs.readFileSync(0, 'latin1');
  const inputLength = input.length;

  let seq = input.replace(/>.*\n|\n/g, '');
  const cleanLength = seq.length;

  let out = '';
  for (const v of VARIANTS) {
    const re = new RegExp(v, 'g');
    let count = 0;
    while (re.exec(seq) !== null) {
      count++;
    }
    out += v + ' ' + count + '\n';
  }

  for (const [pattern, replacement] of SUBSTS) {
    seq = seq.replace(new RegExp(pattern, 'g'), replacement);
  }

  out += '\n' + inputLength + '\n' + cleanLength + '\n' + seq.length + '\n';
  writeAll(Buffer.from(out, 'latin1'));
}

main();
