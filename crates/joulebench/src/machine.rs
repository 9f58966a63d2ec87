//! A short description of the machine for results files.

use joulebench_sensors::{EstimateConfig, EstimateModel, Roots};
use std::collections::BTreeMap;
use std::path::Path;

/// CPU model, logical CPUs, memory, kernel and host name, read under `procfs` (the
/// `--procfs-root`, else `/proc`). CPU model and memory come from the sensors' own
/// parse of `<procfs>/cpuinfo` and `<procfs>/meminfo` (the estimate model's inputs).
pub fn describe(procfs: &Path) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let roots = Roots {
        procfs: procfs.to_path_buf(),
        ..Roots::default()
    };
    // Without a config the model's CPU name and memory are the machine's, unchanged.
    if let Ok(model) = EstimateModel::for_machine(&roots, &EstimateConfig::default()) {
        if model.cpu_model != "unknown CPU" {
            m.insert("cpu".into(), model.cpu_model);
        }
        // Back to the whole kB of `MemTotal`, then to GiB as before.
        let kb = (model.memory_gb * 1e9 / 1024.0).round();
        m.insert("memory_gib".into(), format!("{:.1}", kb / 1024.0 / 1024.0));
    }
    if let Ok(n) = std::thread::available_parallelism() {
        m.insert("logical_cpus".into(), n.to_string());
    }
    let read = |rel: &str| std::fs::read_to_string(procfs.join(rel));
    if let Ok(k) = read("sys/kernel/osrelease") {
        m.insert("kernel".into(), k.trim().to_string());
    }
    if let Ok(h) = read("sys/kernel/hostname") {
        m.insert("hostname".into(), h.trim().to_string());
    }
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
        assert_eq!(m["cpu"], "Test CPU 9000");
        assert_eq!(m["memory_gib"], "16.0");
        assert_eq!(m["kernel"], "6.1.0-test");
        assert_eq!(m["hostname"], "testhost");
        assert!(m.contains_key("logical_cpus"));
        // An empty root: only what is not read from procfs.
        let empty = tempfile::tempdir().unwrap();
        let keys: Vec<String> = describe(empty.path()).into_keys().collect();
        assert_eq!(keys, ["logical_cpus"]);
    }
}
