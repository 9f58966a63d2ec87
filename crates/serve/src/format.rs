//! Which exposition format a scrape gets, from its `Accept` header.
//!
//! As node_exporter (client_golang's `expfmt.NegotiateIncludingOpenMetrics`) does:
//! OpenMetrics for a client that asks for it (Prometheus does), the classic text format
//! 0.0.4 for everyone else: no `Accept`, `*/*`, `text/plain`, a header that names
//! neither, or one that cannot be parsed. Never 406: a scraper with an odd header still
//! gets metrics it can read.
//!
//! Unlike client_golang, q-values are honoured as RFC 9110 says: each format gets the q
//! of the most specific range that matches it (`text/plain;version=0.0.4` over
//! `text/plain` over `text/*` over `*/*`), `q=0` refuses it, and the highest q wins. A
//! tie goes to the more specific match, then to the range listed first, then to the
//! classic format (so `*/*` alone gets classic).
//!
//! A header is read once, left to right, without allocating: a hostile one (hyper caps
//! a request head at [`crate::http::MAX_BUF`] bytes) costs time linear in its length.

use std::cmp::Reverse;

/// An exposition format `/metrics` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The classic Prometheus text format, version 0.0.4: the default.
    Classic,
    /// OpenMetrics 1.0.0.
    OpenMetrics,
    /// OpenMetrics asked for as version 0.0.1 (the draft Prometheus 2 still offers at a
    /// lower q): Prometheus parses both versions alike, so the body is the 1.0.0 one,
    /// labelled as asked, as client_golang does.
    OpenMetricsV001,
}

impl Format {
    /// The `Content-Type` of a response in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Classic => "text/plain; version=0.0.4; charset=utf-8",
            Format::OpenMetrics => "application/openmetrics-text; version=1.0.0; charset=utf-8",
            Format::OpenMetricsV001 => "application/openmetrics-text; version=0.0.1; charset=utf-8",
        }
    }

    /// The format for a request whose `Accept` header lines are `accept` (none: no
    /// header). A line that is not UTF-8 is ignored, as is a media range that does not
    /// parse; the rest of the header still counts.
    pub fn negotiate<'a>(accept: impl IntoIterator<Item = &'a [u8]>) -> Format {
        let mut best: [Option<Match>; OFFERS.len()] = [None; OFFERS.len()];
        let ranges = accept
            .into_iter()
            .filter_map(|line| std::str::from_utf8(line).ok())
            .flat_map(|line| Split::new(line, b','))
            .filter_map(parse_range);
        for (position, range) in ranges.enumerate() {
            for (offer, best) in OFFERS.iter().zip(best.iter_mut()) {
                let Some(specificity) = range.specificity_for(offer) else {
                    continue;
                };
                // The most specific range decides; among equals, the first.
                if best.is_none_or(|b| specificity > b.specificity) {
                    *best = Some(Match {
                        q: range.q,
                        specificity,
                        position,
                    });
                }
            }
        }
        let mut chosen = (Format::Classic, None);
        for (offer, m) in OFFERS.iter().zip(best) {
            let Some(m) = m.filter(|m| m.q > 0) else {
                continue;
            };
            // Strictly greater: a tie keeps the offer earlier in OFFERS.
            if chosen.1.is_none_or(|c| m.score() > c) {
                chosen = (offer.format, Some(m.score()));
            }
        }
        chosen.0
    }
}

/// A format as a media type, in the server's order of preference.
struct Offer {
    format: Format,
    ty: &'static str,
    subtype: &'static str,
    version: &'static str,
}

const OFFERS: [Offer; 3] = [
    Offer {
        format: Format::Classic,
        ty: "text",
        subtype: "plain",
        version: "0.0.4",
    },
    Offer {
        format: Format::OpenMetrics,
        ty: "application",
        subtype: "openmetrics-text",
        version: "1.0.0",
    },
    Offer {
        format: Format::OpenMetricsV001,
        ty: "application",
        subtype: "openmetrics-text",
        version: "0.0.1",
    },
];

/// The range of the header that decides an offer's q.
#[derive(Clone, Copy, Debug)]
struct Match {
    /// Thousandths (q=0.5 is 500).
    q: u16,
    specificity: u8,
    position: usize,
}

