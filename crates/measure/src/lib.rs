//! joulebench-measure (in progress).
