//! The HTTP server under a flood of idle and slow connections: 2,000 TCP connections
//! that send nothing (or half a request head) must not keep a well-behaved scrape
//! waiting. Loopback only; every count and wait is bounded.

use joulebench_sensors::{open, ProbeOptions, Roots};
use joulebench_serve::{bind, Config, Exporter};
use joulebench_testkit::proctable::{FakeProc, FakeProcess};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Idle connections opened, far above the server's connection cap.
const IDLE: usize = 2000;
/// The most a scrape may take from `connect` to the last byte of its body. A scrape of
/// a quiet exporter takes well under a millisecond; before the fix one waited for the
/// 30 s header timeout of an idle connection to free a slot.
const SCRAPE_BOUND: Duration = Duration::from_secs(1);

/// Raise the soft limit on open files to the hard one: the client ends of the idle
/// connections live in this process too.
fn raise_nofile(need: u64) {
    // SAFETY: getrlimit/setrlimit read and write the struct they are given.
    let mut rl: libc::rlimit = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) }, 0);
    if rl.rlim_cur < rl.rlim_max {
        rl.rlim_cur = rl.rlim_max;
        // SAFETY: as above; raising the soft limit up to the hard one is always allowed.
        assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &rl) }, 0);
    }
    assert!(
        rl.rlim_cur >= need,
        "this test needs {need} open files; the hard limit is {}",
        rl.rlim_max
    );
}

/// An exporter on a fake `/proc`, serving on 127.0.0.1 from a current-thread runtime of
/// its own, as `joulebench serve` does.
struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _proc: tempfile::TempDir,
}

impl Running {
    fn start() -> Running {
        let dir = tempfile::tempdir().unwrap();
        let fp = FakeProc::new(dir.path()).unwrap();
        fp.write_machine("Test CPU", 4, 10_000, 50_000).unwrap();
        for pid in 1..=20 {
            fp.write(&FakeProcess::new(pid, "worker", u64::from(pid), 0))
                .unwrap();
        }
        let opts = ProbeOptions::new(Roots {
            procfs: dir.path().to_path_buf(),
            ..Roots::default()
        });
        let cfg = Config {
            procfs: dir.path().to_path_buf(),
            interval: Duration::from_millis(200),
            ..Config::default()
        };
        let sensor = open("estimate", &opts).unwrap();
        let log: joulebench_serve::Logger = Arc::new(|m: &str| eprintln!("exporter: {m}"));
        let exporter = Exporter::start(sensor, &cfg, log).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        // As `joulebench serve` binds: with a listen backlog of 1024.
        let l = {
            let _rt = rt.enter();
            bind("127.0.0.1:0".parse().unwrap()).unwrap()
        };
        let addr = l.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            rt.block_on(async move {
                exporter
                    .serve(l, async {
                        let _ = rx.await;
                    })
                    .await;
            });
        });
        Running {
            addr,
            stop: Some(tx),
            thread: Some(thread),
            _proc: dir,
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// One scrape on a fresh connection; its status, body and time, or why it failed.
fn scrape(addr: SocketAddr) -> Result<(u16, String, Duration), String> {
    let t = Instant::now();
    let err = |what: &str, e: std::io::Error| format!("{what} after {:?}: {e}", t.elapsed());
    let mut s = TcpStream::connect_timeout(&addr, SCRAPE_BOUND).map_err(|e| err("connect", e))?;
    // Twice the bound: a failure is reported as too slow, not as a hang.
    s.set_read_timeout(Some(2 * SCRAPE_BOUND)).unwrap();
    s.set_write_timeout(Some(2 * SCRAPE_BOUND)).unwrap();
    // As Prometheus asks: OpenMetrics, whose body ends in `# EOF` (a complete scrape).
    s.write_all(
        b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
          Accept: application/openmetrics-text;version=1.0.0,*/*;q=0.1\r\n\r\n",
    )
    .map_err(|e| err("write", e))?;
    let mut r = BufReader::new(s);
    let mut line = String::new();
    r.read_line(&mut line).map_err(|e| err("status line", e))?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("bad status line {line:?} after {:?}", t.elapsed()))?;
    let mut len = None;
    loop {
        let mut h = String::new();
        r.read_line(&mut h).map_err(|e| err("headers", e))?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse::<usize>().ok();
            }
        }
    }
    let len = len.ok_or("no content-length")?;
    let mut body = vec![0; len];
    r.read_exact(&mut body).map_err(|e| err("body", e))?;
    Ok((
        status,
        String::from_utf8_lossy(&body).into_owned(),
        t.elapsed(),
    ))
}

fn assert_fast_scrape(addr: SocketAddr, when: &str) -> Duration {
    let (status, body, took) = scrape(addr).unwrap_or_else(|e| panic!("scrape {when}: {e}"));
    assert_eq!(status, 200, "scrape {when}: {body}");
    assert!(body.ends_with("# EOF\n"), "scrape {when}: incomplete body");
    assert!(
        took < SCRAPE_BOUND,
        "scrape {when} took {took:?} (bound {SCRAPE_BOUND:?})"
    );
    took
}

#[test]
fn scrapes_stay_fast_with_2000_idle_and_slow_connections_open() {
    raise_nofile(IDLE as u64 + 1024);
    let srv = Running::start();
    let addr = srv.addr;
    assert_fast_scrape(addr, "before the flood");
    let t0 = Instant::now();
    let mut idle = Vec::with_capacity(IDLE);
    let mut times = Vec::new();
    for i in 0..IDLE {
        let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
            .unwrap_or_else(|e| panic!("idle connection {i}: {e}"));
        // One in four is slow rather than silent: half a request head, never finished.
        if i % 4 == 3 {
            let _ = s.write_all(b"GET /metrics HTTP/1.1\r\nHost: ");
        }
        idle.push(s);
        // Scrapes while the flood comes in, once the server is past its cap.
        if i % 500 == 499 {
            times.push(assert_fast_scrape(addr, &format!("after {} idle", i + 1)));
        }
    }
    let opened = t0.elapsed();
    // And a few once every idle connection is open.
    for k in 0..5 {
        times.push(assert_fast_scrape(
            addr,
            &format!("{k} with {IDLE} idle open"),
        ));
    }
    let worst = times.iter().max().unwrap();
    eprintln!(
        "{IDLE} idle connections opened in {opened:.2?}; {} scrapes, slowest {worst:.2?}",
        times.len()
    );
    drop(idle);
    assert_fast_scrape(addr, "after the flood");
    drop(srv);
}