impl Match {
    fn score(self) -> (u16, u8, Reverse<usize>) {
        (self.q, self.specificity, Reverse(self.position))
    }
}

/// One media range of an `Accept` header.
#[derive(Debug, PartialEq)]
struct Range<'a> {
    ty: &'a str,
    subtype: &'a str,
    version: Option<&'a str>,
    q: u16,
}

impl Range<'_> {
    /// How specifically this range names `offer` (3: with its version, 2: the type
    /// without a version, 1: `type/*`, 0: `*/*`), or `None` if it does not.
    fn specificity_for(&self, offer: &Offer) -> Option<u8> {
        if self.ty == "*" {
            return Some(0);
        }
        if !self.ty.eq_ignore_ascii_case(offer.ty) {
            return None;
        }
        if self.subtype == "*" {
            return Some(1);
        }
        if !self.subtype.eq_ignore_ascii_case(offer.subtype) {
            return None;
        }
        match self.version {
            None => Some(2),
            Some(v) if v == offer.version => Some(3),
            Some(_) => None,
        }
    }
}

/// Optional whitespace (RFC 9110's OWS).
const OWS: [char; 2] = [' ', '\t'];

/// Parse `type/subtype *( OWS ";" OWS name=value )`; `None` if malformed. Parameters
/// after `q` are accept extensions, not media type parameters, and are skipped.
fn parse_range(s: &str) -> Option<Range<'_>> {
    let mut parts = Split::new(s, b';');
    let (ty, subtype) = parts.next()?.trim_matches(OWS).split_once('/')?;
    if !is_token(ty) || !is_token(subtype) || (ty == "*" && subtype != "*") {
        return None;
    }
    let mut range = Range {
        ty,
        subtype,
        version: None,
        q: 1000,
    };
    for p in parts {
        let (name, value) = p.trim_matches(OWS).split_once('=')?;
        let value = param_value(value)?;
        if !is_token(name) {
            return None;
        }
        if name.eq_ignore_ascii_case("q") {
            range.q = parse_q(value)?;
            break;
        }
        if name.eq_ignore_ascii_case("version") {
            range.version = Some(value);
        }
    }
    Some(range)
}

/// A parameter's value: a token, or a quoted string without its quotes (escapes are
/// left in: no version we offer contains one, so an escaped value matches nothing).
fn param_value(v: &str) -> Option<&str> {
    if let Some(inner) = v.strip_prefix('"') {
        return inner.strip_suffix('"');
    }
    is_token(v).then_some(v)
}

/// A qvalue, in thousandths: `0`, `0.5`, `0.125`, `1`, `1.000`, at most 3 decimals.
fn parse_q(v: &str) -> Option<u16> {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = frac
        .bytes()
        .zip([100, 10, 1])
        .map(|(d, scale)| u16::from(d - b'0') * scale)
        .sum::<u16>();
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// RFC 9110's token: one or more tchars.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The non-empty pieces of `s` between `sep` bytes outside double quotes (a backslash
/// in quotes escapes the next byte), trimmed of OWS. An unterminated quote runs to the
/// end: that piece is then malformed and its range ignored.
struct Split<'a> {
    rest: &'a str,
    sep: u8,
}

impl<'a> Split<'a> {
    fn new(s: &'a str, sep: u8) -> Self {
        Split { rest: s, sep }
    }

