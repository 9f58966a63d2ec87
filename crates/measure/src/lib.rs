//! Runs commands and measures their energy, time and memory, with the statistics an
//! energy study needs.
//!
//! - [`record`]: the results model shared by `run`, `rank`, `import`, `report` and
//!   `compare` (one [`record::RunRecord`] per measured run, JSON Lines on disk).
//! - [`stats`]: summaries with confidence intervals, outliers, ratios.
//! - [`carbon`]: grid intensity and CO2e.

pub mod bench;
pub mod carbon;
pub mod launch;
pub mod meter;
pub mod privilege;
pub mod process;
pub mod record;
pub mod stats;
