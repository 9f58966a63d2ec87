//! Every back-end on fake machines: domains, rising counters, wraps, faults.

use joulebench_sensors::{
    discover_power_pmu, open, probe_all, BackendStatus, Combined, Domain, DomainInfo, DomainKind,
    EstimateConfig, EstimateModel, EstimateSensor, PlausiblePower, ProbeOptions, Provenance,
    Sample, Sensor, SensorError, SensorInfo, NVML_LIB_ENV,
};
use joulebench_testkit::fake::{permissions_enforced, FakeTree, FakeTreeBuilder, FAKE_PMU_TYPE};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn d(kind: DomainKind, i: u32) -> Domain {
    Domain::new(kind, i)
}

/// Make NVML deterministically absent, whatever the host has.
fn no_gpu() {
    std::env::set_var(
        NVML_LIB_ENV,
        "/nonexistent/joulebench-test/libnvidia-ml.so.1",
    );
}

/// Options for `tree` with these power caps.
fn with_caps(tree: &FakeTree, plausible: &PlausiblePower) -> ProbeOptions {
    ProbeOptions {
        plausible: plausible.clone(),
        ..ProbeOptions::new(tree.roots())
    }
}

fn names(info: &SensorInfo) -> Vec<String> {
    info.domains.iter().map(|d| d.domain.to_string()).collect()
}

fn sleep_ms(ms: u64) {
    std::thread::sleep(Duration::from_millis(ms));
}

/// Open, then pause to read the sensor and the truth at one instant, so that the
/// baseline is known exactly: returns the sensor and, per domain, the truth at which
/// the sensor's cumulative energy was zero. (Opening while paused is no longer possible:
/// a sensor whose counters do not move is refused at open.)
fn open_paused(
    tree: &FakeTree,
    open: impl FnOnce() -> Box<dyn Sensor>,
) -> (Box<dyn Sensor>, BTreeMap<Domain, f64>) {
    let mut s = open();
    tree.pause();
    let at_pause = s.sample().unwrap();
    let mut base = BTreeMap::new();
    for k in [
        DomainKind::Psys,
        DomainKind::Package,
        DomainKind::Core,
        DomainKind::Uncore,
        DomainKind::Dram,
    ] {
        for i in 0..2 {
            let dom = d(k, i);
            let so_far = at_pause.energy.get(&dom).copied().unwrap_or(0.0);
            base.insert(dom, tree.true_energy(dom) - so_far);
        }
    }
    tree.resume();
    (s, base)
}

fn assert_matches_truth(tree: &FakeTree, s: &Sample, base: &BTreeMap<Domain, f64>, abs_tol: f64) {
    for (dom, j) in &s.energy {
        let truth = tree.true_energy(*dom) - base.get(dom).copied().unwrap_or(0.0);
        assert!(
            (j - truth).abs() <= abs_tol + truth * 1e-6,
            "{dom}: sensor {j} J, truth {truth} J"
        );
    }
}

#[test]
fn intel_two_socket_powercap_finds_every_domain_and_ignores_mmio() {
    no_gpu();
    let tree = FakeTree::intel_two_socket().unwrap();
    let s = open("rapl-powercap", &ProbeOptions::new(tree.roots())).unwrap();
    let info = s.info();
    assert_eq!(info.name, "rapl-powercap");
    assert_eq!(info.provenance, Provenance::Measured);
    assert_eq!(
        names(info),
        [
            "psys-0",
            "package-0",
            "package-1",
            "core-0",
            "core-1",
            "uncore-0",
            "dram-0",
            "dram-1"
        ]
    );
    assert!(
        info.domains.iter().all(|d| !d.source.contains("mmio")),
        "{:?}",
        info.domains
    );
    let p0: &DomainInfo = &info.domains[1];
    assert!(
        p0.source.ends_with("intel-rapl:0/energy_uj"),
        "{}",
        p0.source
    );
    assert_eq!(p0.unit_joules, 1e-6);
    assert!((p0.range_joules.unwrap() - 40.0).abs() < 1e-6);
    // min over domains of range / plausible power × 0.5: 40 J / 500 W / 2 = 40 ms
    // (package) and 160 J / 2000 W / 2 = 40 ms (psys).
    let mi = info.max_interval.unwrap().as_secs_f64();
    assert!((mi - 0.040).abs() < 1e-6, "{mi}");
}