    /// The byte index of the next separator outside quotes, if any.
    fn next_sep(&self) -> Option<usize> {
        let (mut quoted, mut escaped) = (false, false);
        for (i, b) in self.rest.bytes().enumerate() {
            match b {
                _ if escaped => escaped = false,
                b'\\' if quoted => escaped = true,
                b'"' => quoted = !quoted,
                b if b == self.sep && !quoted => return Some(i),
                _ => {}
            }
        }
        None
    }
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        while !self.rest.is_empty() {
            // `sep` is ASCII, so slicing around it stays on char boundaries.
            let (piece, rest) = match self.next_sep() {
                Some(i) => (&self.rest[..i], &self.rest[i + 1..]),
                None => (self.rest, ""),
            };
            self.rest = rest;
            let piece = piece.trim_matches(OWS);
            // Empty list elements (`a,,b`) are allowed and skipped.
            if !piece.is_empty() {
                return Some(piece);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn neg(accept: &str) -> Format {
        Format::negotiate([accept.as_bytes()])
    }

    const PROMETHEUS_2: &str = "application/openmetrics-text;version=1.0.0,\
        application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,\
        */*;q=0.1";
    const PROMETHEUS_3: &str = "application/vnd.google.protobuf;\
        proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.5,\
        application/openmetrics-text;version=1.0.0;q=0.4,\
        application/openmetrics-text;version=0.0.1;q=0.3,\
        text/plain;version=1.0.0;escaping=allow-utf-8;q=0.2,\
        text/plain;version=0.0.4;q=0.1,*/*;q=0.05";

    #[test]
    fn classic_unless_openmetrics_is_asked_for() {
        assert_eq!(Format::negotiate([]), Format::Classic);
        for accept in [
            "",
            "*/*",
            "text/plain",
            "text/plain; version=0.0.4",
            "text/*",
            "application/json",
            // Protobuf is not offered; the text after it is.
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;\
             encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3",
        ] {
            assert_eq!(neg(accept), Format::Classic, "{accept:?}");
        }
    }

    #[test]
    fn openmetrics_when_asked_for() {
        for (accept, want) in [
            (PROMETHEUS_2, Format::OpenMetrics),
            (PROMETHEUS_3, Format::OpenMetrics),
            ("application/openmetrics-text", Format::OpenMetrics),
            (
                "application/openmetrics-text; version=1.0.0",
                Format::OpenMetrics,
            ),
            (
                "Application/OpenMetrics-Text;Version=\"1.0.0\"",
                Format::OpenMetrics,
            ),
            ("application/*", Format::OpenMetrics),
            (
                "application/openmetrics-text; version=0.0.1",
                Format::OpenMetricsV001,
            ),
            (
                "application/openmetrics-text;version=0.0.1,\
                 application/openmetrics-text;version=1.0.0;q=0.9",
                Format::OpenMetricsV001,
            ),
        ] {
            assert_eq!(neg(accept), want, "{accept:?}");
        }
    }

    #[test]
    fn q_values_are_honoured() {
        for (accept, want) in [
            (
                "text/plain;q=0.5, application/openmetrics-text",
                Format::OpenMetrics,
            ),
            (
                "text/plain, application/openmetrics-text;q=0.999",
                Format::Classic,
            ),
            (
                "application/openmetrics-text;q=0.5, */*;q=0.9",
                Format::Classic,
            ),
            ("application/openmetrics-text;q=0, */*", Format::Classic),
            // Refused explicitly, so the wildcard's other match wins.
            ("text/plain;q=0, */*", Format::OpenMetrics),
            (
                "text/*;q=0, application/openmetrics-text;q=0.001",
                Format::OpenMetrics,
            ),
            // The more specific range decides text/plain's q (0.1), not text/* (1).
            (
                "text/*, text/plain;q=0.1, application/openmetrics-text;q=0.2",
                Format::OpenMetrics,
            ),
            // Equal q: the more specific, then the first listed.
            (
                "*/*;q=0.5, application/openmetrics-text;q=0.5",
                Format::OpenMetrics,
            ),
            (
                "application/openmetrics-text, text/plain",
                Format::OpenMetrics,
            ),
            ("text/plain, application/openmetrics-text", Format::Classic),
            // Nothing acceptable: classic all the same, never 406.
            ("text/plain;q=0, application/*;q=0", Format::Classic),
            // Parameters after q are extensions: this version is not the media type's.
            (
                "application/openmetrics-text;q=1;version=9",
                Format::OpenMetrics,
            ),
        ] {
            assert_eq!(neg(accept), want, "{accept:?}");
        }
    }

    #[test]
    fn versions_not_offered_do_not_match() {
        for accept in [
            "application/openmetrics-text; version=2.0.0",
            "text/plain;version=1.0.0;escaping=allow-utf-8, application/openmetrics-text;\
             version=0.9;q=1",
        ] {
            assert_eq!(neg(accept), Format::Classic, "{accept:?}");
        }
    }

    #[test]
    fn malformed_ranges_are_skipped_and_the_rest_still_counts() {
        for accept in [
            "application/openmetrics-text;q=2",
            "application/openmetrics-text;q=1.5",
            "application/openmetrics-text;q=0.5x",
            "application/openmetrics-text;q=.5",
            "application/openmetrics-text;q=0.1234",
            "application/openmetrics-text;q=-1",
            "application/openmetrics-text;q=NaN",
            "application/openmetrics-text;q=",
            "application/openmetrics-text;version",
            "application/openmetrics-text;;;=;",
            "application /openmetrics-text",
            "*/openmetrics-text",
            "application/openmetrics-text/extra",
            "applic@tion/openmetrics-text",
            "/",
            ";;;,,,;;;",
            "\"application/openmetrics-text\"",
        ] {
            assert_eq!(neg(accept), Format::Classic, "{accept:?}");
            let with_good = format!("{accept}, application/openmetrics-text;q=0.2");
            assert_eq!(neg(&with_good), Format::OpenMetrics, "{with_good:?}");
        }
        // An unterminated quote runs to the end of the line: all of it is one bad range.
        assert_eq!(
            neg("application/openmetrics-text;version=\"1.0.0, application/openmetrics-text"),
            Format::Classic
        );
        // A comma inside a quoted value does not split the range.
        assert_eq!(
            neg("application/openmetrics-text;x=\"a,text/plain\";q=0.9, text/plain;q=0.1"),
            Format::OpenMetrics
        );
        // Nor does an escaped quote end the string.
        assert_eq!(
            neg("text/plain;x=\"a\\\",b\";q=0.1, application/openmetrics-text;q=0.5"),
            Format::OpenMetrics
        );
    }

    #[test]
    fn several_header_lines_are_one_list_and_bad_bytes_lose_only_their_line() {
        let lines: [&[u8]; 3] = [
            b"text/plain;q=0.3",
            b"application/openmetrics-text;\xff\xfe;q=1",
            b"application/openmetrics-text;q=0.5",
        ];
        assert_eq!(Format::negotiate(lines), Format::OpenMetrics);
        // Dropped, not read lossily: this OpenMetrics range does not count.
        let lines: [&[u8]; 2] = [
            b"application/openmetrics-text;x=\xc3\x28",
            b"text/plain;q=0.5",
        ];
        assert_eq!(Format::negotiate(lines), Format::Classic);
    }

    #[test]
    fn qvalues_parse_strictly() {
        for (v, want) in [
            ("0", Some(0)),
            ("0.", Some(0)),
            ("0.5", Some(500)),
            ("0.125", Some(125)),
            ("0.001", Some(1)),
            ("1", Some(1000)),
            ("1.000", Some(1000)),
            ("1.001", None),
            ("2", None),
            ("00.5", None),
            ("0.5.5", None),
            ("", None),
            ("0.+5", None),
        ] {
            assert_eq!(parse_q(v), want, "{v:?}");
        }
    }

    #[test]
    fn a_hostile_header_costs_linear_time() {
        // hyper admits request heads up to 64 KiB; each of these fills one. A parser
        // that rescanned the header per range (or sorted and allocated per range) would
        // take seconds on some of them; this one takes well under a millisecond each.
        let n = 64 * 1024;
        let headers: Vec<Vec<u8>> = vec![
            ",".repeat(n).into_bytes(),
            ";".repeat(n).into_bytes(),
            "\"".repeat(n).into_bytes(),
            format!("text/plain;x=\"{}", ",".repeat(n)).into_bytes(),
            "a/b;q=0.1,".repeat(n / 10).into_bytes(),
            "*/*;q=0.001,".repeat(n / 12).into_bytes(),
            "\\\"".repeat(n / 2).into_bytes(),
            vec![0xff; n],
        ];
        let t = Instant::now();
        for h in &headers {
            assert_eq!(Format::negotiate([h.as_slice()]), Format::Classic);
        }
        // Generous for a loaded CI machine: the point is to catch quadratic behaviour.
        assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
        // A range at the end of a long header still counts.
        let mut h = "x/y;q=0.9,".repeat(n / 11);
        h.push_str("application/openmetrics-text");
        assert_eq!(neg(&h), Format::OpenMetrics);
    }

    #[test]
    fn content_types_name_the_format() {
        assert_eq!(
            Format::Classic.content_type(),
            "text/plain; version=0.0.4; charset=utf-8"
        );
        assert!(Format::OpenMetrics
            .content_type()
            .starts_with("application/openmetrics-text; version=1.0.0"));
        assert!(Format::OpenMetricsV001
            .content_type()
            .contains("version=0.0.1"));
    }
}
