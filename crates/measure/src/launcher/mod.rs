//! A small launcher process that starts the measured command, so that its peak memory is
//! its own.
//!
//! Why: Linux keeps a process's `ru_maxrss` across `exec`, and at `exec` it records the
//! high-water mark of the memory the process had *before*: for a child made by `fork`,
//! a copy of the parent's memory; for `vfork`/`posix_spawn`, the parent's memory itself.
//! A command started directly by joulebench (several MB resident, more during a long
//! ranking) therefore reports at least joulebench's own size as its peak memory: `true`
//! measured 6.1 MB instead of about 1 MB. The launcher is a freshly exec'd, tiny copy of
//! the joulebench binary (`joulebench __launch`): its `fork` copies only its own small
//! memory, so `wait4` reports the command's peak, not the measurer's.
//!
//! Protocol, one JSON line per message: joulebench writes a [`protocol::Request`] on the
//! launcher's fd 3; the launcher prepares everything and answers
//! [`protocol::Reply::Ready`] on fd 4; joulebench takes its "before" sensor reading and
//! writes one byte (go); the launcher forks and execs, answers
//! [`protocol::Reply::Started`] (or [`protocol::Reply::SpawnFailed`]), waits with
//! `wait4` and answers [`protocol::Reply::Exited`] with that child's own rusage.
//!
//! Its three parts, each in its own file:
//! - `protocol`: the messages and the fds they travel on;
//! - `server`: the launcher's side, in the fresh exec: it forks the command, reaps it
//!   and reports;
//! - `client`: joulebench's side: it starts the launcher, sends the request and the go,
//!   and reads the replies.
//!
//! Where to find the launcher (a [`crate::Launcher`], part of a [`crate::Spawn`]) is
//! described with the rest of what to start, in `crate::spec`.

mod client;
mod protocol;
mod server;

pub(crate) use client::Ready;
pub use server::launcher_main;
