//! Overhead of `joulebench serve` with 2,000 processes:
//!
//! 1. on a fake `/proc` (2,000 `stat` and `cgroup` files in a temp dir): a sampling
//!    step (sensor read, scan, attribution) and its parts, p50/p99; rendering a scrape
//!    and a full HTTP scrape over loopback, p50/p99, also with 2,000 idle connections
//!    open; the exporter's CPU per second at a 1 s interval, scraped every second;
//! 2. on this machine's real `/proc` with 2,000 real (sleeping) processes: the same step
//!    and CPU figures.
//!
//! `cargo bench -p joulebench-serve --bench scrape`. `JOULEBENCH_BENCH_CPU_SECS` sets the
//! length of each CPU measurement (default 20 s); `JOULEBENCH_BENCH_REAL=0` skips part 2.

use joulebench_sensors::{open, ProbeOptions, Roots};
use joulebench_serve::{
    bind, registry, render, self_cpu_seconds, AttributionConfig, Attributor, Config, Exporter,
    Interval, Sampler, Scanner, Shared,
};
use joulebench_testkit::proctable::{FakeProc, FakeProcess};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const PROCESSES: u32 = 2000;
/// Idle connections held open (sending nothing) while scrapes are timed.
const IDLE_CONNECTIONS: usize = 2000;
/// Of those, how many are replaced by new ones before each scrape, so that the server
/// stays at its connection cap with idle connections to evict, as under a flood.
const IDLE_CHURN: usize = 4;

fn percentiles(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99))
}

fn ms(x: f64) -> String {
    format!("{:.2} ms", x * 1e3)
}

fn p50_p99(v: Vec<f64>) -> String {
    let (a, b) = percentiles(v);
    format!("p50 {} p99 {}", ms(a), ms(b))
}

fn cgroup_for(pid: u32) -> String {
    match pid % 4 {
        0 => format!("0::/system.slice/svc{}.service", pid % 50),
        1 => format!("0::/system.slice/docker-{:064x}.scope", pid % 40),
        2 => format!(
            "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{:08x}_0000_0000_0000_{:012x}.slice/cri-containerd-{:064x}.scope",
            pid % 30,
            pid % 30,
            pid
        ),
        _ => "0::/user.slice/user-1000.slice/session-1.scope".into(),
    }
}

fn fake_process(pid: u32, tick: u64) -> FakeProcess {
    // 20 busy processes, the rest nearly idle.
    let cpu = if matches!(pid % 100, 0) {
        tick * 50
    } else {
        u64::from(pid % 3)
    };
    FakeProcess::new(pid, &format!("proc-{pid}"), cpu, cpu / 4).cgroup(&cgroup_for(pid))
}

fn log() -> joulebench_serve::Logger {
    Arc::new(|m: &str| eprintln!("  (exporter: {m})"))
}

fn http_get(addr: SocketAddr) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("write");
    let mut r = BufReader::new(s);
    let mut status = String::new();
    r.read_line(&mut status).expect("status");
    assert!(status.contains(" 200 "), "{status}");
    let mut rest = Vec::new();
    r.read_to_end(&mut rest).expect("body");
}

/// An exporter serving HTTP on a thread of its own, as `joulebench serve` does.
struct Running {
    exporter: Arc<Exporter>,
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    fn start(cfg: &Config, opts: &ProbeOptions) -> Running {
        let sensor = open("estimate", opts).expect("estimate sensor");
        let exporter = Arc::new(Exporter::start(sensor, cfg, log()).expect("exporter"));
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        // Bound as `joulebench serve` binds (listen backlog included).
        let l = {
            let _rt = rt.enter();
            bind("127.0.0.1:0".parse().expect("addr")).expect("bind")
        };
        let addr = l.local_addr().expect("addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let ex = Arc::clone(&exporter);
        let thread = std::thread::spawn(move || {
            rt.block_on(async move {
                ex.serve(l, async {
                    let _ = rx.await;
                })
                .await;
            });
        });
        Running {
            exporter,
            addr,
            stop: Some(tx),
            thread: Some(thread),
        }
    }

    /// The exporter's CPU share of one core over `secs`, scraped once a second (the
    /// scraping client runs in this process too, so it is counted).
    fn cpu_share(&self, secs: u64) -> f64 {
        let cpu0 = self_cpu_seconds();
        let t0 = Instant::now();
        for _ in 0..secs {
            std::thread::sleep(Duration::from_secs(1));
            http_get(self.addr);
        }
        (self_cpu_seconds() - cpu0) / t0.elapsed().as_secs_f64()
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

/// Raise the soft limit on open files to the hard one: the idle connections' client
/// ends are this process's too.
fn raise_nofile() -> u64 {
    // SAFETY: getrlimit/setrlimit read and write the struct they are given.
    let mut rl: libc::rlimit = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut rl) } != 0 {
        return 0;
    }
    if rl.rlim_cur < rl.rlim_max {
        rl.rlim_cur = rl.rlim_max;
        // SAFETY: as above.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &rl) } != 0 {
            return 0;
        }
    }
    rl.rlim_cur
}

