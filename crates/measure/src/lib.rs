//! Runs commands and measures their energy, time and memory, with the statistics an
//! energy study needs.
//!
//! - [`record`]: the results model shared by `run`, `rank`, `import`, `report` and
//!   `compare` (one [`record::RunRecord`] per measured run, JSON Lines on disk).
//! - [`stats`]: summaries with confidence intervals, outliers, ratios.
//! - [`carbon`]: grid intensity and CO2e.

// The results model lives in joulebench-model; re-exported under the old paths.
pub use joulebench_model::{carbon, record, stats};

pub mod bench;
pub mod launch;
pub mod meter;
pub mod privilege;
pub mod process;