#[test]
fn powercap_counters_rise_and_match_the_known_energy() {
    no_gpu();
    // Large ranges: no wrap here (wraps have their own test), so a slow machine cannot
    // make this one fail.
    let tree = FakeTreeBuilder::intel_two_socket()
        .range_uj(3_999_999_999)
        .build()
        .unwrap();
    let (mut s, base) = open_paused(&tree, || {
        open("rapl-powercap", &ProbeOptions::new(tree.roots())).unwrap()
    });
    let mut last = 0.0;
    for _ in 0..5 {
        sleep_ms(60);
        let e = s.sample().unwrap().energy[&d(DomainKind::Package, 0)];
        assert!(e >= last, "energy went down: {last} -> {e}");
        last = e;
    }
    assert!(last > 0.0, "counter never rose");
    tree.pause();
    let sample = s.sample().unwrap();
    assert_matches_truth(&tree, &sample, &base, 2e-6);
    // The default figure is package + dram of both sockets: 66 W (no core, uncore or
    // psys added).
    let total = sample.total().unwrap();
    assert_eq!(tree.default_total_watts(), 66.0);
    let t_open = base[&d(DomainKind::Package, 0)] / 30.0;
    let expect = 66.0 * (tree.elapsed() - t_open);
    assert!((total - expect).abs() < 1e-4, "{total} vs {expect}");
    assert_eq!(s.dropped_samples(), 0);
    tree.resume();
}

#[test]
fn several_wraps_in_one_measurement_total_within_one_percent() {
    no_gpu();
    // 20 J counters at 50 W: a wrap every 400 ms.
    let p0 = d(DomainKind::Package, 0);
    let tree = FakeTreeBuilder::empty()
        .zone(joulebench_testkit::fake::ZoneSpec {
            id: "intel-rapl:0".into(),
            name: "package-0".into(),
            domain: p0,
            max_energy_range_uj: 19_999_999,
        })
        .watts(p0, 50.0)
        .tick(Duration::from_millis(2))
        .build()
        .unwrap();
    let plausible = PlausiblePower::uniform(200.0);
    let (mut s, base) = open_paused(&tree, || {
        open("rapl-powercap", &with_caps(&tree, &plausible)).unwrap()
    });
    // 20 J / 200 W / 2 = 50 ms.
    let safe = s.info().max_interval.unwrap();
    assert_eq!(safe, Duration::from_millis(50));
    let start = Instant::now();
    let mut samples = 0u64;
    while start.elapsed() < Duration::from_millis(2500) {
        std::thread::sleep(Duration::from_millis(10).min(safe));
        s.sample().unwrap();
        samples += 1;
    }
    tree.pause();
    let sample = s.sample().unwrap();
    let truth = tree.true_energy(p0) - base[&p0];
    let got = sample.energy[&p0];
    assert!(
        truth > 100.0,
        "expected several wraps, truth only {truth} J"
    );
    assert!(
        (got - truth).abs() <= truth * 0.01,
        "sensor {got} J vs truth {truth} J"
    );
    // On a loaded machine (CI runs tests in parallel on two cores) the fake's writer
    // thread can stall for tens of ms; the next value then looks like more than 200 W
    // over the reader's short interval and is dropped. A drop keeps the previous value as
    // the reference, so no energy is lost (the total above proves it); what must not
    // happen is systematic dropping. (CI failure of 2026-11-24: 5 drops, total right.)
    assert!(
        s.dropped_samples() * 10 <= samples,
        "{} of {samples} samples dropped",
        s.dropped_samples()
    );
    tree.resume();
}

