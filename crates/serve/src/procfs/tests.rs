use super::*;
use joulebench_testkit::proctable::{FakeProc, FakeProcess};

#[test]
fn stat_with_odd_names() {
    let s = "42 (my (odd) prog) S 1 42 42 0 -1 4194560 100 0 0 0 250 30 5 6 20 0 3 0 \
             123456 1000 10 18446744073709551615\n";
    let f = parse_stat(s).unwrap();
    assert_eq!(f.comm, "my (odd) prog");
    assert_eq!(f.cpu_ticks, 280);
    assert_eq!(f.start, 123456);
    assert_eq!(parse_stat("42 (x) S 1 2"), None);
    assert_eq!(parse_stat("garbage"), None);
    assert_eq!(parse_stat("1 )x( S"), None);
}

#[test]
fn scans_a_test_table() {
    let dir = tempfile::tempdir().unwrap();
    let fp = FakeProc::new(dir.path()).unwrap();
    let id = "a".repeat(64);
    fp.write(
        &FakeProcess::new(10, "web server", 300, 100)
            .cgroup(&format!("0::/system.slice/docker-{id}.scope")),
    )
    .unwrap();
    fp.write(&FakeProcess::new(11, "sh", 5, 0)).unwrap();
    // Not processes: skipped.
    std::fs::write(dir.path().join("stat"), "cpu 1 2 3 4\n").unwrap();
    std::fs::create_dir_all(dir.path().join("self")).unwrap();
    let mut sc = Scanner::new(dir.path());
    let mut v = sc.scan().unwrap();
    v.sort_by_key(|s| s.key);
    assert_eq!(v.len(), 2);
    assert_eq!(&*v[0].comm, "web server");
    assert_eq!(v[0].cpu_ticks, 400);
    assert_eq!(v[0].cgroup.container.as_deref(), Some(id.as_str()));
    assert_eq!(v[1].cgroup.slice, None);
    assert_eq!(sc.errors(), 0);
}

#[test]
fn vanishing_and_broken_processes_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let fp = FakeProc::new(dir.path()).unwrap();
    fp.write(&FakeProcess::new(20, "stays", 1, 1)).unwrap();
    // A pid directory whose stat is gone (the process exited after the listing).
    std::fs::create_dir_all(dir.path().join("21")).unwrap();
    // A pid directory with garbage.
    std::fs::create_dir_all(dir.path().join("22")).unwrap();
    std::fs::write(dir.path().join("22/stat"), "nonsense").unwrap();
    let mut sc = Scanner::new(dir.path());
    let v = sc.scan().unwrap();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].key.pid, 20);
    assert_eq!(sc.errors(), 1, "only the garbage counts as an error");
    fp.remove(20).unwrap();
    assert!(sc.scan().unwrap().is_empty());
    assert!(sc.entries.is_empty());
    assert!(Scanner::new(&dir.path().join("nope")).scan().is_err());
}

#[test]
fn names_that_are_not_utf8_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let fp = FakeProc::new(dir.path()).unwrap();
    fp.write(&FakeProcess::new(30, "placeholder", 7, 0))
        .unwrap();
    let line = FakeProcess::new(30, "bad\u{1}", 7, 0).stat_line();
    let mut bytes = line.into_bytes();
    let at = bytes.iter().position(|b| *b == 1).unwrap();
    bytes[at] = 0xFF;
    std::fs::write(dir.path().join("30/stat"), bytes).unwrap();
    let v = Scanner::new(dir.path()).scan().unwrap();
    assert_eq!(&*v[0].comm, "bad\u{FFFD}");
    assert_eq!(v[0].cpu_ticks, 7);
}

#[test]
fn processes_exiting_during_many_scans_never_fail() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let fp = FakeProc::new(&root).unwrap();
    for pid in 100..400 {
        fp.write(&FakeProcess::new(pid, "churn", 1, 1)).unwrap();
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let stop = stop.clone();
        let root = root.clone();
        std::thread::spawn(move || {
            let fp = FakeProc::new(&root).unwrap();
            let mut pid = 100;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = fp.remove(pid);
                let _ = fp.write(&FakeProcess::new(pid, "churn", 2, 2));
                pid = if pid == 399 { 100 } else { pid + 1 };
            }
        })
    };
    let mut sc = Scanner::new(&root);
    for _ in 0..50 {
        sc.scan().unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().unwrap();
    assert_eq!(sc.errors(), 0);
}

