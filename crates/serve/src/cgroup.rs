//! What a cgroup path says about a process: its systemd slice, its container and its
//! Kubernetes pod.
//!
//! Handled layouts (cgroup v1 and v2, cgroupfs and systemd drivers):
//!
//! ```text
//! /user.slice/user-1000.slice/session-2.scope                    slice user-1000.slice
//! /system.slice/docker-<64 hex>.scope                            slice system.slice, container
//! /docker/<64 hex>                                               container
//! /kubepods/burstable/pod<uid>/<64 hex>                          pod, container
//! /kubepods.slice/kubepods-burstable.slice/
//!     kubepods-burstable-pod<uid_with_underscores>.slice/
//!     cri-containerd-<64 hex>.scope                              slice, pod, container
//! ```
//!
//! `crio-`, `cri-containerd-`, `containerd-`, `docker-` and `libpod-` scope prefixes
//! are recognised; `crio-conmon-` (the monitor, not the container) is not a container.

/// The kinds of cgroup series (`kind` label of `joulebench_cgroup_energy_joules_total`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CgroupKind {
    /// A systemd slice (the innermost `*.slice` of the path).
    Slice,
    /// A container (docker, containerd, CRI-O, podman), by full id.
    Container,
    /// A Kubernetes pod, by UID.
    Pod,
}

impl CgroupKind {
    /// `slice`, `container` or `pod`.
    pub fn as_str(self) -> &'static str {
        match self {
            CgroupKind::Slice => "slice",
            CgroupKind::Container => "container",
            CgroupKind::Pod => "pod",
        }
    }
}

/// What was recognised in one cgroup path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CgroupInfo {
    /// The innermost systemd slice, e.g. `system.slice`.
    pub slice: Option<String>,
    /// The container id (64 hex digits).
    pub container: Option<String>,
    /// The Kubernetes pod UID, dashed (`0f1e…-…`).
    pub pod: Option<String>,
}