/// `n` scrapes (new connection each) while [`IDLE_CONNECTIONS`] connections that send
/// nothing are open, [`IDLE_CHURN`] of them replaced before each scrape; the scrape
/// times, seconds.
fn scrapes_with_idle_connections(addr: SocketAddr, n: usize) -> Vec<f64> {
    let limit = raise_nofile();
    assert!(
        limit >= IDLE_CONNECTIONS as u64 + 1024,
        "needs {} open files, the limit is {limit}",
        IDLE_CONNECTIONS + 1024
    );
    let connect = || TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("idle");
    let mut idle: VecDeque<TcpStream> = (0..IDLE_CONNECTIONS).map(|_| connect()).collect();
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        for _ in 0..IDLE_CHURN {
            idle.pop_front();
            idle.push_back(connect());
        }
        let t = Instant::now();
        http_get(addr);
        v.push(t.elapsed().as_secs_f64());
    }
    v
}

fn step_times(sampler: &mut Sampler, n: usize, mut between: impl FnMut(u64)) -> Vec<f64> {
    sampler.step();
    let mut v = Vec::with_capacity(n);
    for i in 1..=n as u64 {
        between(i);
        let t = Instant::now();
        sampler.step();
        v.push(t.elapsed().as_secs_f64());
    }
    v
}

fn fake_tree(cpu_secs: u64) {
    let dir = tempfile::tempdir().expect("tempdir");
    let fp = FakeProc::new(dir.path()).expect("fake proc");
    fp.write_machine("AMD EPYC 7763 64-Core Processor", 64, 10_000, 50_000)
        .expect("machine files");
    for pid in 1..=PROCESSES {
        fp.write(&fake_process(pid, 0)).expect("write");
    }
    let opts = ProbeOptions::new(Roots {
        procfs: dir.path().to_path_buf(),
        ..Roots::default()
    });
    let cfg = Config {
        procfs: dir.path().to_path_buf(),
        ..Config::default()
    };
    println!(
        "fake /proc, {PROCESSES} processes, 20 of them busy (open + read + close per file read):"
    );

    let shared = Arc::new(Shared::new("estimate", "estimated", cfg.interval));
    let sensor = open("estimate", &opts).expect("estimate sensor");
    let mut sampler = Sampler::new(sensor, &cfg, Arc::clone(&shared), log());
    let steps = step_times(&mut sampler, 100, |tick| {
        // New CPU times for the busy processes and the machine (not timed).
        for pid in (100..=PROCESSES).step_by(100) {
            fp.write(&fake_process(pid, tick)).expect("write");
        }
        fp.write_cpu_times(10_000 + tick * 1000, 50_000 + tick * 3000)
            .expect("stat");
    });
    let snap = shared.lock().clone();
    println!(
        "  sampling step (sensor + scan + attribution): {} ({} process series, {} cgroup series)",
        p50_p99(steps),
        snap.processes.len(),
        snap.cgroups.len()
    );

    let mut full = Vec::new();
    let mut procs = Vec::new();
    for _ in 0..20 {
        let mut scanner = Scanner::new(dir.path());
        let t = Instant::now();
        procs = scanner.scan().expect("scan");
        full.push(t.elapsed().as_secs_f64());
    }
    assert_eq!(procs.len(), PROCESSES as usize);
    println!(
        "    a first scan (stat and cgroup of every process): {}",
        p50_p99(full)
    );
    let mut a = Attributor::new(AttributionConfig::default());
    let (mut attr, mut series) = (Vec::new(), Vec::new());
    for i in 0..50u64 {
        for p in procs.iter_mut().filter(|p| matches!(p.key.pid % 7, 0)) {
            p.cpu_ticks += i;
        }
        let t = Instant::now();
        a.step(&Interval {
            now: Duration::from_secs(i),
            dt: 1.0,
            host_joules: 100.0,
            idle_watts: 10.0,
            processes: &procs,
        });
        attr.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let _ = (a.process_series(), a.cgroup_series());
        series.push(t.elapsed().as_secs_f64());
    }
    println!(
        "    attribution alone: {}; building the series: {}",
        p50_p99(attr),
        p50_p99(series)
    );

    let registry = registry(Arc::clone(&shared));
    let mut renders = Vec::new();
    let mut bytes = 0;
    for _ in 0..2000 {
        let t = Instant::now();
        bytes = render(&registry, &shared).expect("render").len();
        renders.push(t.elapsed().as_secs_f64());
    }
    println!("  render a scrape: {} ({bytes} bytes)", p50_p99(renders));

    let run = Running::start(&cfg, &opts);
    std::thread::sleep(Duration::from_millis(1500));
    let mut scrapes = Vec::new();
    for _ in 0..1000 {
        let t = Instant::now();
        http_get(run.addr);
        scrapes.push(t.elapsed().as_secs_f64());
    }
    println!(
        "  HTTP scrape over loopback, new connection each: {} (target: p99 < 10 ms)",
        p50_p99(scrapes)
    );
    let flood = scrapes_with_idle_connections(run.addr, 1000);
    let worst = flood.iter().copied().fold(0.0, f64::max);
    println!(
        "  the same with {IDLE_CONNECTIONS} idle connections open ({IDLE_CHURN} replaced \
         before each scrape): {}, max {} (target: < 1 s each)",
        p50_p99(flood),
        ms(worst)
    );
    let share = run.cpu_share(cpu_secs);
    println!(
        "  exporter CPU at 1 s interval, scraped every second: {:.2} % of one core \
         (target: < 1 %)",
        share * 100.0
    );
    assert!(run.exporter.shared().healthy());
}

