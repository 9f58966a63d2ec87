//! The HTML report in a real headless Chromium.
//!
//! How console errors are caught: Chromium is driven over the DevTools protocol on a pipe
//! (`--remote-debugging-pipe`: file descriptors 3 and 4, NUL-separated JSON messages), with
//! the `Runtime` and `Log` domains enabled. Uncaught exceptions
//! (`Runtime.exceptionThrown`), `console.error`/`console.assert` calls
//! (`Runtime.consoleAPICalled`) and browser-side errors such as a resource that failed to
//! load or a Content-Security-Policy violation (`Log.entryAdded`, level `error`) all
//! arrive as protocol events, whatever the log level or the build's stderr format. To make
//! sure the capture itself works, a probe page with a deliberate console error, an
//! exception and a missing image is loaded first and must report them.
//!
//! Chromium missing: the test says it is skipped, except when `CI=true`, where it fails.

mod common;

use joulebench_report::render_html;
use joulebench_report::Loaded;
use joulebench_report::RankOptions;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);

fn find_chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("JOULEBENCH_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn chromium_or_skip() -> Option<PathBuf> {
    match find_chromium() {
        Some(p) => Some(p),
        None if joulebench_testkit::in_ci() => {
            panic!("CI=true but no chromium found: install Debian's `chromium` package")
        }
        None => {
            eprintln!("SKIPPED: chromium is not installed (apt-get install chromium); the HTML report was not checked in a browser");
            None
        }
    }
}

fn sample() -> Loaded {
    let (mut runs, s) = common::ranking(4);
    runs.extend(common::two_commands());
    Loaded {
        warnings: Vec::new(),
        sessions: vec![s],
        runs,
        sources: vec![(
            "results.jsonl".into(),
            joulebench_report::SourceKind::JsonLines,
        )],
    }
}

fn render(l: &Loaded) -> String {
    render_html(
        l,
        &RankOptions {
            resamples: 300,
            ..RankOptions::default()
        },
    )
    .unwrap()
}

#[test]
fn the_report_is_self_contained_and_has_text_in_its_charts() {
    let html = render(&sample());
    assert!(!html.contains("<script"), "no script is needed");
    for bad in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
        "src=\"//",
        "href=\"//",
    ] {
        assert!(!html.contains(bad), "external reference {bad}");
    }
    assert!(html.contains("Content-Security-Policy"));
    assert!(
        html.matches("<svg").count() >= 7,
        "rank + command charts + timeline"
    );
    assert!(
        html.matches("<text").count() > 50,
        "chart text is SVG <text>"
    );
    assert!(html.contains(">Rust<") || html.contains(">Slow<"));
    assert!(
        !html.contains("class=\"banner\""),
        "measured data: no banner"
    );
    assert!(html.contains("Why the two tables differ"));
    assert!(
        html.contains("Power during long/Slow"),
        "longest run with a timeline"
    );
    assert!(html.contains("rustc 1.80.0") && html.contains("-O2 -march=native"));

    let (mut runs, mut s) = common::ranking(3);
    for r in &mut runs {
        r.provenance = joulebench_model::Provenance::Estimated;
        r.sensor = "estimate".into();
    }
    s.model = Some("cpu-time x 10 W per core".into());
    let est = render(&Loaded {
        warnings: Vec::new(),
        sessions: vec![s],
        runs,
        sources: vec![],
    });
    let banner = est
        .find("class=\"banner\"")
        .expect("estimated data: banner");
    assert!(
        banner < est.find("<main>").unwrap(),
        "the banner is at the top"
    );
    assert!(est.contains("ESTIMATED by a model (cpu-time x 10 W per core)"));
}

/// A minimal DevTools-protocol client over `--remote-debugging-pipe`.
struct Browser {
    child: Child,
    to: std::fs::File,
    rx: Receiver<Value>,
    next: u64,
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: fds is a valid array of two ints; the new descriptors are owned below.
    let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(rc, 0, "pipe2: {}", std::io::Error::last_os_error());
    // Move both ends above 10 so that they never collide with 3 and 4 in the child.
    let hi = |fd: RawFd| {
        // SAFETY: fd is a valid open descriptor we own.
        let n = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 10) };
        assert!(n >= 10);
        // SAFETY: closing our own descriptor after duplicating it.
        unsafe { libc::close(fd) };
        // SAFETY: n is a fresh descriptor that nothing else owns.
        unsafe { OwnedFd::from_raw_fd(n) }
    };
    (hi(fds[0]), hi(fds[1]))
}