impl CgroupInfo {
    /// The `(kind, name)` pairs this process's energy is added to.
    pub fn groups(&self) -> impl Iterator<Item = (CgroupKind, &str)> {
        [
            (CgroupKind::Slice, self.slice.as_deref()),
            (CgroupKind::Container, self.container.as_deref()),
            (CgroupKind::Pod, self.pod.as_deref()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
    }

    /// True when nothing was recognised.
    pub fn is_empty(&self) -> bool {
        self.slice.is_none() && self.container.is_none() && self.pod.is_none()
    }
}

fn is_container_id(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A pod UID: 32 hex digits in 8-4-4-4-12 groups, with `-` or (systemd driver) `_`.
fn pod_uid(s: &str) -> Option<String> {
    let uid: String = s.chars().map(|c| if c == '_' { '-' } else { c }).collect();
    let groups: Vec<&str> = uid.split('-').collect();
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let hex = groups
        .iter()
        .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
    (lens == [8, 4, 4, 4, 12] && hex).then_some(uid)
}

const SCOPE_PREFIXES: [&str; 5] = [
    "cri-containerd-",
    "containerd-",
    "crio-",
    "docker-",
    "libpod-",
];

fn container_of(component: &str) -> Option<&str> {
    if is_container_id(component) {
        return Some(component);
    }
    let stem = component.strip_suffix(".scope")?;
    if stem.starts_with("crio-conmon-") {
        return None;
    }
    SCOPE_PREFIXES
        .iter()
        .find_map(|p| stem.strip_prefix(p))
        .filter(|id| is_container_id(id))
}

fn pod_of(component: &str) -> Option<String> {
    // cgroupfs driver: `pod<uid>`; systemd driver: `kubepods-<qos>-pod<uid>.slice`.
    let stem = component.strip_suffix(".slice").unwrap_or(component);
    let at = stem.rfind("pod")?;
    let before = &stem[..at];
    if !(before.is_empty() || before.ends_with('-')) {
        return None;
    }
    pod_uid(&stem[at + 3..])
}

/// Parse one cgroup path (the part after the second `:` of a `/proc/PID/cgroup` line).
pub fn parse_path(path: &str) -> CgroupInfo {
    let mut info = CgroupInfo::default();
    for c in path.split('/').filter(|c| !c.is_empty()) {
        if c.ends_with(".slice") {
            info.slice = Some(c.to_string());
        }
        if let Some(uid) = pod_of(c) {
            info.pod = Some(uid);
        }
        if let Some(id) = container_of(c) {
            info.container = Some(id.to_string());
        }
    }
    info
}

/// Pick the path that describes a process from the contents of `/proc/PID/cgroup`: the
/// unified (v2) `0::` line, unless it is just `/` on a hybrid host, then the v1 line of
/// the `cpu` controller or of `name=systemd`, then the first line.
pub fn select_path(file: &str) -> Option<&str> {
    let mut unified = None;
    let mut v1_cpu = None;
    let mut v1_systemd = None;
    let mut first = None;
    for line in file.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_id), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        first.get_or_insert(path);
        if controllers.is_empty() {
            unified = Some(path);
        } else if controllers.split(',').any(|c| c == "cpu" || c == "cpuacct") {
            v1_cpu = Some(path);
        } else if controllers == "name=systemd" {
            v1_systemd = Some(path);
        }
    }
    match unified {
        Some(p) if p != "/" => Some(p),
        _ => v1_cpu.or(v1_systemd).or(unified).or(first),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "4f2d6c1f0d8b0c1e2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091";

    #[test]
    fn systemd_slices() {
        let i = parse_path("/user.slice/user-1000.slice/session-2.scope");
        assert_eq!(i.slice.as_deref(), Some("user-1000.slice"));
        assert_eq!((i.container, i.pod), (None, None));
        let i = parse_path("/system.slice/ssh.service");
        assert_eq!(i.slice.as_deref(), Some("system.slice"));
        assert!(parse_path("/").is_empty());
        assert!(parse_path("").is_empty());
    }

    #[test]
    fn docker_and_containerd() {
        let i = parse_path(&format!("/system.slice/docker-{ID}.scope"));
        assert_eq!(i.slice.as_deref(), Some("system.slice"));
        assert_eq!(i.container.as_deref(), Some(ID));
        assert_eq!(
            parse_path(&format!("/docker/{ID}")).container.as_deref(),
            Some(ID)
        );
        let i = parse_path(&format!("/machine.slice/libpod-{ID}.scope/container"));
        assert_eq!(i.container.as_deref(), Some(ID));
        // Not an id: too short, or the CRI-O monitor.
        assert_eq!(parse_path("/docker/abc123").container, None);
        assert_eq!(
            parse_path(&format!("/system.slice/crio-conmon-{ID}.scope")).container,
            None
        );
    }

    #[test]
    fn kubernetes_pods() {
        let uid = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
        let i = parse_path(&format!("/kubepods/burstable/pod{uid}/{ID}"));
        assert_eq!(i.pod.as_deref(), Some(uid));
        assert_eq!(i.container.as_deref(), Some(ID));
        assert_eq!(i.slice, None);
        let i = parse_path(&format!("/kubepods/pod{uid}/{ID}"));
        assert_eq!(i.pod.as_deref(), Some(uid));
        let under = uid.replace('-', "_");
        let i = parse_path(&format!(
            "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{under}.slice/\
             cri-containerd-{ID}.scope"
        ));
        assert_eq!(i.pod.as_deref(), Some(uid));
        assert_eq!(i.container.as_deref(), Some(ID));
        assert_eq!(
            i.slice,
            Some(format!("kubepods-besteffort-pod{under}.slice"))
        );
        let i = parse_path(&format!(
            "/kubepods.slice/kubepods-pod{under}.slice/crio-{ID}.scope"
        ));
        assert_eq!(i.pod.as_deref(), Some(uid));
        assert_eq!(i.container.as_deref(), Some(ID));
        // `pod` inside another word is not a pod.
        assert_eq!(parse_path("/system.slice/ipod-sync.service").pod, None);
        assert_eq!(parse_path("/kubepods/podnotauid/x").pod, None);
    }

    #[test]
    fn groups_lists_what_was_found() {
        let i = parse_path(&format!("/system.slice/docker-{ID}.scope"));
        let g: Vec<_> = i.groups().collect();
        assert_eq!(
            g,
            vec![
                (CgroupKind::Slice, "system.slice"),
                (CgroupKind::Container, ID)
            ]
        );
    }

    #[test]
    fn selects_the_describing_line() {
        assert_eq!(
            select_path("0::/system.slice/x.service\n"),
            Some("/system.slice/x.service")
        );
        let hybrid =
            "12:cpu,cpuacct:/docker/abc\n1:name=systemd:/system.slice/docker.service\n0::/\n";
        assert_eq!(select_path(hybrid), Some("/docker/abc"));
        let v1 = "3:memory:/m\n1:name=systemd:/user.slice\n";
        assert_eq!(select_path(v1), Some("/user.slice"));
        assert_eq!(select_path("0::/\n"), Some("/"));
        assert_eq!(select_path("garbage\n"), None);
        assert_eq!(select_path(""), None);
    }
}
