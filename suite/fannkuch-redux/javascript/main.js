// fannkuch-redux (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; permutations generated in the SPEC order
// (count/r rotation scheme); Node standard library only.
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

function fannkuch(n) {
  const perm1 = new Int32Array(n);
  const perm = new Int32Array(n);
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    perm1[i] = i;
  }
  let r = n;
  let permIndex = 0;
  let maxFlips = 0;
  let checksum = 0;

  for (;;) {
    while (r !== 1) {
      count[r - 1] = r;
      r--;
    }

    // Copy perm1 and count its flips.
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
    checksum += (permIndex & 1) === 0 ? flips : -flips;

    // Next permutation.
    for (;;) {
      if (r === n) {
        return [checksum, maxFlips];
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
    permIndex++;
  }
}

function main() {
  const n = parseInt(process.argv[2], 10);
  const [checksum, maxFlips] = fannkuch(n);
  writeAll(Buffer.from(checksum + '\nPfannkuchen(' + n + ') = ' + maxFlips + '\n', 'latin1'));
}

main();
