//! A short description of the machine for results files.

use joulebench_model::machine::Machine;
use joulebench_sensors::{EstimateConfig, EstimateModel, Roots};
use std::path::Path;

/// CPU model, logical CPUs, memory, kernel and host name, read under `procfs` (the
/// `--procfs-root`, else `/proc`). CPU model, CPU count and memory come from the sensors'
/// own parse of `<procfs>/cpuinfo` and `<procfs>/meminfo` (the estimate model's inputs):
/// the machine's CPUs, not the share a container's limit leaves, because shards are
/// matched by machine and two pods on one kind of node must match.
pub fn describe(procfs: &Path) -> Machine {
    let mut m = Machine::default();
    let roots = Roots {
        procfs: procfs.to_path_buf(),
        ..Roots::default()
    };
    // Without a config the model's CPU name and memory are the machine's, unchanged.
    if let Ok(model) = EstimateModel::for_machine(&roots, &EstimateConfig::default()) {
        if model.cpu_model != "unknown CPU" {
            m.cpu = Some(model.cpu_model);
            m.logical_cpus = Some(model.vcpus).filter(|n| *n > 0);
        }
        // Back to the whole kB of `MemTotal`, then to GiB, one decimal as before.
        let kb = (model.memory_gb * 1e9 / 1024.0).round();
        m.memory_gib = Some((kb / 1024.0 / 1024.0 * 10.0).round() / 10.0);
    }
    if m.logical_cpus.is_none() {
        m.logical_cpus = std::thread::available_parallelism()
            .ok()
            .and_then(|n| u32::try_from(n.get()).ok());
    }
    let read = |rel: &str| std::fs::read_to_string(procfs.join(rel)).ok();
    m.kernel = read("sys/kernel/osrelease").map(|k| k.trim().to_string());
    m.hostname = read("sys/kernel/hostname").map(|h| h.trim().to_string());
    m
}

/// Current UTC time as RFC 3339, seconds precision (`2026-11-24T08:15:00Z`).
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_dates() {
        let at = |secs: u64| {
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
            humantime::format_rfc3339_seconds(t).to_string()
        };
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(20_781 * 86_400 + 3_723), "2026-11-24T01:02:03Z");
        assert_eq!(at(11_016 * 86_400), "2000-02-29T00:00:00Z");
        let now = now_rfc3339();
        assert_eq!(now.len(), "1970-01-01T00:00:00Z".len(), "{now}");
        assert!(now.ends_with('Z'), "{now}");
    }

    #[test]
    fn reads_the_procfs_root() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir_all(p.join("sys/kernel")).unwrap();
        std::fs::write(
            p.join("cpuinfo"),
            "processor\t: 0\nmodel name\t: Test CPU 9000\n\nprocessor\t: 1\nmodel name\t: Test CPU 9000\n",
        )
        .unwrap();
        std::fs::write(p.join("meminfo"), "MemTotal:       16777216 kB\n").unwrap();
        std::fs::write(p.join("sys/kernel/osrelease"), "6.1.0-test\n").unwrap();
        std::fs::write(p.join("sys/kernel/hostname"), "testhost\n").unwrap();
        let m = describe(p);
        assert_eq!(m.cpu.as_deref(), Some("Test CPU 9000"));
        assert_eq!(m.memory_gib, Some(16.0));
        assert_eq!(m.kernel.as_deref(), Some("6.1.0-test"));
        assert_eq!(m.hostname.as_deref(), Some("testhost"));
        // The two processors of cpuinfo, whatever this machine has.
        assert_eq!(m.logical_cpus, Some(2));
        // An empty root: only what is not read from procfs.
        let empty = tempfile::tempdir().unwrap();
        let m = describe(empty.path());
        assert!(m.logical_cpus.is_some());
        assert_eq!((m.cpu, m.kernel, m.hostname), (None, None, None));
    }
}
