//! Fake machines for tests: powercap zones, a perf power PMU, MSR register files, CPU
//! topology and `/proc` files in a temp dir, with counters that a background thread
//! advances at known wattages.
//!
//! Other crates' tests use it to run the real sensors (and the `joulebench` binary,
//! through `--sysfs-root`, `--dev-root`, `--procfs-root`) on a machine with known power:
//!
//! ```no_run
//! use joulebench_testkit::fake::FakeTree;
//! use joulebench_sensors::{open, Domain, DomainKind, ProbeOptions};
//!
//! let tree = FakeTree::intel_two_socket().unwrap(); // counters start ticking now
//! let mut sensor = open("rapl-powercap", &ProbeOptions::new(tree.roots())).unwrap();
//! std::thread::sleep(std::time::Duration::from_millis(300));
//! tree.pause(); // freeze the fake clock so the truth and the reading agree exactly
//! let s = sensor.sample().unwrap();
//! let p0 = Domain::new(DomainKind::Package, 0);
//! assert!((s.energy[&p0] - tree.true_energy(p0)).abs() < 1e-3);
//! tree.resume();
//! // Or for the binary: `joulebench --sysfs-root <tree.sysfs_root()> run ...`.
//! ```
//!
//! # The fake clock and the truth
//!
//! Every counter of domain `d` reads `start + watts(d) × t` (in its unit, modulo its
//! range), where `t` is the fake clock: seconds since [`FakeTreeBuilder::build`], minus
//! time spent paused. The thread rewrites all counters every tick (5 ms by default), so a
//! reader sees the energy at the last tick; [`FakeTree::true_energy`] returns exactly that
//! figure, `watts(d) × t_last_write`. [`FakeTree::pause`] stops the clock and the writes,
//! so a sample taken while paused can be compared with the truth to the microjoule.
//!
//! # Wrap-around
//!
//! powercap ranges are small (40 J for packages, cores and DRAM, 160 J for psys, by
//! default) and counters start at 70 % of their range, so a package at 30 W wraps after
//! 0.4 s and then every 1.3 s. MSR counters are 32-bit and start about 0.5 s before
//! their wrap. A reader must sample more often than `range / watts` (the sensors' own
//! `max_interval` uses the plausible power, 500 W per package, so it is far shorter).
//!
//! # Faults
//!
//! [`FakeTree::set_contents`] (garbage), [`FakeTree::set_raw`] (e.g. a counter that
//! went backwards), [`FakeTree::make_unreadable`] (chmod 000; see
//! [`permissions_enforced`]: root reads it anyway), [`FakeTree::replace_with_dir`] (a
//! read that fails whoever you are), [`FakeTree::remove_zone`] (a zone that vanishes).
//! Each of these takes the counter out of the thread's hands until
//! [`FakeTree::restore`].
//!
//! # Layout
//!
//! ```text
//! <root>/sys/class/powercap/intel-rapl:N[:M]/{name,energy_uj,max_energy_range_uj}
//! <root>/sys/class/powercap/intel-rapl-mmio:0/...          (duplicate of package-0)
//! <root>/sys/bus/event_source/devices/power/{type,cpumask,events/energy-*{,.scale,.unit}}
//! <root>/sys/devices/system/cpu/cpuN/topology/{physical_package_id,core_id}
//! <root>/dev/cpu/N/msr        (sparse: register R is the 8 bytes at offset R, as the
//!                              msr driver serves it)
//! <root>/proc/{cpuinfo,stat,meminfo}   (stat ticks at 100 Hz per CPU at the set utilisation)
//! ```

use crate::procfiles::{self, CpuEntry};
use joulebench_sensors::{default_total, dram_fixed_unit, Domain, DomainKind, Roots};
use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The perf `type` number the fake power PMU advertises: no real kernel hands out such
/// a number, so `perf_event_open` on it fails (ENOENT, or EACCES for non-root users).
pub const FAKE_PMU_TYPE: u32 = 0x7FFF_0000;

/// Whether file permissions stop this process from reading a `chmod 000` file (false
/// when running as root, or with CAP_DAC_OVERRIDE). Tests of "permission denied" skip
/// their assertion, with a printed note, when this is false.
pub fn permissions_enforced() -> bool {
    let Ok(dir) = tempfile::tempdir() else {
        return false;
    };
    let p = dir.path().join("probe");
    if std::fs::write(&p, "1").is_err() {
        return false;
    }
    set_mode(&p, 0o000);
    std::fs::read(&p).is_err()
}