#[test]
fn the_real_proc_is_read_through_kept_files() {
    let mut sc = Scanner::new(Path::new("/proc"));
    assert!(sc.keep_max > 0, "/proc is procfs");
    let mut child = std::process::Command::new("sh")
        .args(["-c", "while :; do :; done"])
        .spawn()
        .unwrap();
    let pid = child.id();
    let v = sc.scan().unwrap();
    let me = std::process::id();
    assert!(v.iter().any(|s| s.key.pid == me), "{} processes", v.len());
    let first = v.iter().find(|s| s.key.pid == pid).unwrap().clone();
    assert!(sc.entries[&pid].file.is_some());
    // Read again through the kept file: the figures move on.
    let mut moved = false;
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let again = sc.scan().unwrap();
        let later = again.iter().find(|s| s.key.pid == pid).unwrap();
        assert_eq!(later.key, first.key);
        if later.cpu_ticks > first.cpu_ticks {
            moved = true;
            break;
        }
    }
    assert!(moved, "the busy child's CPU time never moved");
    let _ = child.kill();
    let _ = child.wait();
    let after = sc.scan().unwrap();
    assert!(after.iter().all(|s| s.key.pid != pid));
    assert!(
        !sc.entries.contains_key(&pid),
        "the exited process was dropped"
    );
    assert_eq!(
        sc.kept_files(),
        sc.entries.values().filter(|e| e.file.is_some()).count()
    );
    assert_eq!(sc.errors(), 0);
    // A test tree of regular files is never read through kept files.
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(Scanner::new(dir.path()).keep_max, 0);
}

#[test]
fn idle_processes_are_read_less_often() {
    let dir = tempfile::tempdir().unwrap();
    let fp = FakeProc::new(dir.path()).unwrap();
    fp.write(&FakeProcess::new(1, "idle", 5, 0)).unwrap();
    fp.write(&FakeProcess::new(2, "busy", 0, 0)).unwrap();
    let mut sc = Scanner::new(dir.path());
    let mut idle_reads = Vec::new();
    for i in 1..=20u64 {
        fp.write(&FakeProcess::new(2, "busy", i, 0)).unwrap();
        let before = sc.reads();
        let v = sc.scan().unwrap();
        // Both are always in the scan; the busy one always with its new CPU time.
        assert_eq!(v.len(), 2);
        let busy = v.iter().find(|s| s.key.pid == 2).unwrap();
        assert_eq!(busy.cpu_ticks, i);
        idle_reads.push(sc.reads() - before - 1);
    }
    // Read at scans 1, 2 (unchanged once: skip 1), 4 (skip 2), then once every
    // MAX_SKIP + 1 scans.
    let read_at: Vec<usize> = (0..20)
        .filter(|i| idle_reads[*i] == 1)
        .map(|i| i + 1)
        .collect();
    assert_eq!(&read_at[..3], &[1, 2, 4]);
    for w in read_at[3..].windows(2) {
        assert_eq!(w[1] - w[0], MAX_SKIP as usize + 1, "{read_at:?}");
    }
    assert!(read_at[3] <= 4 + MAX_SKIP as usize + 1, "{read_at:?}");
    // It wakes up: the change is seen at its next read, then it is read every scan.
    fp.write(&FakeProcess::new(1, "idle", 50, 0)).unwrap();
    let mut seen_at = None;
    for i in 1..=(MAX_SKIP + 1) {
        let v = sc.scan().unwrap();
        if v.iter().any(|s| s.key.pid == 1 && s.cpu_ticks == 50) {
            seen_at = Some(i);
            break;
        }
    }
    assert!(seen_at.is_some(), "seen within MAX_SKIP + 1 scans");
    fp.write(&FakeProcess::new(1, "idle", 60, 0)).unwrap();
    let v = sc.scan().unwrap();
    assert!(v.iter().any(|s| s.key.pid == 1 && s.cpu_ticks == 60));
    // A skipped process that exits leaves the scan at once.
    for _ in 0..3 {
        sc.scan().unwrap();
    }
    fp.remove(1).unwrap();
    assert!(sc.scan().unwrap().iter().all(|s| s.key.pid != 1));
}

#[test]
fn a_reused_pid_is_a_new_process() {
    let dir = tempfile::tempdir().unwrap();
    let fp = FakeProc::new(dir.path()).unwrap();
    fp.write(&FakeProcess::new(5, "old", 10, 0).start(100))
        .unwrap();
    let mut sc = Scanner::new(dir.path());
    sc.scan().unwrap();
    fp.write(
        &FakeProcess::new(5, "new", 3, 0)
            .start(900)
            .cgroup("0::/system.slice/x.service"),
    )
    .unwrap();
    let v = sc.scan().unwrap();
    assert_eq!(v[0].key, ProcKey { pid: 5, start: 900 });
    assert_eq!(&*v[0].comm, "new");
    assert_eq!(v[0].cgroup.slice.as_deref(), Some("system.slice"));
}

#[test]
fn idle_reads_spread_over_the_scans() {
    let dir = tempfile::tempdir().unwrap();
    let fp = FakeProc::new(dir.path()).unwrap();
    for pid in 1..=400 {
        fp.write(&FakeProcess::new(pid, "idle", 1, 1)).unwrap();
    }
    let mut sc = Scanner::new(dir.path());
    let mut per_scan = Vec::new();
    for _ in 0..30 {
        let before = sc.reads();
        assert_eq!(sc.scan().unwrap().len(), 400);
        per_scan.push(sc.reads() - before);
    }
    // Once settled, a quarter of them each scan, not all of them every fourth scan.
    for n in &per_scan[10..] {
        assert!((90..=110).contains(n), "{per_scan:?}");
    }
}
