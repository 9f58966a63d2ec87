// spectral-norm (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; IEEE double (JS numbers, Float64Array), no
// FMA (V8 never contracts a*b+c); Node standard library only.
// Output rounding matches C printf("%.9f") (exact binary value, half-even).
'use strict';
const fs = require('fs');

// A(i, j) with 0-based i, j. (i+j)*(i+j+1) is always even, so the division by
// 2 is an exact integer division.
function a(i, j) {
  const ij = i + j;
  return 1.0 / ((ij * (ij + 1)) / 2 + i + 1);
}

// out = A x
function multiplyA(x, out) {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    let sum = 0.0;
    for (let j = 0; j < n; j++) {
      sum += a(i, j) * x[j];
    }
    out[i] = sum;
  }
}

// out = At x
function multiplyAt(x, out) {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    let sum = 0.0;
    for (let j = 0; j < n; j++) {
      sum += a(j, i) * x[j];
    }
    out[i] = sum;
  }
}

// out = At (A x), tmp is scratch
function multiplyAtA(x, out, tmp) {
  multiplyA(x, tmp);
  multiplyAt(tmp, out);
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
  const u = new Float64Array(n).fill(1.0);
  const v = new Float64Array(n);
  const tmp = new Float64Array(n);
  for (let i = 0; i < 10; i++) {
    multiplyAtA(u, v, tmp);
    multiplyAtA(v, u, tmp);
  }
  let vBv = 0.0, vv = 0.0;
  for (let i = 0; i < n; i++) {
    vBv += u[i] * v[i];
    vv += v[i] * v[i];
  }
  writeAll(Buffer.from(toFixedEven(Math.sqrt(vBv / vv), 9) + '\n', 'latin1'));
}

main();