// The RAPL registers (MSR addresses), from the Intel SDM vol. 4 and AMD's PPRs: the fake
// spells the hardware out itself, as it does the powercap and perf files.
const INTEL_UNIT: u64 = 0x606;
const INTEL_PKG: u64 = 0x611;
const INTEL_DRAM: u64 = 0x619;
const INTEL_PP0: u64 = 0x639;
const INTEL_PP1: u64 = 0x641;
const INTEL_PSYS: u64 = 0x64D;
const AMD_UNIT: u64 = 0xC001_0299;
const AMD_CORE: u64 = 0xC001_029A;
const AMD_PKG: u64 = 0xC001_029B;

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
}

/// One powercap zone of a fake tree.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneSpec {
    /// Directory name: `intel-rapl:0`, `intel-rapl:0:2`, `intel-rapl-mmio:0`.
    pub id: String,
    /// Contents of `name`: `package-0`, `core`, `uncore`, `dram`, `psys`.
    pub name: String,
    /// The domain whose watts drive it.
    pub domain: Domain,
    /// `max_energy_range_uj`.
    pub max_energy_range_uj: u64,
}

/// The processor a fake tree pretends to have.
#[derive(Clone, Debug, PartialEq)]
pub struct FakeCpu {
    /// `vendor_id`: `GenuineIntel` or `AuthenticAMD`.
    pub vendor: String,
    /// `cpu family` (decimal in the file).
    pub family: u32,
    /// `model`.
    pub model: u32,
    /// `model name`.
    pub model_name: String,
    /// Sockets.
    pub packages: u32,
    /// Physical cores per socket.
    pub cores_per_package: u32,
    /// Hardware threads per core.
    pub threads_per_core: u32,
}

impl FakeCpu {
    /// `(cpu, package, core)` for every logical CPU, Linux-style numbering: the first
    /// thread of every core first, then the siblings.
    pub fn places(&self) -> Vec<(usize, u32, u32)> {
        let mut v = Vec::new();
        let mut cpu = 0usize;
        for _thread in 0..self.threads_per_core.max(1) {
            for p in 0..self.packages.max(1) {
                for c in 0..self.cores_per_package.max(1) {
                    v.push((cpu, p, c));
                    cpu += 1;
                }
            }
        }
        v
    }

    fn is_amd(&self) -> bool {
        self.vendor == "AuthenticAMD"
    }
}

/// Builds a [`FakeTree`]. Start from [`FakeTreeBuilder::intel_two_socket`],
/// [`FakeTreeBuilder::amd`] or [`FakeTreeBuilder::empty`] and adjust.
#[derive(Clone, Debug)]
pub struct FakeTreeBuilder {
    cpu: FakeCpu,
    zones: Vec<ZoneSpec>,
    watts: BTreeMap<Domain, f64>,
    perf_pmu: bool,
    msr: bool,
    utilisation: f64,
    memory_kb: u64,
    tick: Duration,
}

fn d(kind: DomainKind, i: u32) -> Domain {
    Domain::new(kind, i)
}

fn zone(id: &str, name: &str, domain: Domain, range_j: u64) -> ZoneSpec {
    ZoneSpec {
        id: id.into(),
        name: name.into(),
        domain,
        max_energy_range_uj: range_j * 1_000_000 - 1,
    }
}

impl FakeTreeBuilder {
    /// A machine with one CPU and nothing else: no powercap, no PMU, no MSR files.
    pub fn empty() -> Self {
        FakeTreeBuilder {
            cpu: FakeCpu {
                vendor: "GenuineIntel".into(),
                family: 6,
                model: 0x9E,
                model_name: "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz".into(),
                packages: 1,
                cores_per_package: 1,
                threads_per_core: 1,
            },
            zones: Vec::new(),
            watts: BTreeMap::new(),
            perf_pmu: false,
            msr: false,
            utilisation: 0.25,
            memory_kb: 16 * 1024 * 1024,
            tick: Duration::from_millis(5),
        }
    }

