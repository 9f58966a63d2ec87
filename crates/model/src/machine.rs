//! The machine a session ran on, typed.
//!
//! Why typed: the description used to be a map of strings (`cpu`, `logical_cpus`, ...),
//! and comparing machines (shards of one ranking must come from one kind of machine;
//! `report --by-machine` groups by machine) needs to know which facts say what hardware
//! it was and which merely name the host. Older results files wrote numbers as text;
//! they are still read.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// CPU model, logical CPUs, memory, kernel and host name, as far as they were readable.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// CPU model name (`model name` of `/proc/cpuinfo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    /// Logical CPUs of the machine.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number_or_text"
    )]
    pub logical_cpus: Option<u32>,
    /// Installed memory, GiB.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "number_or_text"
    )]
    pub memory_gib: Option<f64>,
    /// Kernel release (`uname -r`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kernel: Option<String>,
    /// Host name: shown, never compared (every node of a cluster has its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
}

/// What makes two sessions "the same machine" for a ranking: the CPU, how many logical
/// CPUs, the kernel and the sensor that measured. Host name and memory are left out: the
/// nodes of one cluster differ in both and still measure alike.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MachineId {
    /// CPU model name, when known.
    pub cpu: Option<String>,
    /// Logical CPUs, when known.
    pub logical_cpus: Option<u32>,
    /// Kernel release, when known.
    pub kernel: Option<String>,
    /// The sensor's name (`rapl-powercap`, `estimate`).
    pub sensor: String,
}

impl Machine {
    /// This machine measured by `sensor`, as sessions compare.
    pub fn id(&self, sensor: &str) -> MachineId {
        MachineId {
            cpu: self.cpu.clone(),
            logical_cpus: self.logical_cpus,
            kernel: self.kernel.clone(),
            sensor: sensor.to_string(),
        }
    }

    /// The facts as labelled lines, for a report's "how this was measured" list.
    pub fn facts(&self) -> Vec<(String, String)> {
        let mut f = Vec::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                f.push((k.to_string(), v));
            }
        };
        put("cpu", self.cpu.clone());
        put("logical_cpus", self.logical_cpus.map(|n| n.to_string()));
        put("memory_gib", self.memory_gib.map(|g| format!("{g:.1}")));
        put("kernel", self.kernel.clone());
        put("hostname", self.hostname.clone());
        f
    }
}

impl fmt::Display for MachineId {
    /// `Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz, 4 CPUs, kernel 6.1.0, sensor estimate`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.cpu.as_deref().unwrap_or("unknown CPU"))?;
        if let Some(n) = self.logical_cpus {
            write!(f, ", {n} CPUs")?;
        }
        if let Some(k) = &self.kernel {
            write!(f, ", kernel {k}")?;
        }
        write!(f, ", sensor {}", self.sensor)
    }
}

/// A number written as a number, or as text by results files older than this type.
fn number_or_text<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr + Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either<T> {
        Number(T),
        Text(String),
    }
    match Option::<Either<T>>::deserialize(d)? {
        None => Ok(None),
        Some(Either::Number(n)) => Ok(Some(n)),
        Some(Either::Text(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("{s:?} is not a number"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_old_text_numbers_and_writes_numbers() {
        let old = r#"{"cpu":"Test CPU","logical_cpus":"8","memory_gib":"16.0","kernel":"6.1","hostname":"a"}"#;
        let m: Machine = serde_json::from_str(old).unwrap();
        assert_eq!(m.logical_cpus, Some(8));
        assert_eq!(m.memory_gib, Some(16.0));
        let text = serde_json::to_string(&m).unwrap();
        assert!(text.contains(r#""logical_cpus":8"#), "{text}");
        assert_eq!(serde_json::from_str::<Machine>(&text).unwrap(), m);
        assert!(serde_json::from_str::<Machine>(r#"{"logical_cpus":"many"}"#).is_err());
    }

    #[test]
    fn the_id_ignores_host_and_memory() {
        let a = Machine {
            cpu: Some("X".into()),
            logical_cpus: Some(4),
            hostname: Some("node-1".into()),
            memory_gib: Some(31.2),
            ..Machine::default()
        };
        let b = Machine {
            hostname: Some("node-2".into()),
            memory_gib: Some(31.4),
            ..a.clone()
        };
        assert_eq!(a.id("estimate"), b.id("estimate"));
        assert_ne!(a.id("estimate"), a.id("rapl-powercap"));
        assert_eq!(a.id("estimate").to_string(), "X, 4 CPUs, sensor estimate");
    }
}
