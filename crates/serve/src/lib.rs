//! joulebench-serve (in progress).