    /// Two-socket Intel Xeon (Skylake-SP, model 0x55, 2 cores per socket):
    ///
    /// | zone | name | domain | watts | range |
    /// |---|---|---|---|---|
    /// | intel-rapl:0 | package-0 | package-0 | 30 | 40 J |
    /// | intel-rapl:0:0 | core | core-0 | 20 | 40 J |
    /// | intel-rapl:0:1 | uncore | uncore-0 | 3 | 40 J |
    /// | intel-rapl:0:2 | dram | dram-0 | 6 | 40 J |
    /// | intel-rapl:1 | package-1 | package-1 | 25 | 40 J |
    /// | intel-rapl:1:0 | core | core-1 | 15 | 40 J |
    /// | intel-rapl:1:1 | dram | dram-1 | 5 | 40 J |
    /// | intel-rapl:2 | psys | psys-0 | 80 | 160 J |
    /// | intel-rapl-mmio:0 | package-0 | (duplicate) | 30 | 40 J |
    ///
    /// Default total (package + dram) = 66 W. Also a perf power PMU (energy-pkg,
    /// energy-cores, energy-ram, energy-psys; fake type, so opening fails) and MSR
    /// register files (package, PP0, DRAM in the fixed 2^-16 J server unit).
    pub fn intel_two_socket() -> Self {
        use DomainKind::*;
        let mut b = FakeTreeBuilder::empty();
        b.cpu = FakeCpu {
            vendor: "GenuineIntel".into(),
            family: 6,
            model: 0x55,
            model_name: "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz".into(),
            packages: 2,
            cores_per_package: 2,
            threads_per_core: 1,
        };
        b.zones = vec![
            zone("intel-rapl:0", "package-0", d(Package, 0), 40),
            zone("intel-rapl:0:0", "core", d(Core, 0), 40),
            zone("intel-rapl:0:1", "uncore", d(Uncore, 0), 40),
            zone("intel-rapl:0:2", "dram", d(Dram, 0), 40),
            zone("intel-rapl:1", "package-1", d(Package, 1), 40),
            zone("intel-rapl:1:0", "core", d(Core, 1), 40),
            zone("intel-rapl:1:1", "dram", d(Dram, 1), 40),
            zone("intel-rapl:2", "psys", d(Psys, 0), 160),
            zone("intel-rapl-mmio:0", "package-0", d(Package, 0), 40),
        ];
        b.watts = [
            (d(Package, 0), 30.0),
            (d(Core, 0), 20.0),
            (d(Uncore, 0), 3.0),
            (d(Dram, 0), 6.0),
            (d(Package, 1), 25.0),
            (d(Core, 1), 15.0),
            (d(Dram, 1), 5.0),
            (d(Psys, 0), 80.0),
        ]
        .into_iter()
        .collect();
        b.perf_pmu = true;
        b.msr = true;
        b
    }

    /// One-socket AMD EPYC (family 19h, 2 cores × 2 threads), as AMD kernels show it:
    /// powercap `intel-rapl:0` = `package-0` (40 W, 40 J range) with sub-zone `core`
    /// (24 W); a perf power PMU with `energy-pkg` only; MSR register files (package and
    /// per-core energy, 12 W per core).
    pub fn amd() -> Self {
        use DomainKind::*;
        let mut b = FakeTreeBuilder::empty();
        b.cpu = FakeCpu {
            vendor: "AuthenticAMD".into(),
            family: 0x19,
            model: 0x01,
            model_name: "AMD EPYC 7763 64-Core Processor".into(),
            packages: 1,
            cores_per_package: 2,
            threads_per_core: 2,
        };
        b.zones = vec![
            zone("intel-rapl:0", "package-0", d(Package, 0), 40),
            zone("intel-rapl:0:0", "core", d(Core, 0), 40),
        ];
        b.watts = [(d(Package, 0), 40.0), (d(Core, 0), 24.0)]
            .into_iter()
            .collect();
        b.perf_pmu = true;
        b.msr = true;
        b
    }

    /// Replace the processor.
    pub fn cpu(mut self, cpu: FakeCpu) -> Self {
        self.cpu = cpu;
        self
    }

    /// Add a powercap zone (its domain's watts default to 10 W; see [`Self::watts`]).
    pub fn zone(mut self, spec: ZoneSpec) -> Self {
        self.watts.entry(spec.domain).or_insert(10.0);
        self.zones.push(spec);
        self
    }

    /// Remove every powercap zone.
    pub fn no_powercap(mut self) -> Self {
        self.zones.clear();
        self
    }

    /// Set the power of a domain (every counter of that domain follows it).
    pub fn watts(mut self, domain: Domain, watts: f64) -> Self {
        self.watts.insert(domain, watts);
        self
    }

    /// Set `max_energy_range_uj` of every zone.
    pub fn range_uj(mut self, max_energy_range_uj: u64) -> Self {
        for z in &mut self.zones {
            z.max_energy_range_uj = max_energy_range_uj;
        }
        self
    }

    /// With or without the perf power PMU directory.
    pub fn perf_pmu(mut self, yes: bool) -> Self {
        self.perf_pmu = yes;
        self
    }

    /// With or without `<dev>/cpu/N/msr` files.
    pub fn msr(mut self, yes: bool) -> Self {
        self.msr = yes;
        self
    }

    /// Utilisation (0..=1) that `<procfs>/stat` shows.
    pub fn utilisation(mut self, u: f64) -> Self {
        self.utilisation = u.clamp(0.0, 1.0);
        self
    }

    /// `MemTotal` in kB.
    pub fn memory_kb(mut self, kb: u64) -> Self {
        self.memory_kb = kb;
        self
    }

    /// How often the thread rewrites the counters.
    pub fn tick(mut self, tick: Duration) -> Self {
        self.tick = tick.max(Duration::from_millis(1));
        self
    }

