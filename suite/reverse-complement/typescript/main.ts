// reverse-complement (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; stdin read whole with fs.readFileSync(0);
// each record's sequence is compacted in place inside the input buffer,
// then reverse-complemented through a 256-entry byte table into one output
// buffer, 60 bases a line, written in large blocks. Node standard library
// only; Node's globals are declared by hand below.

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

const LINE = 60;

function complementTable(): Uint8Array {
  const table = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    table[i] = i;
  }
  const from = 'ACGTUMRWSYKVHDBN';
  const to = 'TGCAAKYWSRMBDHVN';
  for (let i = 0; i < from.length; i++) {
    const c = to.charCodeAt(i);
    table[from.charCodeAt(i)] = c;
    table[from.toLowerCase().charCodeAt(i)] = c;
  }
  return table;
}

function main(): void {
  const table = complementTable();
  const input = fs.readFileSync(0);
  const n = input.length;
  let out = new Uint8Array(0);
  let pos = 0;
  while (pos < n) {
    let headerStart = pos;
    let headerEnd = pos;
    if (input[pos] === 0x3e) {
      let eol = input.indexOf(10, pos);
      if (eol < 0) {
        eol = n;
      }
      headerEnd = eol;
      pos = eol + 1;
    }

    // Compact this record's sequence (up to a line starting with '>') to
    // input[start, w).
    const start = pos;
    let w = pos;
    let atLineStart = true;
    while (pos < n) {
      const b = input[pos];
      if (b === 10) {
        atLineStart = true;
      } else if (atLineStart && b === 0x3e) {
        break;
      } else {
        atLineStart = false;
        if (b !== 13) {
          input[w++] = b;
        }
      }
      pos++;
    }

    const seqLen = w - start;
    const headerLen = headerEnd > headerStart ? headerEnd - headerStart + 1 : 0;
    const need = headerLen + seqLen + Math.ceil(seqLen / LINE);
    if (out.length < need) {
      out = new Uint8Array(need);
    }
    let p = 0;
    if (headerLen > 0) {
      out.set(input.subarray(headerStart, headerEnd), 0);
      out[headerLen - 1] = 10;
      p = headerLen;
    }
    let col = 0;
    for (let j = w - 1; j >= start; j--) {
      out[p++] = table[input[j]];
      if (++col === LINE) {
        out[p++] = 10;
        col = 0;
      }
    }
    if (col !== 0) {
      out[p++] = 10;
    }
    writeAll(out.subarray(0, p));
  }
}

main();
