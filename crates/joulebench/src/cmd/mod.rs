//! One module per subcommand: its clap arguments and its `exec`.

pub mod compare;
pub mod import;
pub mod profile;
pub mod rank;
pub mod report;
pub mod report_machines;
pub mod report_tracks;
pub mod run;
pub mod run_output;
pub mod sensors;
pub mod serve;
pub mod suite;
pub mod suite_import;