    /// `devices/system/cpu/cpuN/topology` under `sys`, and `cpuinfo` and `meminfo`.
    fn write_topology_and_proc(
        &self,
        sys: &Path,
        proc_: &Path,
        places: &[(usize, u32, u32)],
    ) -> io::Result<()> {
        for &(cpu, pkg, core) in places {
            let t = sys.join(format!("devices/system/cpu/cpu{cpu}/topology"));
            std::fs::create_dir_all(&t)?;
            std::fs::write(t.join("physical_package_id"), format!("{pkg}\n"))?;
            std::fs::write(t.join("core_id"), format!("{core}\n"))?;
        }
        let cpus: Vec<CpuEntry> = places
            .iter()
            .map(|&(cpu, pkg, core)| CpuEntry {
                cpu,
                vendor: &self.cpu.vendor,
                family_model: Some((self.cpu.family, self.cpu.model)),
                model_name: &self.cpu.model_name,
                place: Some((pkg, core)),
            })
            .collect();
        procfiles::write_machine(proc_, &cpus, self.memory_kb, self.memory_kb / 2)?;
        Ok(())
    }

    /// The powercap zones under `sys`, and their counters.
    fn write_powercap(&self, sys: &Path) -> io::Result<Vec<Counter>> {
        let mut counters = Vec::new();
        for z in &self.zones {
            let zd = sys.join("class/powercap").join(&z.id);
            std::fs::create_dir_all(&zd)?;
            std::fs::write(zd.join("name"), format!("{}\n", z.name))?;
            std::fs::write(
                zd.join("max_energy_range_uj"),
                format!("{}\n", z.max_energy_range_uj),
            )?;
            let modulus = u128::from(z.max_energy_range_uj) + 1;
            counters.push(Counter {
                key: z.id.clone(),
                domain: z.domain,
                target: Target::Text(zd.join("energy_uj")),
                units_per_joule: 1e6,
                modulus,
                start: (modulus * 7 / 10) as u64,
                share: 1.0,
                live: true,
            });
        }
        // The control-type directory the kernel also has (no counters in it).
        if !self.zones.is_empty() {
            let ct = sys.join("class/powercap/intel-rapl");
            std::fs::create_dir_all(&ct)?;
            std::fs::write(ct.join("enabled"), "1\n")?;
        }
        Ok(counters)
    }

    /// The perf power PMU under `sys`, if the tree has one.
    fn write_perf_pmu(&self, sys: &Path, places: &[(usize, u32, u32)]) -> io::Result<()> {
        if !self.perf_pmu {
            return Ok(());
        }
        let pd = sys.join("bus/event_source/devices/power");
        std::fs::create_dir_all(pd.join("events"))?;
        std::fs::write(pd.join("type"), format!("{FAKE_PMU_TYPE}\n"))?;
        let mut firsts: BTreeMap<u32, usize> = BTreeMap::new();
        for &(cpu, pkg, _) in places {
            firsts.entry(pkg).or_insert(cpu);
        }
        let mask: Vec<String> = firsts.values().map(|c| c.to_string()).collect();
        std::fs::write(pd.join("cpumask"), format!("{}\n", mask.join(",")))?;
        let mut events = vec![("energy-pkg", 2)];
        if !self.cpu.is_amd() {
            events.extend([("energy-cores", 1), ("energy-ram", 3), ("energy-psys", 5)]);
        }
        for (name, ev) in events {
            let e = pd.join("events");
            std::fs::write(e.join(name), format!("event=0x{ev:02x}\n"))?;
            std::fs::write(
                e.join(format!("{name}.scale")),
                "2.3283064365386962890625e-10\n",
            )?;
            std::fs::write(e.join(format!("{name}.unit")), "Joules\n")?;
        }
        Ok(())
    }

