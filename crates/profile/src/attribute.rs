//! Splitting energy over stack samples: the rule, in one place.
//!
//! - The sensor's timeline is cut into intervals (one per reading). An interval's
//!   *dynamic* energy on a domain is its energy minus the domain's idle power times the
//!   interval's length.
//! - That dynamic energy is split over the stack samples that fell in the interval on
//!   that domain's package, in proportion to their periods (the CPU time each sample
//!   stands for).
//! - Idle energy is never given to functions: it is what the machine spends doing
//!   nothing, the same rule `serve` follows. It is reported apart.
//! - Dynamic energy of an interval with no sample of the command on the package (other
//!   programs, the kernel's own work, or power below the idle baseline) stays
//!   unattributed, and is reported as such.
//! - Under the estimate model there is no timeline: each sample gets its CPU time times
//!   the model's watts per busy CPU, so energy shares equal time shares.

use joulebench_sensors::{Domain, DomainKind};
use std::collections::BTreeMap;

/// One interval of the energy timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Interval {
    /// CLOCK_MONOTONIC nanoseconds at the reading that opens it.
    pub start_ns: u64,
    /// ... and at the one that closes it.
    pub end_ns: u64,
    /// Joules per domain over the interval (gross, as the counters rose).
    pub joules: BTreeMap<Domain, f64>,
}

/// What the rule needs of one sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weighed {
    /// CLOCK_MONOTONIC nanoseconds.
    pub time_ns: u64,
    /// The package (socket) of the CPU it ran on, when known.
    pub package: Option<u32>,
    /// Its weight: the CPU time it stands for, ns.
    pub period_ns: u64,
}

/// The result: joules per sample, and the totals around them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Split {
    /// Dynamic joules given to each sample, in the input's order.
    pub per_sample: Vec<f64>,
    /// Gross joules over the timeline (idle included).
    pub gross: f64,
    /// Idle power times the time covered.
    pub idle: f64,
    /// `gross - idle`.
    pub dynamic: f64,
    /// Dynamic joules no sample could take (`dynamic - sum(per_sample)`).
    pub unattributed: f64,
}

/// Split measured intervals over `samples`, `idle_w` being each domain's idle power.
/// Only domains of the default total (package, dram) are used, so nothing is counted
/// twice (a package's cores are inside the package).
pub fn split_measured(
    samples: &[Weighed],
    intervals: &[Interval],
    idle_w: &BTreeMap<Domain, f64>,
) -> Split {
    let mut order: Vec<usize> = (0..samples.len()).collect();
    order.sort_by_key(|&i| samples[i].time_ns);
    let mut out = Split {
        per_sample: vec![0.0; samples.len()],
        ..Split::default()
    };
    let mut first = 0;
    for iv in intervals {
        let dt = iv.end_ns.saturating_sub(iv.start_ns) as f64 / 1e9;
        // Samples in (start, end]: `order` is sorted, so a moving window finds them.
        while first < order.len() && samples[order[first]].time_ns <= iv.start_ns {
            first += 1;
        }
        let mut last = first;
        while last < order.len() && samples[order[last]].time_ns <= iv.end_ns {
            last += 1;
        }
        let inside = &order[first..last];
        for (domain, &joules) in iv.joules.iter().filter(|(d, _)| d.in_default_total()) {
            let idle = idle_w.get(domain).copied().unwrap_or(0.0) * dt;
            out.gross += joules;
            out.idle += idle;
            let dynamic = joules - idle;
            if dynamic <= 0.0 {
                continue;
            }
            let on_domain = |i: &&usize| on_package(samples[**i].package, domain);
            let weight: u64 = inside
                .iter()
                .filter(on_domain)
                .map(|&i| samples[i].period_ns)
                .sum();
            if weight == 0 {
                continue;
            }
            for &i in inside.iter().filter(on_domain) {
                out.per_sample[i] += dynamic * samples[i].period_ns as f64 / weight as f64;
            }
        }
    }
    out.dynamic = out.gross - out.idle;
    out.unattributed = out.dynamic - out.per_sample.iter().sum::<f64>();
    out
}

/// Whether a sample on `package` can take energy of `domain`: CPU domains are per
/// socket; a sample whose socket is unknown can take any.
fn on_package(package: Option<u32>, domain: &Domain) -> bool {
    match (package, domain.kind) {
        (Some(p), DomainKind::Package | DomainKind::Dram | DomainKind::Core) => p == domain.index,
        _ => true,
    }
}

