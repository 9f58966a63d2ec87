//! The headings `--help` groups options under, shared so that `run` and `rank` group
//! alike (clap lists options without a heading under "Options", in declaration order,
//! which put the global test roots in the middle of `run`'s own flags).

/// What to measure and how to start it.
pub const COMMANDS: &str = "Commands";
/// How many runs, in which order.
pub const RUNS: &str = "Runs";
/// Warm-ups, timeout, sample rate, idle baseline.
pub const MEASUREMENT: &str = "Measurement";
/// `--parameter-scan`, `--parameter-list`.
pub const PARAMETERS: &str = "Parameters";
/// Exports and how the summary is laid out.
pub const OUTPUT: &str = "Output and exports";
/// Grid intensity and the SCI.
pub const CARBON: &str = "Carbon";
/// Which sensor, and its model.
pub const SENSOR: &str = "Sensor";
/// The kernel roots, moved for tests and containers.
pub const TEST_ROOTS: &str = "Test roots";
/// What `rank` measures: the suite, its profile, languages and problems.
pub const SUITE: &str = "Suite";