    /// The MSR registers: those written once and those that tick.
    fn msr_registers(&self, places: &[(usize, u32, u32)]) -> (Vec<FixedReg>, Vec<TickingReg>) {
        // The CPUs joulebench reads them on: package registers on each package's first
        // CPU, AMD's per-core register on each core's last thread. Each value is
        // written at its register's own offset, so registers one address apart
        // (AMD's) overlap in the file: the unit register's ESU byte (offset + 1)
        // survives the package register two addresses on, but no file may hold the
        // per-core register with either (true while cores have two threads).
        let mut firsts: BTreeMap<u32, usize> = BTreeMap::new();
        let mut cores: BTreeMap<u32, BTreeMap<u32, usize>> = BTreeMap::new();
        let mut sorted = places.to_vec();
        sorted.sort_by_key(|&(cpu, _, _)| cpu);
        for &(cpu, pkg, core) in &sorted {
            firsts.entry(pkg).or_insert(cpu);
            cores.entry(pkg).or_default().insert(core, cpu);
        }
        let mut fixed: Vec<FixedReg> = Vec::new();
        let mut regs: Vec<TickingReg> = Vec::new();
        if self.cpu.is_amd() {
            // ESU 16: 15.26 µJ.
            let unit = 2f64.powi(-16);
            for &cpu in firsts.values() {
                fixed.push((cpu, AMD_UNIT, 0x0004_1003));
            }
            for (&pkg, &cpu) in &firsts {
                regs.push((cpu, AMD_PKG, d(DomainKind::Package, pkg), unit, 1.0));
                let per_core = cores.get(&pkg).map(|m| m.len()).unwrap_or(1) as f64;
                for &ccpu in cores.get(&pkg).map(|m| m.values()).into_iter().flatten() {
                    regs.push((
                        ccpu,
                        AMD_CORE,
                        d(DomainKind::Core, pkg),
                        unit,
                        1.0 / per_core,
                    ));
                }
            }
        } else {
            // ESU 14: 61.04 µJ; DRAM in 2^-16 J on server models.
            let unit = 2f64.powi(-14);
            let dram_unit = if dram_fixed_unit(self.cpu.model) {
                2f64.powi(-16)
            } else {
                unit
            };
            for &cpu in firsts.values() {
                fixed.push((cpu, INTEL_UNIT, 0x000A_0E03));
            }
            for (&pkg, &cpu) in &firsts {
                regs.push((cpu, INTEL_PKG, d(DomainKind::Package, pkg), unit, 1.0));
                for (kind, reg, u) in [
                    (DomainKind::Core, INTEL_PP0, unit),
                    (DomainKind::Uncore, INTEL_PP1, unit),
                    (DomainKind::Dram, INTEL_DRAM, dram_unit),
                ] {
                    if self.watts.contains_key(&d(kind, pkg)) {
                        regs.push((cpu, reg, d(kind, pkg), u, 1.0));
                    }
                }
            }
            if let (Some(&cpu), true) = (
                firsts.values().next(),
                self.watts.contains_key(&d(DomainKind::Psys, 0)),
            ) {
                regs.push((cpu, INTEL_PSYS, d(DomainKind::Psys, 0), unit, 1.0));
            }
        }
        (fixed, regs)
    }

    /// `<dev>/cpu/N/msr` sparse files, if the tree has them, and their counters.
    fn write_msr(&self, dev: &Path, places: &[(usize, u32, u32)]) -> io::Result<Vec<Counter>> {
        let mut counters = Vec::new();
        if !self.msr {
            return Ok(counters);
        }
        let mut msr_files: BTreeMap<usize, PathBuf> = BTreeMap::new();
        for &(cpu, _, _) in places {
            let cd = dev.join(format!("cpu/{cpu}"));
            std::fs::create_dir_all(&cd)?;
            msr_files.insert(cpu, cd.join("msr"));
        }
        let (fixed, regs) = self.msr_registers(places);
        for (cpu, path) in &msr_files {
            let f = OpenOptions::new()
                .create(true)
                .truncate(true)
                .write(true)
                .open(path)?;
            for (c, reg, v) in &fixed {
                if c == cpu {
                    f.write_all_at(&v.to_le_bytes(), *reg)?;
                }
            }
        }
        for (cpu, reg, domain, unit, share) in regs {
            let watts = self.watts.get(&domain).copied().unwrap_or(0.0) * share;
            let upj = 1.0 / unit;
            let modulus: u128 = 1 << 32;
            // About 0.5 s before the 32-bit wrap.
            let before = ((watts * 0.5 * upj) as u128).clamp(1, modulus / 2);
            counters.push(Counter {
                key: format!("cpu{cpu}@{reg:#x}"),
                domain,
                target: Target::Msr {
                    path: msr_files.get(&cpu).cloned().unwrap_or_default(),
                    offset: reg,
                },
                units_per_joule: upj,
                modulus,
                start: (modulus - before) as u64,
                share,
                live: true,
            });
        }
        Ok(counters)
    }

