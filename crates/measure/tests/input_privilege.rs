//! Opening `--input` as the user the command runs as. Alone in its test binary: it
//! switches the effective ids of the whole process for a moment, which other tests
//! running in parallel threads must not see.

/// Regression (reliability issue): `--input` was opened as root before the privilege
/// drop, so the user could measure a command reading a file only root may read.
#[test]
fn input_is_opened_with_the_users_rights() {
    if !nix::unistd::geteuid().is_root() {
        eprintln!("skipped: needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret");
    std::fs::write(&secret, "root only").unwrap();
    std::fs::set_permissions(&secret, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let nobody = joulebench_measure::DropTo::plan(0, Some("65534"), Some("65534"), false)
        .unwrap()
        .unwrap();
    let e = nobody.open_for_reading(&secret).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::PermissionDenied, "{e}");
    // Back to root afterwards: root can still open it.
    assert!(nix::unistd::geteuid().is_root());
    assert!(std::fs::File::open(&secret).is_ok());
    // A file the user may read opens.
    let public = dir.path().join("public");
    std::fs::write(&public, "x").unwrap();
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    assert!(nobody.open_for_reading(&public).is_ok());
}