#[test]
fn amd_powercap_layout() {
    no_gpu();
    let tree = FakeTree::amd().unwrap();
    let (mut s, base) = open_paused(&tree, || {
        open("rapl-powercap", &ProbeOptions::new(tree.roots())).unwrap()
    });
    assert_eq!(names(s.info()), ["package-0", "core-0"]);
    sleep_ms(150);
    tree.pause();
    let sample = s.sample().unwrap();
    assert!(sample.energy[&d(DomainKind::Package, 0)] > 0.0);
    assert_matches_truth(&tree, &sample, &base, 2e-6);
    tree.resume();
}

#[test]
fn amd_msr_package_and_summed_cores_across_a_wrap() {
    no_gpu();
    let tree = FakeTree::amd().unwrap();
    let (mut s, base) = open_paused(&tree, || {
        open("rapl-msr", &ProbeOptions::new(tree.roots())).unwrap()
    });
    let info = s.info().clone();
    assert_eq!(names(&info), ["package-0", "core-0"]);
    assert!((info.domains[0].unit_joules - 2f64.powi(-16)).abs() < 1e-15);
    assert!(
        info.domains[1].source.contains("summed over 2 cores"),
        "{:?}",
        info.domains
    );
    assert!(info.max_interval.is_some());
    // The fake's 32-bit registers wrap 0.5 s after the tree was built.
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(800) {
        sleep_ms(50);
        s.sample().unwrap();
    }
    tree.pause();
    let sample = s.sample().unwrap();
    assert!(tree.elapsed() > 0.5, "no wrap happened");
    // Two per-core counters, each quantised to 15 µJ.
    assert_matches_truth(&tree, &sample, &base, 1e-4);
    assert_eq!(s.dropped_samples(), 0);
    tree.resume();
}

#[test]
fn intel_msr_uses_the_fixed_dram_unit_on_server_parts() {
    no_gpu();
    let tree = FakeTree::intel_two_socket().unwrap();
    let (mut s, base) = open_paused(&tree, || {
        open("rapl-msr", &ProbeOptions::new(tree.roots())).unwrap()
    });
    let info = s.info().clone();
    assert_eq!(
        names(&info),
        [
            "psys-0",
            "package-0",
            "package-1",
            "core-0",
            "core-1",
            "uncore-0",
            "dram-0",
            "dram-1"
        ]
    );
    let dram = info
        .domains
        .iter()
        .find(|x| x.domain == d(DomainKind::Dram, 0))
        .unwrap();
    assert_eq!(dram.unit_joules, 1.0 / 65536.0);
    let pkg = &info.domains[1];
    assert_eq!(pkg.unit_joules, 2f64.powi(-14));
    assert!(pkg.source.ends_with("cpu/0/msr @ 0x611"), "{}", pkg.source);
    sleep_ms(700);
    tree.pause();
    let sample = s.sample().unwrap();
    // A wrong DRAM unit would be off by a factor of 4.
    assert_matches_truth(&tree, &sample, &base, 1e-4);
    tree.resume();
}

#[test]
fn msr_without_device_files_says_modprobe() {
    no_gpu();
    let tree = FakeTreeBuilder::intel_two_socket()
        .msr(false)
        .build()
        .unwrap();
    let e = open("rapl-msr", &ProbeOptions::new(tree.roots()))
        .err()
        .unwrap();
    assert!(matches!(e, SensorError::Unavailable { .. }), "{e:?}");
    assert_eq!(e.fix(), Some("sudo modprobe msr"));
    assert!(e.to_string().contains("cpu/0/msr"), "{e}");
}

