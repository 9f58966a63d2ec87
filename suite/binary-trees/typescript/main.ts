// binary-trees (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; every node is its own object (new
// TreeNode), reclaimed by V8's garbage collector when a tree is dropped; no
// pools or free lists. Node standard library only; Node's globals are
// declared by hand below.

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

class TreeNode {
  constructor(
    readonly left: TreeNode | null,
    readonly right: TreeNode | null,
  ) {}
}

function make(d: number): TreeNode {
  return d === 0 ? new TreeNode(null, null) : new TreeNode(make(d - 1), make(d - 1));
}

function check(t: TreeNode): number {
  return t.left === null || t.right === null ? 1 : 1 + check(t.left) + check(t.right);
}

function main(): void {
  const n = sizeArg(10);
  const minDepth = 4;
  const maxDepth = Math.max(minDepth + 2, n);

  let out = '';
  {
    const stretch = make(maxDepth + 1);
    out += `stretch tree of depth ${maxDepth + 1}\t check: ${check(stretch)}\n`;
  }

  const longLived = make(maxDepth);

  for (let d = minDepth; d <= maxDepth; d += 2) {
    const iterations = 2 ** (maxDepth - d + minDepth);
    let sum = 0;
    for (let i = 0; i < iterations; i++) {
      sum += check(make(d));
    }
    out += `${iterations}\t trees of depth ${d}\t check: ${sum}\n`;
  }

  out += `long lived tree of depth ${maxDepth}\t check: ${check(longLived)}\n`;
  writeText(out);
}

main();
