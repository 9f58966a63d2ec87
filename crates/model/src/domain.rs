//! Energy domains (package, core, dram, ...) and the rule that keeps them from being
//! double counted.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The kind of an energy domain, as RAPL and NVML name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DomainKind {
    /// Whole platform (RAPL psys); contains the packages.
    Psys,
    /// One processor package (socket); contains its cores and uncore.
    Package,
    /// The cores of one package (RAPL PP0).
    Core,
    /// The uncore / integrated graphics of one package (RAPL PP1).
    Uncore,
    /// The memory attached to one package.
    Dram,
    /// One GPU board (NVML).
    Gpu,
}

impl DomainKind {
    /// The lower-case name used in output and labels.
    pub fn as_str(self) -> &'static str {
        match self {
            DomainKind::Psys => "psys",
            DomainKind::Package => "package",
            DomainKind::Core => "core",
            DomainKind::Uncore => "uncore",
            DomainKind::Dram => "dram",
            DomainKind::Gpu => "gpu",
        }
    }
}

/// One energy domain: its kind and the socket (or GPU) index, shown as `package-0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Domain {
    /// What is measured.
    pub kind: DomainKind,
    /// Socket number for CPU domains, device number for GPUs, 0 for psys.
    pub index: u32,
}

impl Domain {
    /// A domain of `kind` on socket or device `index`.
    pub const fn new(kind: DomainKind, index: u32) -> Self {
        Domain { kind, index }
    }

    /// True when `other`'s energy is already included in this domain's, so the two must
    /// never be added: psys contains every package and dram, a package contains its core
    /// and uncore.
    pub fn contains(&self, other: &Domain) -> bool {
        match (self.kind, other.kind) {
            (DomainKind::Psys, DomainKind::Package | DomainKind::Core | DomainKind::Uncore) => true,
            // psys on client parts includes DRAM as well.
            (DomainKind::Psys, DomainKind::Dram) => true,
            (DomainKind::Package, DomainKind::Core | DomainKind::Uncore) => {
                self.index == other.index
            }
            _ => false,
        }
    }

    /// True for the domains that make up the default "energy" figure: package and dram of
    /// every socket.
    pub fn in_default_total(&self) -> bool {
        matches!(self.kind, DomainKind::Package | DomainKind::Dram)
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.kind.as_str(), self.index)
    }
}

/// Error for a domain name that is not `KIND-N`.
#[derive(Debug, thiserror::Error)]
#[error("not a domain name: {0:?} (expected e.g. package-0, dram-1, gpu-0)")]
pub struct ParseDomainError(String);

impl FromStr for Domain {
    type Err = ParseDomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseDomainError(s.to_string());
        let (kind, index) = s.rsplit_once('-').ok_or_else(err)?;
        let kind = match kind {
            "psys" => DomainKind::Psys,
            "package" => DomainKind::Package,
            "core" => DomainKind::Core,
            "uncore" => DomainKind::Uncore,
            "dram" => DomainKind::Dram,
            "gpu" => DomainKind::Gpu,
            _ => return Err(err()),
        };
        let index = index.parse().map_err(|_| err())?;
        Ok(Domain { kind, index })
    }
}

impl Serialize for Domain {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Domain {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Sum the default energy figure from per-domain joules: package + dram over all sockets.
/// When a machine exposes only psys (no package), psys is used instead. Domains contained
/// in another (core, uncore) are never added. Returns `None` when no domain qualifies.
pub fn default_total<'a, I>(energies: I) -> Option<f64>
where
    I: IntoIterator<Item = (&'a Domain, f64)>,
{
    let items: Vec<(&Domain, f64)> = energies.into_iter().collect();
    let pkg_dram: Vec<f64> = items
        .iter()
        .filter(|(d, _)| d.in_default_total())
        .map(|(_, j)| *j)
        .collect();
    if items.iter().any(|(d, _)| d.kind == DomainKind::Package) {
        return Some(pkg_dram.iter().sum());
    }
    let psys: Vec<f64> = items
        .iter()
        .filter(|(d, _)| d.kind == DomainKind::Psys)
        .map(|(_, j)| *j)
        .collect();
    if !psys.is_empty() {
        return Some(psys.iter().sum());
    }
    if !pkg_dram.is_empty() {
        return Some(pkg_dram.iter().sum());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in [
            "package-0",
            "dram-1",
            "psys-0",
            "core-3",
            "uncore-0",
            "gpu-2",
        ] {
            assert_eq!(s.parse::<Domain>().unwrap().to_string(), s);
        }
        assert!("socket-0".parse::<Domain>().is_err());
        assert!("package".parse::<Domain>().is_err());
    }

    #[test]
    fn containment_rule() {
        let p0 = Domain::new(DomainKind::Package, 0);
        let c0 = Domain::new(DomainKind::Core, 0);
        let c1 = Domain::new(DomainKind::Core, 1);
        let psys = Domain::new(DomainKind::Psys, 0);
        assert!(p0.contains(&c0));
        assert!(!p0.contains(&c1));
        assert!(psys.contains(&p0));
        assert!(!c0.contains(&p0));
    }

    #[test]
    fn default_total_sums_package_and_dram_only() {
        let p0 = Domain::new(DomainKind::Package, 0);
        let p1 = Domain::new(DomainKind::Package, 1);
        let d0 = Domain::new(DomainKind::Dram, 0);
        let c0 = Domain::new(DomainKind::Core, 0);
        let psys = Domain::new(DomainKind::Psys, 0);
        let v = [
            (&p0, 10.0),
            (&p1, 20.0),
            (&d0, 3.0),
            (&c0, 7.0),
            (&psys, 50.0),
        ];
        assert_eq!(default_total(v), Some(33.0));
        assert_eq!(default_total([(&psys, 50.0), (&c0, 7.0)]), Some(50.0));
        assert_eq!(default_total([(&c0, 7.0)]), None);
    }
}
