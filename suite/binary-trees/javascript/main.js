// binary-trees (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; every node is a separate object allocated
// with `new` (no pools or arenas); V8's default garbage collector; Node
// standard library only.
'use strict';
const fs = require('fs');

class Node {
  constructor(left, right) {
    this.left = left;
    this.right = right;
  }
}

function make(depth) {
  if (depth === 0) {
    return new Node(null, null);
  }
  return new Node(make(depth - 1), make(depth - 1));
}

function check(t) {
  if (t.left === null) {
    return 1;
  }
  return 1 + check(t.left) + check(t.right);
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
  const minDepth = 4;
  const maxDepth = Math.max(minDepth + 2, n);
  let out = '';

  const stretchDepth = maxDepth + 1;
  out += 'stretch tree of depth ' + stretchDepth + '\t check: ' + check(make(stretchDepth)) + '\n';

  const longLived = make(maxDepth);

  for (let d = minDepth; d <= maxDepth; d += 2) {
    const iterations = 2 ** (maxDepth - d + minDepth);
    let sum = 0;
    for (let i = 0; i < iterations; i++) {
      sum += check(make(d));
    }
    out += iterations + '\t trees of depth ' + d + '\t check: ' + sum + '\n';
  }

  out += 'long lived tree of depth ' + maxDepth + '\t check: ' + check(longLived) + '\n';
  writeAll(Buffer.from(out, 'latin1'));
}

main();
