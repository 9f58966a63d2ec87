//! joulebench-suite (in progress).
