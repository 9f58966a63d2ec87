//! joulebench-report (in progress).