impl Browser {
    fn start(chromium: &Path) -> Browser {
        use std::os::fd::AsRawFd;
        let (chrome_reads, we_write) = pipe();
        let (we_read, chrome_writes) = pipe();
        let profile = tempfile::tempdir().unwrap();
        let (r, w) = (chrome_reads.as_raw_fd(), chrome_writes.as_raw_fd());
        let mut cmd = Command::new(chromium);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--remote-debugging-pipe",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (dup2) between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                if libc::dup2(r, 3) < 0 || libc::dup2(w, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("start chromium");
        drop(chrome_reads);
        drop(chrome_writes);
        let (tx, rx) = channel();
        let mut from = std::fs::File::from(we_read);
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 65536];
            loop {
                let n = match from.read(&mut chunk) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                buf.extend_from_slice(&chunk[..n]);
                while let Some(i) = buf.iter().position(|b| *b == 0) {
                    let msg: Vec<u8> = buf.drain(..=i).collect();
                    if let Ok(v) = serde_json::from_slice::<Value>(&msg[..msg.len() - 1]) {
                        if tx.send(v).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Browser {
            child,
            to: std::fs::File::from(we_write),
            rx,
            next: 0,
            events: Vec::new(),
            _profile: profile,
        }
    }

    fn call(&mut self, method: &str, params: Value, session: Option<&str>) -> Value {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).expect("write to chromium");
        let end = Instant::now() + TIMEOUT;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            let m = self
                .rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no answer from chromium to {method}"));
            if m.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(e) = m.get("error") {
                    panic!("{method} failed: {e}");
                }
                return m["result"].clone();
            }
            self.events.push(m);
        }
    }

    fn wait_event(&mut self, method: &str) {
        if self.events.iter().any(|e| e["method"] == method) {
            return;
        }
        let end = Instant::now() + TIMEOUT;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            let m = self
                .rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("chromium sent no {method}"));
            let hit = m["method"] == method;
            self.events.push(m);
            if hit {
                return;
            }
        }
    }

    /// Errors seen so far: exceptions, console errors, browser log errors.
    fn errors(&self) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|e| {
                let p = &e["params"];
                match e["method"].as_str()? {
                    "Runtime.exceptionThrown" => {
                        Some(format!("exception: {}", p["exceptionDetails"]))
                    }
                    "Runtime.consoleAPICalled"
                        if matches!(p["type"].as_str(), Some("error") | Some("assert")) =>
                    {
                        Some(format!("console.{}: {}", p["type"], p["args"]))
                    }
                    "Log.entryAdded" if p["entry"]["level"] == "error" => {
                        Some(format!("log: {}", p["entry"]["text"]))
                    }
                    _ => None,
                }
            })
            .collect()
    }

    /// Open `url` in a new tab of 1200 x 2000; returns the tab's session id.
    fn open(&mut self, url: &str) -> String {
        let t = self.call("Target.createTarget", json!({"url": "about:blank"}), None);
        let target = t["targetId"].as_str().unwrap().to_string();
        let a = self.call(
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
            None,
        );
        let s = a["sessionId"].as_str().unwrap().to_string();
        for m in ["Runtime.enable", "Log.enable", "Page.enable"] {
            self.call(m, json!({}), Some(&s));
        }
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1200, "height": 2000, "deviceScaleFactor": 1, "mobile": false}),
            Some(&s),
        );
        self.events.clear();
        self.call("Page.navigate", json!({"url": url}), Some(&s));
        self.wait_event("Page.loadEventFired");
        // Let late console messages arrive.
        self.call("Runtime.evaluate", json!({"expression": "1"}), Some(&s));
        s
    }

    fn eval(&mut self, s: &str, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expr, "returnByValue": true}),
            Some(s),
        );
        r["result"]["value"].clone()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self
            .to
            .write_all(b"{\"id\":999999,\"method\":\"Browser.close\"}\0");
        let end = Instant::now() + Duration::from_secs(10);
        while Instant::now() < end {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// (fraction of pixels that differ from the top-left pixel, number of distinct colours).
fn ink(png_bytes: &[u8]) -> (f64, usize, u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let px = match info.color_type {
        png::ColorType::Rgba => 4,
        png::ColorType::Rgb => 3,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    let data = &buf[..info.buffer_size()];
    let bg = &data[..3];
    let mut differ = 0usize;
    let mut colours = std::collections::HashSet::new();
    for p in data.chunks(px) {
        if &p[..3] != bg {
            differ += 1;
        }
        if colours.len() < 5000 {
            colours.insert((p[0], p[1], p[2]));
        }
    }
    (
        differ as f64 / (data.len() / px) as f64,
        colours.len(),
        info.width,
        info.height,
    )
}

#[test]
fn the_report_renders_in_chromium_without_console_errors() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe.html");
    std::fs::write(
        &probe,
        "<!doctype html><html><body><p>probe</p><img src=\"missing.png\">\
         <script>console.error('probe-error'); nosuchfunction();</script></body></html>",
    )
    .unwrap();
    let report = dir.path().join("report.html");
    let html = render(&sample());
    std::fs::write(&report, &html).unwrap();
    // Kept for a human look, beside the screenshot.
    let _ = std::fs::write(
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report.html"),
        &html,
    );

    let mut b = Browser::start(&chromium);
    // The capture works: the probe's three errors are seen.
    b.open(&format!("file://{}", probe.display()));
    let probe_errors = b.errors();
    assert!(
        probe_errors.iter().any(|e| e.contains("probe-error"))
            && probe_errors.iter().any(|e| e.contains("nosuchfunction")),
        "the console capture does not work: {probe_errors:?}"
    );

    let s = b.open(&format!("file://{}", report.display()));
    let facts = b.eval(
        &s,
        "JSON.stringify({svgs: document.querySelectorAll('svg').length, \
          texts: document.querySelectorAll('svg text').length, \
          wide: [...document.querySelectorAll('svg text')].filter(t => t.getBBox().width > 1).length, \
          title: document.title, h2: document.querySelectorAll('h2').length})",
    );
    let facts: Value = serde_json::from_str(facts.as_str().unwrap()).unwrap();
    let errors = b.errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    assert!(facts["svgs"].as_u64().unwrap() >= 7, "{facts}");
    let texts = facts["texts"].as_u64().unwrap();
    assert!(texts > 50, "{facts}");
    assert!(
        facts["wide"].as_u64().unwrap() * 10 >= texts * 9,
        "SVG text is laid out by the browser: {facts}"
    );
    assert!(facts["title"].as_str().unwrap().contains("joulebench"));

    let shot = b.call("Page.captureScreenshot", json!({"format": "png"}), Some(&s));
    let png_bytes = base64(shot["data"].as_str().unwrap());
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-screenshot.png");
    std::fs::write(&out, &png_bytes).unwrap();
    let (ink, colours, w, h) = ink(&png_bytes);
    eprintln!(
        "screenshot {w}x{h} at {}: {:.1} % ink, {colours} colours",
        out.display(),
        ink * 100.0
    );
    assert_eq!((w, h), (1200, 2000));
    assert!(
        ink > 0.05,
        "the screenshot is (almost) blank: {:.2} % ink",
        ink * 100.0
    );
    assert!(colours > 20, "too few colours ({colours}): no charts?");
}

/// `run --export-html`'s page: loads without errors, and its charts are laid out with
/// their titles naming the sensor.
#[test]
fn the_run_export_renders_in_chromium_without_console_errors() {
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("run.html");
    let html = joulebench_report::export_html(&common::two_commands(), &common::session()).unwrap();
    std::fs::write(&page, &html).unwrap();
    let mut b = Browser::start(&chromium);
    let s = b.open(&format!("file://{}", page.display()));
    let facts = b.eval(
        &s,
        "JSON.stringify({svgs: document.querySelectorAll('svg').length, \
          tall: [...document.querySelectorAll('figure svg')].filter(e => e.getBoundingClientRect().height > 50).length, \
          titles: [...document.querySelectorAll('svg text')].map(t => t.textContent.trim()), \
          rows: document.querySelectorAll('#commands tbody tr').length})",
    );
    let facts: Value = serde_json::from_str(facts.as_str().unwrap()).unwrap();
    let errors = b.errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    assert_eq!(facts["rows"], 2, "{facts}");
    // Energy, time, relative energy, energy against time, memory, power timeline.
    assert_eq!(facts["svgs"], 6, "{facts}");
    assert_eq!(
        facts["tall"], 6,
        "every chart has a height on the page: {facts}"
    );
    let titles: Vec<&str> = facts["titles"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for t in [
        "Energy per run, measured by the rapl-powercap sensor",
        "Wall time per run, measured by the clock",
    ] {
        assert!(titles.contains(&t), "{t:?} not drawn: {titles:?}");
    }
}

#[test]
fn the_by_machine_report_renders_in_chromium_without_console_errors() {
    let machines =
        joulebench_report::merge_shards(common::two_machines(), true).expect("two machines");
    let c = joulebench_report::compare_machines(
        &machines,
        &RankOptions {
            resamples: 300,
            ..RankOptions::default()
        },
    )
    .unwrap();
    let html = joulebench_report::render_machines_html(&c).unwrap();
    assert!(!html.contains("<script"), "no script is needed");
    assert!(html.contains("Content-Security-Policy"));
    let Some(chromium) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("machines.html");
    std::fs::write(&page, &html).unwrap();
    let _ = std::fs::write(
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("machines.html"),
        &html,
    );
    let mut b = Browser::start(&chromium);
    let s = b.open(&format!("file://{}", page.display()));
    let facts = b.eval(
        &s,
        "JSON.stringify({svgs: document.querySelectorAll('svg').length, \
          tables: document.querySelectorAll('table').length, \
          text: document.body.innerText})",
    );
    let facts: Value = serde_json::from_str(facts.as_str().unwrap()).unwrap();
    let errors = b.errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    assert_eq!(facts["svgs"], 2, "one chart per machine: {}", facts["svgs"]);
    // Machines, ratios, agreement, and one table per machine.
    assert_eq!(facts["tables"], 5);
    let text = facts["text"].as_str().unwrap();
    for want in [
        "Example Intel 8000",
        "Example AMD 9000",
        "Kendall's tau-b",
        "C before Fast on M1, after on M2",
    ] {
        assert!(text.contains(want), "{want} not shown");
    }
}
