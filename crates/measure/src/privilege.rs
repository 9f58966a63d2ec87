//! Never run the measured command as root by accident.
//!
//! Energy counters are often root-only, so people run `sudo joulebench run ...`. The
//! measured command must then run as the user who typed sudo, with that user's groups and
//! `HOME`, unless `--user root` says otherwise.

use nix::unistd::{Gid, Uid, User};
use std::ffi::CString;
use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

/// The identity to switch to before exec (serialisable: it travels to the launcher).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DropTo {
    /// User id.
    pub uid: u32,
    /// Primary group id.
    pub gid: u32,
    /// Supplementary groups.
    pub groups: Vec<u32>,
    /// That user's name, when known.
    pub user: Option<String>,
    /// That user's home directory, when known.
    pub home: Option<String>,
}

/// Errors deciding whom to run as.
#[derive(Debug, thiserror::Error)]
pub enum PrivilegeError {
    /// SUDO_UID/SUDO_GID are not numbers.
    #[error("{var}={value:?} is not a numeric id; unset it or pass --user root")]
    BadEnv {
        /// Variable name.
        var: &'static str,
        /// Its value.
        value: String,
    },
}

impl DropTo {
    /// Decide whom to run the measured command as. `euid` is the current effective uid;
    /// `sudo_uid`/`sudo_gid` the values of SUDO_UID/SUDO_GID; `keep_root` is `--user root`.
    /// Returns None when nothing needs to change (not root, or root without sudo, or
    /// `--user root`).
    pub fn plan(
        euid: u32,
        sudo_uid: Option<&str>,
        sudo_gid: Option<&str>,
        keep_root: bool,
    ) -> Result<Option<DropTo>, PrivilegeError> {
        if euid != 0 || keep_root {
            return Ok(None);
        }
        let Some(uid_s) = sudo_uid else {
            return Ok(None);
        };
        let uid: u32 = uid_s.trim().parse().map_err(|_| PrivilegeError::BadEnv {
            var: "SUDO_UID",
            value: uid_s.to_string(),
        })?;
        if uid == 0 {
            return Ok(None);
        }
        let (name, home, pw_gid) = passwd_entry(uid);
        let gid = match sudo_gid {
            Some(g) => g.trim().parse().map_err(|_| PrivilegeError::BadEnv {
                var: "SUDO_GID",
                value: g.to_string(),
            })?,
            None => pw_gid.unwrap_or(uid),
        };
        let groups = match &name {
            Some(n) => group_list(n, gid),
            None => vec![gid],
        };
        Ok(Some(DropTo {
            uid,
            gid,
            groups,
            user: name,
            home,
        }))
    }

    /// The plan from this process's real environment.
    pub fn plan_from_env(keep_root: bool) -> Result<Option<DropTo>, PrivilegeError> {
        let euid = nix::unistd::geteuid().as_raw();
        let uid = std::env::var("SUDO_UID").ok();
        let gid = std::env::var("SUDO_GID").ok();
        DropTo::plan(euid, uid.as_deref(), gid.as_deref(), keep_root)
    }

    /// Arrange for `cmd` to switch to this identity before exec, and set HOME, USER and
    /// LOGNAME to that user's.
    pub(crate) fn apply(&self, cmd: &mut Command) {
        if let Some(h) = &self.home {
            cmd.env("HOME", h);
        }
        if let Some(u) = &self.user {
            cmd.env("USER", u).env("LOGNAME", u);
        }
        cmd.env_remove("SUDO_COMMAND");
        let groups = gids(&self.groups);
        let (uid, gid) = (Uid::from_raw(self.uid), Gid::from_raw(self.gid));
        // SAFETY: the closure runs between fork and exec and calls only async-signal-safe
        // system calls on data prepared before the fork (nix's wrappers allocate
        // nothing). Order matters: groups and gid must change while we are still root.
        unsafe {
            cmd.pre_exec(move || {
                nix::unistd::setgroups(&groups)?;
                nix::unistd::setgid(gid)?;
                nix::unistd::setuid(uid)?;
                Ok(())
            });
        }
    }
}

impl DropTo {
    /// Open `path` for reading with this identity's access rights, so that a file the
    /// user could not read is refused although joulebench runs as root (`--input` under
    /// sudo once read root-only files for the user).
    ///
    /// Only for a single-threaded process (the launcher): the effective ids and groups of
    /// the whole process change for the duration of the `open`, and are restored after.
    /// Failing to restore them is an error: the launcher then starts nothing.
    pub fn open_for_reading(&self, path: &Path) -> std::io::Result<File> {
        use nix::unistd::{getegid, getgroups, setegid, seteuid, setgroups};
        let saved_gid = getegid();
        let saved_groups = getgroups()?;
        // Order matters: groups and gid change while the effective uid is still root.
        let switched = setgroups(&gids(&self.groups))
            .and_then(|()| setegid(Gid::from_raw(self.gid)))
            .and_then(|()| seteuid(Uid::from_raw(self.uid)));
        let opened = match switched {
            Ok(()) => File::open(path),
            Err(e) => Err(e.into()),
        };
        // In reverse order: root first, then its gid and groups.
        let restored = seteuid(Uid::from_raw(0))
            .and_then(|()| setegid(saved_gid))
            .and_then(|()| setgroups(&saved_groups));
        if let Err(e) = restored {
            return Err(std::io::Error::other(format!(
                "cannot switch back to root after opening {} as uid {}: {}",
                path.display(),
                self.uid,
                std::io::Error::from(e)
            )));
        }
        opened
    }
}

/// Name, home directory and primary group of `uid`, from the password database.
fn passwd_entry(uid: u32) -> (Option<String>, Option<String>, Option<u32>) {
    match User::from_uid(Uid::from_raw(uid)) {
        Ok(Some(u)) => (
            Some(u.name),
            Some(u.dir.to_string_lossy().into_owned()),
            Some(u.gid.as_raw()),
        ),
        _ => (None, None, None),
    }
}

/// The groups of `user`, `gid` among them; just `gid` when they cannot be read.
fn group_list(user: &str, gid: u32) -> Vec<u32> {
    let Ok(name) = CString::new(user) else {
        return vec![gid];
    };
    match nix::unistd::getgrouplist(&name, Gid::from_raw(gid)) {
        Ok(groups) => groups.iter().map(|g| g.as_raw()).collect(),
        Err(_) => vec![gid],
    }
}

fn gids(groups: &[u32]) -> Vec<Gid> {
    groups.iter().map(|&g| Gid::from_raw(g)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_change_unless_root_under_sudo() {
        assert_eq!(
            DropTo::plan(1000, Some("1000"), Some("1000"), false).unwrap(),
            None
        );
        assert_eq!(DropTo::plan(0, None, None, false).unwrap(), None);
        assert_eq!(
            DropTo::plan(0, Some("1000"), Some("1000"), true).unwrap(),
            None
        );
        assert_eq!(DropTo::plan(0, Some("0"), Some("0"), false).unwrap(), None);
    }

    #[test]
    fn root_under_sudo_drops_to_the_invoking_user() {
        // uid 65534 is "nobody" on Debian; the gid is taken from SUDO_GID.
        let d = DropTo::plan(0, Some("65534"), Some("65534"), false)
            .unwrap()
            .unwrap();
        assert_eq!((d.uid, d.gid), (65534, 65534));
        assert!(d.groups.contains(&65534));
    }

    #[test]
    fn garbage_sudo_uid_is_an_error_naming_the_variable() {
        let e = DropTo::plan(0, Some("alice"), None, false).unwrap_err();
        assert!(e.to_string().contains("SUDO_UID"));
    }
}
