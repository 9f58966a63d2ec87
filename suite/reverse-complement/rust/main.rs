// reverse-complement (joulebench suite, written from SPEC.md).
// Rules relied on: single-threaded; stdin read line by line through std's
// buffered reader, one record's sequence held at a time; complement by a
// 256-entry lookup table; output buffered. Standard library only.
use std::io::{self, BufRead, Write};

const LINE_LEN: usize = 60;

/// Complement table: upper or lower case in, upper case out; any other
/// byte maps to itself.
fn complement_table() -> [u8; 256] {
    let mut table = [0u8; 256];
    for (i, slot) in table.iter_mut().enumerate() {
        *slot = i as u8;
    }
    let pairs: [(u8, u8); 16] = [
        (b'A', b'T'),
        (b'C', b'G'),
        (b'G', b'C'),
        (b'T', b'A'),
        (b'U', b'A'),
        (b'M', b'K'),
        (b'R', b'Y'),
        (b'W', b'W'),
        (b'S', b'S'),
        (b'Y', b'R'),
        (b'K', b'M'),
        (b'V', b'B'),
        (b'H', b'D'),
        (b'D', b'H'),
        (b'B', b'V'),
        (b'N', b'N'),
    ];
    for (from, to) in pairs {
        table[from as usize] = to;
        table[from.to_ascii_lowercase() as usize] = to;
    }
    table
}

/// Writes the reverse complement of `seq`, LINE_LEN characters a line.
fn write_record<W: Write>(
    out: &mut W,
    seq: &[u8],
    table: &[u8; 256],
    buf: &mut Vec<u8>,
) -> io::Result<()> {
    buf.clear();
    buf.reserve(seq.len() + seq.len() / LINE_LEN + 1);
    // rchunks yields the last LINE_LEN bytes first, the short remainder last.
    for chunk in seq.rchunks(LINE_LEN) {
        buf.extend(chunk.iter().rev().map(|&b| table[b as usize]));
        buf.push(b'\n');
    }
    out.write_all(buf)
}

fn main() -> io::Result<()> {
    let table = complement_table();
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());

    let mut line = Vec::with_capacity(128);
    let mut seq = Vec::new();
    let mut buf = Vec::new();
    let mut header: Option<Vec<u8>> = None;

    loop {
        line.clear();
        let read = input.read_until(b'\n', &mut line)?;
        if read == 0 || line[0] == b'>' {
            if let Some(h) = header.take() {
                out.write_all(&h)?;
                write_record(&mut out, &seq, &table, &mut buf)?;
                seq.clear();
            }
            if read == 0 {
                break;
            }
            let mut h = line.clone();
            if !h.ends_with(b"\n") {
                h.push(b'\n');
            }
            header = Some(h);
        } else {
            let mut body = &line[..];
            while let [rest @ .., b'\n' | b'\r'] = body {
                body = rest;
            }
            seq.extend_from_slice(body);
        }
    }
    out.flush()
}
