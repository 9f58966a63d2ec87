//! `joulebench rank`.

use crate::global::Global;

/// Arguments of `joulebench rank`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Run the subcommand; returns the process exit code.
pub fn exec(_args: Args, _global: &Global) -> anyhow::Result<i32> {
    anyhow::bail!("`joulebench rank` is not implemented yet")
}