fn real_proc(cpu_secs: u64) {
    let existing = std::fs::read_dir("/proc")
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().parse::<u32>().is_ok())
                .count()
        })
        .unwrap_or(0);
    let extra = (PROCESSES as usize).saturating_sub(existing);
    let mut children = Vec::with_capacity(extra);
    for _ in 0..extra {
        match std::process::Command::new("sleep").arg("600").spawn() {
            Ok(c) => children.push(c),
            Err(e) => {
                eprintln!("  (could only start {} processes: {e})", children.len());
                break;
            }
        }
    }
    let cfg = Config::default();
    let opts = ProbeOptions::default();
    let shared = Arc::new(Shared::new("estimate", "estimated", cfg.interval));
    let sensor = open("estimate", &opts).expect("estimate sensor");
    let mut sampler = Sampler::new(sensor, &cfg, Arc::clone(&shared), log());
    let steps = step_times(&mut sampler, 50, |_| {
        std::thread::sleep(Duration::from_millis(20))
    });
    let n = shared.lock().process_count;
    println!("real /proc, {n} processes, mostly sleeping (one pread per kept file):");
    println!(
        "  sampling step (sensor + scan + attribution): {}",
        p50_p99(steps)
    );
    let mut cold = Scanner::new(Path::new("/proc"));
    let mut scans = Vec::new();
    for _ in 0..20 {
        // A fresh scanner each time: open + read + close for every process.
        cold = Scanner::new(Path::new("/proc"));
        let t = Instant::now();
        let _ = cold.scan();
        scans.push(t.elapsed().as_secs_f64());
    }
    drop(cold);
    println!(
        "    a first scan (stat and cgroup of every process): {}",
        p50_p99(scans)
    );
    let run = Running::start(&cfg, &opts);
    std::thread::sleep(Duration::from_millis(1500));
    let share = run.cpu_share(cpu_secs);
    println!(
        "  exporter CPU at 1 s interval, scraped every second: {:.2} % of one core \
         (target: < 1 %)",
        share * 100.0
    );
    drop(run);
    for c in &mut children {
        let _ = c.kill();
    }
    for c in &mut children {
        let _ = c.wait();
    }
}

fn main() {
    let secs: u64 = std::env::var("JOULEBENCH_BENCH_CPU_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    println!("joulebench serve overhead (2,000 processes)");
    fake_tree(secs);
    if std::env::var("JOULEBENCH_BENCH_REAL").as_deref() != Ok("0") {
        real_proc(secs);
    }
}
