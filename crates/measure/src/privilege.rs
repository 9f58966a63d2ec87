//! Never run the measured command as root by accident.
//!
//! Energy counters are often root-only, so people run `sudo joulebench run ...`. The
//! measured command must then run as the user who typed sudo, with that user's groups and
//! `HOME`, unless `--user root` says otherwise.

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
        // SAFETY: geteuid cannot fail and has no preconditions.
        let euid = unsafe { libc::geteuid() };
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
        let groups: Vec<libc::gid_t> = self.groups.clone();
        let (uid, gid) = (self.uid, self.gid);
        // SAFETY: the closure runs between fork and exec and calls only async-signal-safe
        // system calls on data prepared before the fork. Order matters: groups and gid
        // must change while we are still root.
        unsafe {
            cmd.pre_exec(move || {
                if libc::setgroups(groups.len(), groups.as_ptr()) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::setgid(gid) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::setuid(uid) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
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
        let last = std::io::Error::last_os_error;
        // SAFETY: getegid/getgroups write at most `n` entries into a buffer of that size.
        let (saved_gid, saved_groups) = unsafe {
            let n = libc::getgroups(0, std::ptr::null_mut());
            let mut g = vec![0 as libc::gid_t; n.max(0) as usize];
            let got = libc::getgroups(n, g.as_mut_ptr());
            g.truncate(got.max(0) as usize);
            (libc::getegid(), g)
        };
        // SAFETY: plain id-changing system calls on valid buffers; order matters: groups
        // and gid change while the effective uid is still root.
        let switched = unsafe {
            libc::setgroups(self.groups.len(), self.groups.as_ptr()) == 0
                && libc::setegid(self.gid) == 0
                && libc::seteuid(self.uid) == 0
        };
        let opened = if switched {
            File::open(path)
        } else {
            Err(last())
        };
        // SAFETY: as above, in reverse order: root first, then its gid and groups.
        let restored = unsafe {
            libc::seteuid(0) == 0
                && libc::setegid(saved_gid) == 0
                && libc::setgroups(saved_groups.len(), saved_groups.as_ptr()) == 0
        };
        if !restored {
            return Err(std::io::Error::other(format!(
                "cannot switch back to root after opening {} as uid {}: {}",
                path.display(),
                self.uid,
                last()
            )));
        }
        opened
    }
}

fn passwd_entry(uid: u32) -> (Option<String>, Option<String>, Option<u32>) {
    let mut buf = vec![0 as libc::c_char; 16384];
    // SAFETY: zeroed passwd is valid; getpwuid_r writes into pwd and buf, within len.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) };
    if rc != 0 || result.is_null() {
        return (None, None, None);
    }
    // SAFETY: on success pw_name and pw_dir point to NUL-terminated strings inside buf.
    let cstr = |p: *const libc::c_char| unsafe {
        (!p.is_null()).then(|| std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned())
    };
    (cstr(pwd.pw_name), cstr(pwd.pw_dir), Some(pwd.pw_gid))
}

fn group_list(user: &str, gid: u32) -> Vec<u32> {
    let Ok(name) = CString::new(user) else {
        return vec![gid];
    };
    let mut n: libc::c_int = 64;
    loop {
        let mut groups = vec![0 as libc::gid_t; n as usize];
        let mut count = n;
        // SAFETY: groups has room for `count` entries; getgrouplist updates count.
        let rc = unsafe { libc::getgrouplist(name.as_ptr(), gid, groups.as_mut_ptr(), &mut count) };
        if rc >= 0 {
            groups.truncate(count.max(0) as usize);
            return groups;
        }
        if count <= n {
            return vec![gid];
        }
        n = count;
    }
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