    /// Create the files, write the first values and start the thread.
    pub fn build(self) -> io::Result<FakeTree> {
        // On tmpfs when the machine has one: sysfs is memory-backed too, and a busy disk
        // (a CI runner's other jobs) stalled the renames on /tmp for tens of ms, so the
        // counters fell behind the fake clock.
        let mut b = tempfile::Builder::new();
        b.prefix("joulebench-fake-");
        let dir = match b.tempdir_in("/dev/shm") {
            Ok(d) => d,
            Err(_) => b.tempdir()?,
        };
        let root = dir.path().to_path_buf();
        let sys = root.join("sys");
        let dev = root.join("dev");
        let proc_ = root.join("proc");
        std::fs::create_dir_all(sys.join("class/powercap"))?;
        std::fs::create_dir_all(&dev)?;
        std::fs::create_dir_all(&proc_)?;
        let places = self.cpu.places();

        self.write_topology_and_proc(&sys, &proc_, &places)?;
        let mut counters = self.write_powercap(&sys)?;
        self.write_perf_pmu(&sys, &places)?;
        counters.extend(self.write_msr(&dev, &places)?);

        let ncpus = places.len().max(1);
        let state = State {
            counters,
            watts: self.watts.clone(),
            started: Instant::now(),
            paused_for: Duration::ZERO,
            paused_at: None,
            t_written: 0.0,
            max_gap: Duration::ZERO,
            proc_: proc_.clone(),
            ncpus,
            utilisation: self.utilisation,
        };
        let shared = Arc::new(Mutex::new(state));
        {
            let mut st = lock(&shared);
            st.write_all(0.0);
        }
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let shared = Arc::clone(&shared);
            let stop = Arc::clone(&stop);
            let tick = self.tick;
            std::thread::Builder::new()
                .name("fake-counters".into())
                .spawn(move || {
                    let mut last: Option<Instant> = None;
                    while !stop.load(Ordering::Relaxed) {
                        {
                            let mut st = lock(&shared);
                            if st.paused_at.is_none() {
                                let t = st.now();
                                st.write_all(t);
                                // A loaded machine delays this thread; readers then see
                                // values that old. Tests allow for it (see max_write_gap).
                                let now = Instant::now();
                                if let Some(prev) = last {
                                    st.max_gap = st.max_gap.max(now - prev);
                                }
                                last = Some(now);
                            } else {
                                last = None;
                            }
                        }
                        std::thread::sleep(tick);
                    }
                })?
        };
        Ok(FakeTree {
            dir,
            shared,
            stop,
            thread: Some(thread),
            zones: self.zones,
            cpu: self.cpu,
        })
    }
}

/// `(cpu, register, value)`: an MSR written once.
type FixedReg = (usize, u64, u64);
/// `(cpu, register, domain, unit in joules, share of the domain's watts)`: an MSR that
/// ticks.
type TickingReg = (usize, u64, Domain, f64, f64);