#[test]
fn msr_unreadable_device_is_permission_denied() {
    let tree = FakeTree::intel_two_socket().unwrap();
    let f = tree.msr_file(0);
    std::fs::set_permissions(&f, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    let r = open("rapl-msr", &ProbeOptions::new(tree.roots()));
    if !permissions_enforced() {
        println!("note: running as root: chmod 000 does not stop reads, assertion skipped");
        return;
    }
    let e = r.err().unwrap();
    assert!(matches!(e, SensorError::PermissionDenied { .. }), "{e:?}");
    assert!(e.fix().unwrap().contains("cap_sys_rawio"));
}

#[test]
fn perf_pmu_parsing_two_socket_and_amd() {
    let tree = FakeTree::intel_two_socket().unwrap();
    let pmu = discover_power_pmu(&tree.roots()).unwrap();
    assert_eq!(pmu.pmu_type, FAKE_PMU_TYPE);
    assert_eq!(pmu.cpus, vec![(0, 0), (2, 1)]);
    let evs: Vec<(&str, u64, DomainKind)> = pmu
        .events
        .iter()
        .map(|e| (e.name.as_str(), e.config, e.kind))
        .collect();
    assert_eq!(
        evs,
        [
            ("energy-cores", 1, DomainKind::Core),
            ("energy-pkg", 2, DomainKind::Package),
            ("energy-psys", 5, DomainKind::Psys),
            ("energy-ram", 3, DomainKind::Dram),
        ]
    );
    assert_eq!(pmu.events[0].scale, 2f64.powi(-32));
    assert_eq!(pmu.events[0].unit, "Joules");

    let amd = FakeTree::amd().unwrap();
    let pmu = discover_power_pmu(&amd.roots()).unwrap();
    assert_eq!(pmu.cpus, vec![(0, 0)]);
    assert_eq!(pmu.events.len(), 1);
    assert_eq!(pmu.events[0].kind, DomainKind::Package);
}

#[test]
fn perf_open_failure_is_classified_not_a_panic() {
    let tree = FakeTree::intel_two_socket().unwrap();
    // The fake PMU type does not exist in the kernel: ENOENT (root) or EACCES.
    let e = open("rapl-perf", &ProbeOptions::new(tree.roots()))
        .err()
        .unwrap();
    match &e {
        SensorError::Unavailable { reason, .. } => {
            assert!(reason.contains("perf_event_open"), "{reason}")
        }
        SensorError::PermissionDenied { fix, .. } => {
            assert!(fix.contains("perf_event_paranoid") && fix.contains("cap_perfmon"))
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn perf_garbage_and_missing_pmu() {
    let tree = FakeTree::intel_two_socket().unwrap();
    let ev = tree
        .sysfs_root()
        .join("bus/event_source/devices/power/events/energy-ram");
    std::fs::write(&ev, "bogus\n").unwrap();
    let e = discover_power_pmu(&tree.roots()).unwrap_err();
    assert!(matches!(e, SensorError::Parse { .. }), "{e:?}");
    assert!(e.to_string().contains("energy-ram"), "{e}");

    let none = FakeTreeBuilder::empty().build().unwrap();
    let e = discover_power_pmu(&none.roots()).unwrap_err();
    assert!(matches!(e, SensorError::Unavailable { .. }), "{e:?}");
    assert!(e.to_string().contains("no perf power PMU"), "{e}");
}

#[test]
fn missing_counter_file_at_open_and_vanished_zone_mid_run() {
    no_gpu();
    let tree = FakeTree::intel_two_socket().unwrap();
    tree.remove_counter_file("intel-rapl:1:1").unwrap();
    let e = open("rapl-powercap", &ProbeOptions::new(tree.roots()))
        .err()
        .unwrap();
    assert!(
        e.to_string().contains("intel-rapl:1:1/energy_uj"),
        "error does not name the file: {e}"
    );

    let tree = FakeTree::intel_two_socket().unwrap();
    let mut s = open("rapl-powercap", &ProbeOptions::new(tree.roots())).unwrap();
    s.sample().unwrap();
    tree.remove_zone("intel-rapl:1").unwrap();
    let e = s.sample().unwrap_err();
    match &e {
        SensorError::Vanished { path } => assert!(path.ends_with("intel-rapl:1"), "{path:?}"),
        other => panic!("expected Vanished, got {other:?}"),
    }
    assert!(e.to_string().contains("intel-rapl:1"), "{e}");
}

#[test]
fn unreadable_counter_permission_denied_with_the_fixes() {
    no_gpu();
    let tree = FakeTree::intel_two_socket().unwrap();
    tree.make_unreadable("intel-rapl:0").unwrap();
    let r = open("rapl-powercap", &ProbeOptions::new(tree.roots()));
    if permissions_enforced() {
        let e = r.err().unwrap();
        assert!(matches!(e, SensorError::PermissionDenied { .. }), "{e:?}");
        let fix = e.fix().unwrap();
        assert!(fix.contains("sudo joulebench"), "{fix}");
        assert!(fix.contains("chmod a+r"), "{fix}");
        assert!(fix.contains("udev"), "{fix}");
    } else {
        println!("note: running as root: chmod 000 does not stop reads, assertion skipped");
    }

    // A read that fails for everyone: the counter is a directory.
    let tree = FakeTree::intel_two_socket().unwrap();
    tree.replace_with_dir("intel-rapl:0:0").unwrap();
    let e = open("rapl-powercap", &ProbeOptions::new(tree.roots()))
        .err()
        .unwrap();
    assert!(matches!(e, SensorError::NotASensorFile { .. }), "{e:?}");
    assert!(e.to_string().contains("intel-rapl:0:0/energy_uj"), "{e}");
    assert!(e.to_string().contains("directory"), "{e}");
}

#[test]
fn garbage_in_a_counter_is_a_parse_error_naming_the_file() {
    no_gpu();
    let tree = FakeTree::intel_two_socket().unwrap();
    tree.set_contents("intel-rapl:0:2", "12abc\n").unwrap();
    let e = open("rapl-powercap", &ProbeOptions::new(tree.roots()))
        .err()
        .unwrap();
    assert!(matches!(e, SensorError::Parse { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(
        msg.contains("intel-rapl:0:2/energy_uj") && msg.contains("12abc"),
        "{msg}"
    );

    // Mid-run too.
    tree.restore("intel-rapl:0:2").unwrap();
    sleep_ms(20);
    let mut s = open("rapl-powercap", &ProbeOptions::new(tree.roots())).unwrap();
    tree.set_contents("intel-rapl:1", "").unwrap();
    let e = s.sample().unwrap_err();
    assert!(matches!(e, SensorError::Parse { .. }), "{e:?}");
    assert!(e.to_string().contains("intel-rapl:1/energy_uj"), "{e}");
}

/// Before the reliability fix a step back was dropped and the old value kept as the
/// reference, so every later sample was dropped too and the rest of the measurement read
/// 0 J. Now it is a reset: re-based, counted, warned, and counting goes on.
#[test]
fn counter_going_backwards_is_a_reset_counted_warned_and_re_based() {
    no_gpu();
    // A 4000 J range: taken as a wrap, 5 J backwards would be 3995 J, which 500 W
    // cannot produce in less than 8 s, however slow this machine is today.
    let tree = FakeTreeBuilder::intel_two_socket()
        .range_uj(3_999_999_999)
        .build()
        .unwrap();
    let p0 = d(DomainKind::Package, 0);
    let mut s = open("rapl-powercap", &ProbeOptions::new(tree.roots())).unwrap();
    sleep_ms(50);
    tree.pause();
    let before = s.sample().unwrap().energy[&p0];
    assert_eq!(s.dropped_samples(), 0);
    let raw = tree.raw_now("intel-rapl:0").unwrap();
    // Counters start at 70 % of their range: well above 5 J.
    tree.set_raw("intel-rapl:0", raw - 5_000_000).unwrap();
    let after = s.sample().unwrap().energy[&p0];
    assert_eq!(after, before, "the step back must not count");
    assert_eq!((s.resets(), s.dropped_samples()), (1, 0));
    let w = s.take_warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("intel-rapl:0/energy_uj") && w[0].contains("went backwards"),
        "{w:?}"
    );
    assert!(s.take_warnings().is_empty());
    // Counting goes on from the new value: 2 J more are counted as 2 J.
    tree.set_raw("intel-rapl:0", raw - 3_000_000).unwrap();
    sleep_ms(60);
    let later = s.sample().unwrap().energy[&p0];
    assert!(
        (later - before - 2.0).abs() < 1e-6,
        "{later} - {before} != 2 J"
    );
    assert_eq!((s.resets(), s.dropped_samples()), (1, 0));
    tree.restore("intel-rapl:0").unwrap();
    tree.resume();
}

#[test]
fn probe_all_on_two_socket_intel_selects_powercap() {
    no_gpu();
    let tree = FakeTree::intel_two_socket().unwrap();
    let probed = probe_all(&ProbeOptions::new(tree.roots()));
    let st: Vec<(&str, BackendStatus)> = probed
        .reports
        .iter()
        .map(|r| (r.name.as_str(), r.status))
        .collect();
    assert_eq!(st.len(), 5);
    assert_eq!(st[0].0, "rapl-perf");
    assert!(matches!(
        st[0].1,
        BackendStatus::Unavailable | BackendStatus::PermissionDenied
    ));
    assert_eq!(st[1], ("rapl-powercap", BackendStatus::Usable));
    assert_eq!(st[2], ("rapl-msr", BackendStatus::Usable));
    assert_eq!(st[3], ("nvml", BackendStatus::Unavailable));
    assert!(probed.reports[3]
        .reason
        .as_deref()
        .unwrap()
        .contains("no NVIDIA driver"));
    assert_eq!(st[4], ("estimate", BackendStatus::Usable));
    for r in &probed.reports {
        assert!(
            r.status == BackendStatus::Usable || r.reason.is_some(),
            "{} has no reason",
            r.name
        );
    }
    let sel = probed.selected.unwrap();
    assert_eq!(sel.info().name, "rapl-powercap");
    assert!(sel.info().power_model.is_none());
}

#[test]
fn machine_without_counters_gets_the_labelled_estimate() {
    no_gpu();
    let tree = FakeTreeBuilder::empty().utilisation(0.5).build().unwrap();
    let mut opts = ProbeOptions::new(tree.roots());
    opts.plausible = PlausiblePower::default();
    let probed = probe_all(&opts);
    for r in &probed.reports[..4] {
        assert_ne!(r.status, BackendStatus::Usable, "{}", r.name);
        assert!(r.reason.is_some());
    }
    let mut s = probed.selected.unwrap();
    let info = s.info().clone();
    assert_eq!(info.name, "estimate");
    assert_eq!(info.provenance, Provenance::Estimated);
    assert_eq!(names(&info), ["package-0", "dram-0"]);
    let model_text = info.model.unwrap();
    assert!(model_text.contains("intel-core-desktop"), "{model_text}");
    let model = s.info().power_model.clone().unwrap();
    assert_eq!(model.vcpus, 1);
    assert!((model.memory_gb - 17.179869184).abs() < 1e-6);

    let t0 = s.sample().unwrap();
    sleep_ms(400);
    let t1 = s.sample().unwrap();
    let secs = t1.at.duration_since(t0.at).as_secs_f64();
    let watts =
        (t1.energy[&d(DomainKind::Package, 0)] - t0.energy[&d(DomainKind::Package, 0)]) / secs;
    let expect = model.power_watts(0.5)[&d(DomainKind::Package, 0)];
    assert!(
        (watts - expect).abs() < expect * 0.05,
        "{watts} W vs {expect} W"
    );
    let mem = (t1.energy[&d(DomainKind::Dram, 0)] - t0.energy[&d(DomainKind::Dram, 0)]) / secs;
    assert!((mem - model.memory_watts()).abs() < 1e-6 * mem.max(1.0) + 1e-9);
}

#[test]
fn estimate_config_file_overrides_coefficients() {
    let tree = FakeTreeBuilder::empty().build().unwrap();
    let cfg = tree.path().join("est.toml");
    std::fs::write(
        &cfg,
        "idle_watts_per_vcpu = 2.0\nmax_watts_per_vcpu = 9.0\nmemory_watts_per_gb = 0.1\n",
    )
    .unwrap();
    let mut opts = ProbeOptions::new(tree.roots());
    opts.estimate_config = Some(cfg.clone());
    let s = open("estimate", &opts).unwrap();
    let m = s.info().power_model.as_ref().unwrap();
    assert_eq!(
        (
            m.idle_watts_per_vcpu,
            m.max_watts_per_vcpu,
            m.memory_watts_per_gb
        ),
        (2.0, 9.0, 0.1)
    );
    let e = m.tree_energy(Duration::from_secs(1), Duration::from_secs(2));
    // 2 s × 1 vCPU × 2 W + 1 s × 7 W = 11 J.
    assert!((e[&d(DomainKind::Package, 0)] - 11.0).abs() < 1e-9);

    std::fs::write(&cfg, "idle_watts_per_vcpu = \"x\"\n").unwrap();
    let e = open("estimate", &opts).err().unwrap();
    assert!(e.to_string().contains("est.toml"), "{e}");
}

#[test]
fn estimate_needs_proc() {
    let tree = FakeTreeBuilder::empty().build().unwrap();
    let mut roots = tree.roots();
    roots.procfs = tree.path().join("no-proc-here");
    let e = EstimateSensor::open(&ProbeOptions::new(roots))
        .err()
        .unwrap();
    assert!(e.to_string().contains("no-proc-here"), "{e}");
}

#[test]
fn unknown_sensor_name() {
    let e = open("rapl-magic", &ProbeOptions::default()).err().unwrap();
    assert!(e.to_string().contains("rapl-powercap"), "{e}");
}

struct FakeGpu {
    info: SensorInfo,
}

impl Sensor for FakeGpu {
    fn info(&self) -> &SensorInfo {
        &self.info
    }
    fn sample(&mut self) -> Result<Sample, SensorError> {
        Ok(Sample {
            at: Instant::now(),
            energy: BTreeMap::from([(d(DomainKind::Gpu, 0), 5.0)]),
        })
    }
    fn dropped_samples(&self) -> u64 {
        2
    }
}

#[test]
fn combined_sensor_merges_gpu_domains() {
    let tree = FakeTreeBuilder::empty().build().unwrap();
    let est = EstimateSensor::with_model(
        &tree.roots(),
        EstimateModel::from_parts("AMD EPYC", 2, 4.0, &EstimateConfig::default()),
    )
    .unwrap();
    let gpu = FakeGpu {
        info: SensorInfo {
            name: "nvml".into(),
            provenance: Provenance::Measured,
            domains: vec![DomainInfo {
                domain: d(DomainKind::Gpu, 0),
                source: "test".into(),
                unit_joules: 1e-3,
                range_joules: None,
            }],
            max_interval: None,
            model: None,
            power_model: None,
        },
    };
    let mut c = Combined::new(vec![Box::new(est), Box::new(gpu)]);
    assert_eq!(c.info().name, "estimate+nvml");
    assert_eq!(c.info().provenance, Provenance::Estimated);
    assert_eq!(names(c.info()), ["package-0", "dram-0", "gpu-0"]);
    assert!(c.info().power_model.is_some());
    assert_eq!(c.dropped_samples(), 2);
    let s = c.sample().unwrap();
    assert_eq!(s.energy.len(), 3);
    assert_eq!(s.energy[&d(DomainKind::Gpu, 0)], 5.0);
}
