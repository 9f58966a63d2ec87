//! `joulebench run`.

use crate::global::Global;

/// Arguments of `joulebench run`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Run the subcommand; returns the process exit code.
pub fn exec(_args: Args, _global: &Global) -> anyhow::Result<i32> {
    anyhow::bail!("`joulebench run` is not implemented yet")
}