/// Split under the estimate model: each sample is worth its CPU time times
/// `busy_w_per_cpu` (the model's dynamic watts of one busy vCPU); `idle_w` times `wall`
/// is the idle part.
pub fn split_modelled(samples: &[Weighed], busy_w_per_cpu: f64, idle_w: f64, wall_s: f64) -> Split {
    let per_sample: Vec<f64> = samples
        .iter()
        .map(|s| s.period_ns as f64 / 1e9 * busy_w_per_cpu)
        .collect();
    let dynamic: f64 = per_sample.iter().sum();
    let idle = idle_w * wall_s;
    Split {
        per_sample,
        gross: idle + dynamic,
        idle,
        dynamic,
        unattributed: 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PKG0: Domain = Domain::new(DomainKind::Package, 0);
    const PKG1: Domain = Domain::new(DomainKind::Package, 1);
    const CORE0: Domain = Domain::new(DomainKind::Core, 0);

    fn sample(ms: u64, package: u32, period_ms: u64) -> Weighed {
        Weighed {
            time_ns: ms * 1_000_000,
            package: Some(package),
            period_ns: period_ms * 1_000_000,
        }
    }

    fn interval(from_ms: u64, to_ms: u64, joules: &[(Domain, f64)]) -> Interval {
        Interval {
            start_ns: from_ms * 1_000_000,
            end_ns: to_ms * 1_000_000,
            joules: joules.iter().copied().collect(),
        }
    }

    #[test]
    fn dynamic_energy_goes_to_the_samples_of_its_interval_by_period() {
        // 0-100 ms: 3 J at 10 W idle -> 2 J dynamic over samples of 1 and 3 ms.
        // 100-200 ms: 1 J = idle -> nothing to give.
        let samples = [sample(10, 0, 1), sample(50, 0, 3), sample(150, 0, 1)];
        let intervals = [
            interval(0, 100, &[(PKG0, 3.0)]),
            interval(100, 200, &[(PKG0, 1.0)]),
        ];
        let idle = BTreeMap::from([(PKG0, 10.0)]);
        let s = split_measured(&samples, &intervals, &idle);
        assert!((s.per_sample[0] - 0.5).abs() < 1e-9, "{s:?}");
        assert!((s.per_sample[1] - 1.5).abs() < 1e-9, "{s:?}");
        assert_eq!(s.per_sample[2], 0.0);
        assert!((s.gross - 4.0).abs() < 1e-9);
        assert!((s.idle - 2.0).abs() < 1e-9);
        assert!((s.dynamic - 2.0).abs() < 1e-9);
        assert!(s.unattributed.abs() < 1e-9);
    }

    #[test]
    fn a_package_gives_its_energy_only_to_samples_on_it_and_cores_are_not_counted_twice() {
        let samples = [sample(10, 0, 1), sample(20, 1, 1)];
        let intervals = [interval(0, 100, &[(PKG0, 2.0), (PKG1, 6.0), (CORE0, 1.5)])];
        let s = split_measured(&samples, &intervals, &BTreeMap::new());
        assert!((s.per_sample[0] - 2.0).abs() < 1e-9, "{s:?}");
        assert!((s.per_sample[1] - 6.0).abs() < 1e-9, "{s:?}");
        assert!(
            (s.gross - 8.0).abs() < 1e-9,
            "core is inside the package: {s:?}"
        );
    }

    #[test]
    fn energy_with_no_sample_to_take_it_is_reported_unattributed() {
        let samples = [sample(150, 0, 1)];
        let intervals = [
            interval(0, 100, &[(PKG0, 5.0)]),
            interval(100, 200, &[(PKG0, 1.0)]),
        ];
        let s = split_measured(&samples, &intervals, &BTreeMap::new());
        assert!((s.per_sample[0] - 1.0).abs() < 1e-9);
        assert!((s.unattributed - 5.0).abs() < 1e-9, "{s:?}");
    }

    #[test]
    fn under_the_model_energy_shares_are_time_shares() {
        let samples = [sample(1, 0, 7), sample(2, 0, 3)];
        let s = split_modelled(&samples, 10.0, 5.0, 2.0);
        assert!((s.per_sample[0] - 0.07).abs() < 1e-12);
        assert!((s.per_sample[1] - 0.03).abs() < 1e-12);
        assert!((s.idle - 10.0).abs() < 1e-12);
        assert!((s.gross - 10.1).abs() < 1e-12);
    }
}
