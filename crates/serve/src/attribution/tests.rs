use super::*;
use crate::cgroup::parse_path;

fn proc_(pid: u32, cpu: u64) -> ProcSample {
    ProcSample {
        key: ProcKey { pid, start: 1 },
        comm: format!("p{pid}").into(),
        cpu_ticks: cpu,
        cgroup: Arc::new(CgroupInfo::default()),
    }
}

fn iv(now_s: u64, host: f64, idle_w: f64, procs: &[ProcSample]) -> Interval<'_> {
    Interval {
        now: Duration::from_secs(now_s),
        dt: 1.0,
        host_joules: host,
        idle_watts: idle_w,
        processes: procs,
    }
}

fn cfg(top: usize, grace_s: u64) -> AttributionConfig {
    AttributionConfig {
        top,
        grace: Duration::from_secs(grace_s),
        half_life: Duration::from_secs(60),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// A small deterministic generator (no external crate needed).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn series_sum(a: &Attributor) -> f64 {
    a.process_series().iter().map(|s| s.joules).sum()
}

#[test]
fn every_interval_sums_to_host_energy() {
    let mut a = Attributor::new(cfg(3, 5));
    let mut rng = Lcg(7);
    let mut cpu: Vec<u64> = vec![0; 40];
    let mut host_total = 0.0;
    for step in 0..300u64 {
        // Processes come and go; CPU grows by random amounts (often zero).
        let procs: Vec<ProcSample> = (0..40u32)
            .filter(|i| !matches!((step / 17 + u64::from(*i)) % 5, 0))
            .map(|i| {
                cpu[i as usize] += rng.next(4) * rng.next(3);
                proc_(100 + i, cpu[i as usize])
            })
            .collect();
        let host = match step % 7 {
            0 => 0.0,
            1 => 3.0, // below idle × dt: no dynamic energy
            _ => 5.0 + rng.next(1000) as f64 / 10.0,
        };
        let split = a.step(&iv(step, host, 10.0, &procs));
        let per: f64 = split.processes.iter().map(|(_, e)| e).sum();
        assert!(
            close(per + split.idle, host),
            "step {step}: {per} + {} != {host}",
            split.idle
        );
        assert!(split.idle >= -1e-9);
        assert!(split.processes.iter().all(|(_, e)| *e >= 0.0));
        host_total += host;
    }
    // Series of exited processes were dropped (churn), so the counters shown account for
    // at most the host energy, never more.
    let shown = series_sum(&a);
    assert!(shown <= host_total * (1.0 + 1e-9), "{shown} > {host_total}");
}

#[test]
fn series_add_up_to_host_energy_without_churn() {
    let mut a = Attributor::new(cfg(2, 60));
    let mut total = 0.0;
    for step in 0..50u64 {
        let procs: Vec<ProcSample> = (0..6u32)
            .map(|i| proc_(10 + i, step * u64::from(i + 1)))
            .collect();
        let host = 20.0 + (step % 3) as f64;
        // The first interval has no CPU baseline: all of it is idle, and still counted.
        a.step(&iv(step, host, 8.0, &procs));
        total += host;
        assert!(close(series_sum(&a), total), "step {step}");
    }
}

#[test]
fn idle_is_never_smeared() {
    let mut a = Attributor::new(cfg(20, 60));
    let busy = |c| vec![proc_(1, c), proc_(2, 0)];
    a.step(&iv(0, 0.0, 10.0, &busy(0)));
    // 30 J in 1 s with 10 W idle: 20 J dynamic, all to the only process with CPU time.
    let s = a.step(&iv(1, 30.0, 10.0, &busy(50)));
    assert_eq!(s.processes.len(), 1);
    assert!(close(s.processes[0].1, 20.0));
    assert!(close(s.idle, 10.0));
    // Nobody used CPU: everything is idle, even above idle power (unattributed).
    let s = a.step(&iv(2, 30.0, 10.0, &busy(50)));
    assert!(s.processes.is_empty());
    assert!(close(s.idle, 30.0));
    // Below idle power: nothing dynamic.
    let s = a.step(&iv(3, 5.0, 10.0, &busy(80)));
    assert!(s.processes.iter().all(|(_, e)| *e == 0.0));
    assert!(close(s.idle, 5.0));
    let series = a.process_series();
    let idle = series.iter().find(|s| s.pid == "idle").unwrap();
    assert!(close(idle.joules, 45.0));
    // Process 2 never used CPU: it has no series at all.
    assert!(series.iter().all(|s| s.pid != "2"));
    // Nonsense input counts as nothing.
    let s = a.step(&iv(4, f64::NAN, 10.0, &busy(90)));
    assert_eq!(s.host, 0.0);
}

#[test]
fn shares_follow_cpu_time() {
    let mut a = Attributor::new(cfg(20, 60));
    a.step(&iv(
        0,
        0.0,
        0.0,
        &[proc_(1, 100), proc_(2, 100), proc_(3, 0)],
    ));
    let s = a.step(&iv(
        1,
        60.0,
        0.0,
        &[proc_(1, 130), proc_(2, 110), proc_(3, 20)],
    ));
    let m: HashMap<u32, f64> = s.processes.iter().map(|(k, e)| (k.pid, *e)).collect();
    assert!(
        close(m[&1], 30.0) && close(m[&2], 10.0) && close(m[&3], 20.0),
        "{m:?}"
    );
    // A process first seen after the first scan started in the interval: all its CPU
    // time counts.
    let s = a.step(&iv(2, 10.0, 0.0, &[proc_(1, 130), proc_(4, 10)]));
    assert_eq!(s.processes, vec![(ProcKey { pid: 4, start: 1 }, 10.0)]);
}

#[test]
fn top_n_and_other() {
    let mut a = Attributor::new(cfg(2, 60));
    let procs =
        |t: u64| -> Vec<ProcSample> { (1..=5u32).map(|i| proc_(i, t * u64::from(i))).collect() };
    a.step(&iv(0, 0.0, 0.0, &procs(0)));
    // CPU shares 1:2:3:4:5 of 150 J: 10, 20, 30, 40, 50.
    a.step(&iv(1, 150.0, 0.0, &procs(10)));
    let s = a.process_series();
    let pids: Vec<&str> = s.iter().map(|s| s.pid.as_str()).collect();
    assert_eq!(pids, vec!["4", "5", "other", "idle"]);
    assert!(close(s[0].joules, 40.0) && close(s[1].joules, 50.0));
    assert!(close(s[2].joules, 60.0), "other = 10 + 20 + 30");
    assert!(close(s[3].joules, 0.0));
    // Process 1 becomes the hottest: it enters the top N and its counter starts from what
    // it was shown with (0), never from its past in `other`.
    let mut p = procs(10);
    p[0].cpu_ticks += 10_000;
    a.step(&iv(2, 1000.0, 0.0, &p));
    let s = a.process_series();
    let one = s.iter().find(|s| s.pid == "1").unwrap();
    assert!(close(one.joules, 1000.0), "{one:?}");
    assert_eq!(s.len(), 4, "still two processes plus other and idle: {s:?}");
    // top 0: everything in other.
    let mut z = Attributor::new(cfg(0, 60));
    z.step(&iv(0, 0.0, 0.0, &procs(0)));
    z.step(&iv(1, 150.0, 0.0, &procs(10)));
    let s = z.process_series();
    assert_eq!(s.len(), 2);
    assert!(close(s[0].joules, 150.0));
}

#[test]
fn exited_processes_stay_for_the_grace_period() {
    let mut a = Attributor::new(cfg(5, 10));
    a.step(&iv(0, 0.0, 0.0, &[proc_(1, 0), proc_(2, 0)]));
    a.step(&iv(1, 10.0, 0.0, &[proc_(1, 5), proc_(2, 5)]));
    let before = a.process_series();
    assert!(before.iter().any(|s| s.pid == "1"));
    // Process 1 exits at t=2.
    for t in 2..12 {
        a.step(&iv(t, 10.0, 0.0, &[proc_(2, 5 + t)]));
        let s = a.process_series();
        let one = s.iter().find(|s| s.pid == "1");
        assert!(one.is_some(), "t={t}: dropped too early");
        assert!(close(one.unwrap().joules, 5.0), "frozen at its final value");
    }
    a.step(&iv(12, 10.0, 0.0, &[proc_(2, 20)]));
    assert!(
        a.process_series().iter().all(|s| s.pid != "1"),
        "dropped after grace"
    );
    assert_eq!(a.tracked(), 1);
}

#[test]
fn exited_series_are_capped_and_reused_pids_replace_them() {
    let mut a = Attributor::new(cfg(2, 1000));
    a.step(&iv(0, 0.0, 0.0, &[]));
    // Ten generations of two short-lived hot processes.
    for g in 0..10u32 {
        let procs = [proc_(100 + 2 * g, 50), proc_(101 + 2 * g, 50)];
        a.step(&iv(u64::from(g) + 1, 10.0, 0.0, &procs));
    }
    a.step(&iv(20, 0.0, 0.0, &[]));
    let s = a.process_series();
    assert_eq!(s.len(), 2 + 2, "N exited series at most: {s:?}");
    // A new process with the same pid and name as a shown exited one replaces it.
    let mut b = Attributor::new(cfg(2, 1000));
    b.step(&iv(0, 0.0, 0.0, &[proc_(7, 0)]));
    b.step(&iv(1, 10.0, 0.0, &[proc_(7, 10)]));
    b.step(&iv(2, 0.0, 0.0, &[]));
    let mut again = proc_(7, 4);
    again.key.start = 99;
    b.step(&iv(3, 4.0, 0.0, &[again]));
    let sevens: Vec<_> = b
        .process_series()
        .into_iter()
        .filter(|s| s.pid == "7")
        .collect();
    assert_eq!(sevens.len(), 1, "{sevens:?}");
    assert!(close(sevens[0].joules, 4.0));
}

#[test]
fn kept_counters_never_go_backwards() {
    let mut a = Attributor::new(cfg(4, 3));
    let mut rng = Lcg(42);
    let mut cpu: HashMap<u32, u64> = HashMap::new();
    let mut last: HashMap<(String, String), f64> = HashMap::new();
    let mut alive: Vec<u32> = Vec::new();
    for step in 0..400u64 {
        // Every 50 steps a new generation of processes (new pids) replaces the old one;
        // within one, processes exit for good at random and move in and out of the top N
        // as their CPU use varies.
        let epoch = (step / 50) as u32;
        if matches!(step % 50, 0) {
            alive = (0..15u32).map(|i| 1000 * epoch + i).collect();
        }
        alive.retain(|_| rng.next(100) > 2);
        let procs: Vec<ProcSample> = alive
            .iter()
            .map(|&pid| {
                let c = cpu.entry(pid).or_insert(0);
                *c += rng.next(20) * rng.next(3);
                proc_(pid, *c)
            })
            .collect();
        a.step(&iv(step, rng.next(100) as f64, 5.0, &procs));
        let now: HashMap<(String, String), f64> = a
            .process_series()
            .into_iter()
            .map(|s| ((s.pid, s.comm), s.joules))
            .collect();
        assert!(now.len() <= 4 + 4 + 2);
        // Compared with the highest value the series ever showed, also across the times
        // it was not shown.
        for (k, v) in now {
            if let Some(old) = last.get(&k) {
                assert!(v >= *old, "step {step}: {k:?} went {old} -> {v}");
            }
            last.insert(k, v);
        }
    }
}

#[test]
fn cgroups_collect_their_processes() {
    let id = "b".repeat(64);
    let uid = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    let pod = Arc::new(parse_path(&format!("/kubepods/burstable/pod{uid}/{id}")));
    let user = Arc::new(parse_path("/user.slice/user-1000.slice/session-1.scope"));
    let mk = |pid, cpu, cg: &Arc<CgroupInfo>| ProcSample {
        cgroup: Arc::clone(cg),
        ..proc_(pid, cpu)
    };
    let mut a = Attributor::new(cfg(1, 5));
    a.step(&iv(
        0,
        0.0,
        0.0,
        &[mk(1, 0, &pod), mk(2, 0, &pod), mk(3, 0, &user)],
    ));
    a.step(&iv(
        1,
        40.0,
        0.0,
        &[mk(1, 25, &pod), mk(2, 5, &pod), mk(3, 10, &user)],
    ));
    let c = a.cgroup_series();
    let get = |kind: CgroupKind, name: &str| {
        c.iter()
            .find(|s| s.kind == kind && s.cgroup == name)
            .map(|s| s.joules)
    };
    assert_eq!(get(CgroupKind::Pod, uid), Some(30.0));
    assert_eq!(get(CgroupKind::Container, &id), Some(30.0));
    assert_eq!(get(CgroupKind::Slice, "user-1000.slice"), Some(10.0));
    assert_eq!(c.len(), 3);
    // The container label of a shown process: pid 1, the top one, is in the pod.
    let p = a.process_series();
    assert!(p.iter().any(|s| s.pid == "1" && s.container == id), "{p:?}");
    // The pod's processes exit: its series stays for the grace period, then goes.
    for t in 2..6 {
        a.step(&iv(t, 1.0, 0.0, &[mk(3, 10 + t, &user)]));
    }
    assert!(a.cgroup_series().iter().any(|s| s.kind == CgroupKind::Pod));
    a.step(&iv(6, 1.0, 0.0, &[mk(3, 20, &user)]));
    assert!(a
        .cgroup_series()
        .iter()
        .all(|s| s.kind == CgroupKind::Slice));
}

#[test]
fn labels_stay_raw_for_the_encoders_to_escape() {
    let mut a = Attributor::new(cfg(5, 5));
    let mut p = proc_(1, 0);
    p.comm = "a\"b\\c".into();
    a.step(&iv(0, 0.0, 0.0, std::slice::from_ref(&p)));
    p.cpu_ticks = 5;
    a.step(&iv(1, 1.0, 0.0, std::slice::from_ref(&p)));
    let s = a.process_series();
    // Escaping is the exposition's job (`metrics::write_escaped_label`), once per format.
    assert_eq!(s[0].comm, "a\"b\\c");
}