fn lock(m: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panicking test thread must not take the other tests' trees down with it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[derive(Debug)]
enum Target {
    Text(PathBuf),
    Msr { path: PathBuf, offset: u64 },
}

#[derive(Debug)]
struct Counter {
    key: String,
    domain: Domain,
    target: Target,
    units_per_joule: f64,
    modulus: u128,
    start: u64,
    /// Share of the domain's watts (AMD per-core registers split the core domain).
    share: f64,
    live: bool,
}

impl Counter {
    fn raw_at(&self, watts: f64, t: f64) -> u64 {
        let units = (watts * self.share * t * self.units_per_joule).max(0.0) as u128;
        ((u128::from(self.start) + units) % self.modulus) as u64
    }

    fn write(&self, raw: u64) {
        match &self.target {
            Target::Text(p) => {
                // Write aside and rename, so a reader never sees half a number.
                let tmp = p.with_extension("tmp");
                if std::fs::write(&tmp, format!("{raw}\n")).is_ok() {
                    let _ = std::fs::rename(&tmp, p);
                }
            }
            Target::Msr { path, offset } => {
                if let Ok(f) = OpenOptions::new().write(true).open(path) {
                    let _ = f.write_all_at(&raw.to_le_bytes(), *offset);
                }
            }
        }
    }
}

#[derive(Debug)]
struct State {
    counters: Vec<Counter>,
    watts: BTreeMap<Domain, f64>,
    started: Instant,
    paused_for: Duration,
    paused_at: Option<Instant>,
    t_written: f64,
    max_gap: Duration,
    /// `<root>/proc`, where `stat` ticks.
    proc_: PathBuf,
    ncpus: usize,
    utilisation: f64,
}

impl State {
    fn now(&self) -> f64 {
        let end = self.paused_at.unwrap_or_else(Instant::now);
        end.saturating_duration_since(self.started)
            .saturating_sub(self.paused_for)
            .as_secs_f64()
    }

    fn write_all(&mut self, t: f64) {
        for c in &self.counters {
            if c.live {
                let w = self.watts.get(&c.domain).copied().unwrap_or(0.0);
                c.write(c.raw_at(w, t));
            }
        }
        // /proc/stat: 100 ticks per second per CPU, split by the utilisation.
        let per_cpu = (t * 100.0) as u64 + 1_000;
        let busy = (per_cpu as f64 * self.utilisation) as u64;
        let idle = per_cpu - busy;
        let n = self.ncpus as u64;
        let _ = procfiles::write_stat(
            &self.proc_,
            busy * n,
            idle * n,
            &vec![(busy, idle); self.ncpus],
        );
        self.t_written = t;
    }
}

/// A fake machine in a temp dir, its counters ticking until it is dropped.
pub struct FakeTree {
    dir: tempfile::TempDir,
    shared: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    zones: Vec<ZoneSpec>,
    cpu: FakeCpu,
}

impl FakeTree {
    /// [`FakeTreeBuilder::intel_two_socket`], built.
    pub fn intel_two_socket() -> io::Result<FakeTree> {
        FakeTreeBuilder::intel_two_socket().build()
    }

    /// [`FakeTreeBuilder::amd`], built.
    pub fn amd() -> io::Result<FakeTree> {
        FakeTreeBuilder::amd().build()
    }

    /// The temp dir holding `sys`, `dev` and `proc`.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Pass as `--sysfs-root`.
    pub fn sysfs_root(&self) -> PathBuf {
        self.dir.path().join("sys")
    }

    /// Pass as `--dev-root`.
    pub fn dev_root(&self) -> PathBuf {
        self.dir.path().join("dev")
    }

    /// Pass as `--procfs-root` (only `cpuinfo`, `stat`, `meminfo`: a process scan needs
    /// the real `/proc`).
    pub fn procfs_root(&self) -> PathBuf {
        self.dir.path().join("proc")
    }

    /// All three fake roots.
    pub fn roots(&self) -> Roots {
        Roots {
            sysfs: self.sysfs_root(),
            dev: self.dev_root(),
            procfs: self.procfs_root(),
        }
    }

    /// The fake sysfs and dev roots with the real `/proc` (for runs of real processes).
    pub fn roots_with_real_proc(&self) -> Roots {
        Roots {
            procfs: PathBuf::from("/proc"),
            ..self.roots()
        }
    }

    /// The processor it pretends to have.
    pub fn cpu(&self) -> &FakeCpu {
        &self.cpu
    }

    /// Its powercap zones.
    pub fn zones(&self) -> &[ZoneSpec] {
        &self.zones
    }

    /// The directory of powercap zone `id` (e.g. `intel-rapl:1`).
    pub fn zone_dir(&self, id: &str) -> PathBuf {
        self.sysfs_root().join("class/powercap").join(id)
    }

    /// The register file of logical CPU `cpu`.
    pub fn msr_file(&self, cpu: usize) -> PathBuf {
        self.dev_root().join(format!("cpu/{cpu}/msr"))
    }

    /// The power of `domain`, W (0 when it has none).
    pub fn watts(&self, domain: Domain) -> f64 {
        lock(&self.shared)
            .watts
            .get(&domain)
            .copied()
            .unwrap_or(0.0)
    }

    /// Change the power of `domain` from now on (energy so far is kept).
    pub fn set_watts(&self, domain: Domain, watts: f64) {
        let mut st = lock(&self.shared);
        // Re-base every counter of the domain so that its value is continuous.
        let t = st.now();
        let old = st.watts.get(&domain).copied().unwrap_or(0.0);
        for c in st.counters.iter_mut().filter(|c| c.domain == domain) {
            let now_raw = c.raw_at(old, t);
            let ahead = (watts * c.share * t * c.units_per_joule).max(0.0) as u128;
            c.start =
                ((u128::from(now_raw) + c.modulus * 4 - ahead % c.modulus) % c.modulus) as u64;
        }
        st.watts.insert(domain, watts);
    }

    /// The default energy figure's power (package + dram, or psys alone): the watts a
    /// correct `joulebench run` reports as its mean power on this tree.
    pub fn default_total_watts(&self) -> f64 {
        let st = lock(&self.shared);
        let domains: Vec<(Domain, f64)> = st.watts.iter().map(|(d, w)| (*d, *w)).collect();
        default_total(domains.iter().map(|(d, w)| (d, *w))).unwrap_or(0.0)
    }

    /// Seconds on the fake clock at the last write.
    pub fn elapsed(&self) -> f64 {
        lock(&self.shared).t_written
    }

    /// The longest time so far between the ends of two consecutive writes of the
    /// counters (the tick, plus however long a loaded machine kept the writer thread
    /// waiting): the most a reading can lag the fake clock. Pauses do not count.
    pub fn max_write_gap(&self) -> Duration {
        lock(&self.shared).max_gap
    }

    /// Joules of `domain` that the counters show now: `watts × t_last_write`. (Only
    /// meaningful while its watts have not been changed.)
    pub fn true_energy(&self, domain: Domain) -> f64 {
        let st = lock(&self.shared);
        st.watts.get(&domain).copied().unwrap_or(0.0) * st.t_written
    }

    /// Stop the fake clock and the writes (returns once no write is in progress).
    pub fn pause(&self) {
        let mut st = lock(&self.shared);
        if st.paused_at.is_none() {
            st.paused_at = Some(Instant::now());
        }
    }

    /// Restart the clock where it stopped.
    pub fn resume(&self) {
        let mut st = lock(&self.shared);
        if let Some(p) = st.paused_at.take() {
            st.paused_for += p.elapsed();
        }
    }

    fn with_counter<F: FnOnce(&mut Counter)>(&self, key: &str, f: F) -> io::Result<()> {
        let mut st = lock(&self.shared);
        let c = st
            .counters
            .iter_mut()
            .find(|c| c.key == key)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("no counter {key}")))?;
        f(c);
        Ok(())
    }

    /// Write `raw` into a counter and stop the thread from touching it: a zone id
    /// (`intel-rapl:0`) or an MSR counter `cpuN@0xREG` (e.g. `cpu0@0x611`).
    pub fn set_raw(&self, key: &str, raw: u64) -> io::Result<()> {
        self.with_counter(key, |c| {
            c.live = false;
            c.write(raw);
        })
    }

    /// Restart a live counter from zero, as a driver reload or a reset does, and keep it
    /// ticking from there.
    pub fn reset_counter(&self, key: &str) -> io::Result<()> {
        let mut st = lock(&self.shared);
        let (t, watts) = (st.t_written, st.watts.clone());
        let c = st
            .counters
            .iter_mut()
            .find(|c| c.key == key)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("no counter {key}")))?;
        let w = watts.get(&c.domain).copied().unwrap_or(0.0);
        let units = ((w * c.share * t * c.units_per_joule).max(0.0) as u128) % c.modulus;
        c.start = ((c.modulus - units) % c.modulus) as u64;
        Ok(())
    }

    /// The raw value a live counter would show now.
    pub fn raw_now(&self, key: &str) -> io::Result<u64> {
        let st = lock(&self.shared);
        let c =
            st.counters.iter().find(|c| c.key == key).ok_or_else(|| {
                io::Error::new(io::ErrorKind::NotFound, format!("no counter {key}"))
            })?;
        let w = st.watts.get(&c.domain).copied().unwrap_or(0.0);
        Ok(c.raw_at(w, st.t_written))
    }

    /// Put `text` in zone `id`'s `energy_uj` (garbage) and stop ticking it.
    pub fn set_contents(&self, id: &str, text: &str) -> io::Result<()> {
        let p = self.zone_dir(id).join("energy_uj");
        self.with_counter(id, |c| c.live = false)?;
        std::fs::write(p, text)
    }

    /// `chmod 000` zone `id`'s `energy_uj` and stop ticking it. Root still reads it:
    /// check [`permissions_enforced`].
    pub fn make_unreadable(&self, id: &str) -> io::Result<()> {
        self.with_counter(id, |c| c.live = false)?;
        set_mode(&self.zone_dir(id).join("energy_uj"), 0o000);
        Ok(())
    }

    /// Replace zone `id`'s `energy_uj` by a directory: reading fails (EISDIR) for
    /// everyone, root included.
    pub fn replace_with_dir(&self, id: &str) -> io::Result<()> {
        self.with_counter(id, |c| c.live = false)?;
        let p = self.zone_dir(id).join("energy_uj");
        std::fs::remove_file(&p)?;
        std::fs::create_dir(&p)
    }

    /// Delete zone `id` (and stop ticking it), as when a driver is unloaded mid-run.
    pub fn remove_zone(&self, id: &str) -> io::Result<()> {
        self.with_counter(id, |c| c.live = false)?;
        std::fs::remove_dir_all(self.zone_dir(id))
    }

    /// Delete `energy_uj` of zone `id` (the zone directory stays).
    pub fn remove_counter_file(&self, id: &str) -> io::Result<()> {
        self.with_counter(id, |c| c.live = false)?;
        std::fs::remove_file(self.zone_dir(id).join("energy_uj"))
    }

    /// Hand a counter back to the thread (undoes the fault methods, except removals and
    /// directories): it shows its normal value again from the next tick.
    pub fn restore(&self, key: &str) -> io::Result<()> {
        if let Ok(md) = std::fs::metadata(self.zone_dir(key).join("energy_uj")) {
            if md.is_file() {
                set_mode(&self.zone_dir(key).join("energy_uj"), 0o444);
            }
        }
        self.with_counter(key, |c| c.live = true)
    }

    /// The keys of all counters: zone ids and `cpuN@0xREG`.
    pub fn counter_keys(&self) -> Vec<String> {
        lock(&self.shared)
            .counters
            .iter()
            .map(|c| c.key.clone())
            .collect()
    }
}

impl Drop for FakeTree {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
