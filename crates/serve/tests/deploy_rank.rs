//! The ranking Jobs under deploy/kubernetes/ do what docs/fleet.md says: the completion
//! index becomes `--shard K/N` (the pods' shell script is run here, with the kubelet's
//! `$(VAR)` expansion, against a fake `joulebench` that records its arguments), an
//! interrupted shard resumes, pods never share a node, results land on the claim in a
//! sub-path per shard or node, and the pods get RAPL the DaemonSet's way.

mod common;

use common::{of_kind, s, yaml_docs};
use serde_yaml::Value;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

fn seq(v: &Value) -> &Vec<Value> {
    v.as_sequence()
        .unwrap_or_else(|| panic!("not a list: {v:?}"))
}

/// The container's env entries with a literal value.
fn literal_env(c: &Value) -> HashMap<String, String> {
    seq(&c["env"])
        .iter()
        .filter_map(|e| Some((s(&e["name"]).to_string(), e["value"].as_str()?.to_string())))
        .collect()
}

/// The kubelet's expansion of `command`, `args` and `subPathExpr`: `$(NAME)` becomes the
/// variable's value, `$$` a literal `$`, and a reference to an unknown name is left as
/// it is (k8s.io/kubernetes third_party/forked/golang/expansion).
fn kubelet_expand(input: &str, env: &HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = input;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("$$") {
            out.push('$');
            rest = after;
        } else if let Some(inner) = tail.strip_prefix("$(") {
            match inner.find(')') {
                Some(end) => {
                    let name = &inner[..end];
                    match env.get(name) {
                        Some(v) => out.push_str(v),
                        None => out.push_str(&tail[..end + 3]),
                    }
                    rest = &inner[end + 1..];
                }
                None => {
                    out.push_str(tail);
                    rest = "";
                }
            }
        } else {
            out.push('$');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn kubelet_expansion_as_the_kubelet_does_it() {
    let env = HashMap::from([("A".to_string(), "1".to_string())]);
    assert_eq!(kubelet_expand("x$(A)y", &env), "x1y");
    assert_eq!(kubelet_expand("$$(A) $$((A + 1))", &env), "$(A) $((A + 1))");
    assert_eq!(kubelet_expand("$(B)/$A", &env), "$(B)/$A");
}

/// Run the container's command as the kubelet would, with `joulebench` on PATH being a
/// script that writes its arguments, one a line, to a file. Returns those arguments.
fn run_entrypoint(c: &Value, extra_env: &[(&str, &str)], results: &Path) -> Vec<String> {
    let bin = tempfile::tempdir().unwrap();
    let argv_file = bin.path().join("argv");
    let fake = bin.path().join("joulebench");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{}'\n",
            argv_file.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();

    let mut env = literal_env(c);
    for (k, v) in extra_env {
        env.insert(k.to_string(), v.to_string());
    }
    env.insert("RESULTS".into(), results.display().to_string());
    let words: Vec<String> = seq(&c["command"])
        .iter()
        .chain(seq(&c["args"]))
        .map(|w| kubelet_expand(s(w), &env))
        .collect();
    let out = Command::new(&words[0])
        .args(&words[1..])
        .env_clear()
        .envs(&env)
        .env("PATH", format!("{}:/usr/bin:/bin", bin.path().display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the entrypoint failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&argv_file)
        .expect("joulebench was not run")
        .lines()
        .map(String::from)
        .collect()
}

fn job(file: &str) -> (Vec<Value>, Value) {
    let docs = yaml_docs(file);
    let job = of_kind(&docs, "Job").clone();
    (docs, job)
}

fn container(job: &Value) -> &Value {
    let cs = seq(&job["spec"]["template"]["spec"]["containers"]);
    assert_eq!(cs.len(), 1);
    &cs[0]
}

fn count(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v:?}"))
}

#[test]
fn each_completion_index_runs_its_own_shard() {
    let (_, job) = job("kubernetes/rank-job.yaml");
    let spec = &job["spec"];
    assert_eq!(spec["completionMode"], "Indexed");
    let n = count(&spec["completions"]);
    assert_eq!(count(&spec["parallelism"]), n, "all shards at once");
    let c = container(&job);
    let env = literal_env(c);
    assert_eq!(
        env["SHARDS"],
        n.to_string(),
        "SHARDS must equal completions"
    );
    let mut shards = Vec::new();
    for index in 0..n {
        let results = tempfile::tempdir().unwrap();
        let index = index.to_string();
        let argv = run_entrypoint(c, &[("JOB_COMPLETION_INDEX", &index)], results.path());
        let out = results.path().display().to_string();
        let want = [
            "rank",
            "--shard",
            &format!("{}/{n}", index.parse::<u64>().unwrap() + 1),
            "--profile",
            &env["PROFILE"],
            "--languages",
            &env["LANGUAGES"],
            "--out",
            &out,
        ];
        assert_eq!(argv, want);
        shards.push(argv[2].clone());
    }
    // Together the indices are shards 1/N .. N/N, each once.
    let want: Vec<String> = (1..=n).map(|k| format!("{k}/{n}")).collect();
    assert_eq!(shards, want);
}

#[test]
fn an_interrupted_shard_or_node_resumes() {
    for file in ["kubernetes/rank-job.yaml", "kubernetes/rank-per-node.yaml"] {
        let (_, job) = job(file);
        let results = tempfile::tempdir().unwrap();
        // What an interrupted attempt leaves in the sub-path.
        std::fs::write(results.path().join("results.jsonl"), "{}\n").unwrap();
        let argv = run_entrypoint(
            container(&job),
            &[("JOB_COMPLETION_INDEX", "1"), ("NODE_NAME", "node-a")],
            results.path(),
        );
        let out = results.path().display().to_string();
        assert_eq!(argv, ["rank", "--resume", out.as_str()], "{file}");
    }
}

#[test]
fn per_node_pods_run_a_full_ranking_into_the_nodes_directory() {
    let (_, job) = job("kubernetes/rank-per-node.yaml");
    assert_eq!(job["spec"]["completionMode"], "Indexed");
    let n = count(&job["spec"]["completions"]);
    assert_eq!(count(&job["spec"]["parallelism"]), n);
    let c = container(&job);
    let env = literal_env(c);
    let results = tempfile::tempdir().unwrap();
    let argv = run_entrypoint(
        c,
        &[("JOB_COMPLETION_INDEX", "0"), ("NODE_NAME", "node-a")],
        results.path(),
    );
    assert!(
        !argv.iter().any(|a| a == "--shard"),
        "a full ranking: {argv:?}"
    );
    let out = results.path().display().to_string();
    assert_eq!(
        argv,
        [
            "rank",
            "--profile",
            &env["PROFILE"],
            "--languages",
            &env["LANGUAGES"],
            "--out",
            &out
        ]
    );
}

/// The results mount: the claim, at $RESULTS, in a sub-path that the kubelet expands to
/// one directory per shard (rank-job) or per node (rank-per-node).
fn results_subpath(job: &Value, extra: &[(&str, &str)]) -> String {
    let c = container(job);
    let pod = &job["spec"]["template"]["spec"];
    let vol = seq(&pod["volumes"])
        .iter()
        .find(|v| !v["persistentVolumeClaim"].is_null())
        .expect("a volume from the claim");
    assert_eq!(
        vol["persistentVolumeClaim"]["claimName"],
        "joulebench-results"
    );
    let m = seq(&c["volumeMounts"])
        .iter()
        .find(|m| m["name"] == vol["name"])
        .expect("the claim is mounted");
    assert_eq!(s(&m["mountPath"]), literal_env(c)["RESULTS"]);
    let mut env = literal_env(c);
    for (k, v) in extra {
        env.insert(k.to_string(), v.to_string());
    }
    let expanded = kubelet_expand(s(&m["subPathExpr"]), &env);
    assert!(!expanded.contains("$("), "unexpanded: {expanded}");
    expanded
}

#[test]
fn results_go_to_a_sub_path_per_shard_and_per_node() {
    let (_, sharded) = job("kubernetes/rank-job.yaml");
    let ranking = &literal_env(container(&sharded))["RANKING"];
    let a = results_subpath(&sharded, &[("JOB_COMPLETION_INDEX", "0")]);
    let b = results_subpath(&sharded, &[("JOB_COMPLETION_INDEX", "1")]);
    assert_ne!(a, b);
    assert_eq!(a, format!("{ranking}/index-0"));
    let (_, per_node) = job("kubernetes/rank-per-node.yaml");
    // Per node, whichever index: a retried pod on the same node finds its runs.
    let x = results_subpath(
        &per_node,
        &[("JOB_COMPLETION_INDEX", "0"), ("NODE_NAME", "node-a")],
    );
    let y = results_subpath(
        &per_node,
        &[("JOB_COMPLETION_INDEX", "2"), ("NODE_NAME", "node-a")],
    );
    assert_eq!(x, y);
    assert!(x.ends_with("/node-node-a"), "{x}");
    // NODE_NAME comes from the downward API.
    let node = seq(&container(&per_node)["env"])
        .iter()
        .find(|e| e["name"] == "NODE_NAME")
        .unwrap();
    assert_eq!(node["valueFrom"]["fieldRef"]["fieldPath"], "spec.nodeName");
}

#[test]
fn one_measuring_pod_per_node() {
    for file in ["kubernetes/rank-job.yaml", "kubernetes/rank-per-node.yaml"] {
        let (_, job) = job(file);
        let tpl = &job["spec"]["template"];
        let terms = seq(&tpl["spec"]["affinity"]["podAntiAffinity"]
            ["requiredDuringSchedulingIgnoredDuringExecution"]);
        // Required on the hostname, selecting the pod's own label: no two measuring
        // pods (of either Job) on one node.
        assert!(
            terms.iter().any(|t| {
                t["topologyKey"] == "kubernetes.io/hostname"
                    && t["labelSelector"]["matchLabels"]
                        .as_mapping()
                        .is_some_and(|sel| {
                            !sel.is_empty()
                                && sel
                                    .iter()
                                    .all(|(k, v)| tpl["metadata"]["labels"].get(k) == Some(v))
                        })
            }),
            "{file}: no required anti-affinity that selects its own pods"
        );
        assert_eq!(
            tpl["metadata"]["labels"]["joulebench-measuring"], "true",
            "{file}"
        );
        assert_eq!(
            tpl["spec"]["nodeSelector"]["joulebench-ranking"], "true",
            "{file}"
        );
    }
}

#[test]
fn jobs_retry_resume_and_are_bounded() {
    for file in ["kubernetes/rank-job.yaml", "kubernetes/rank-per-node.yaml"] {
        let (_, job) = job(file);
        let spec = &job["spec"];
        assert!(count(&spec["backoffLimit"]) > 0, "{file}");
        assert!(count(&spec["backoffLimitPerIndex"]) > 0, "{file}");
        assert!(
            count(&spec["activeDeadlineSeconds"]) >= 86400,
            "{file}: hours of work"
        );
        // podFailurePolicy requires restartPolicy Never.
        assert_eq!(spec["template"]["spec"]["restartPolicy"], "Never");
        let rules = seq(&spec["podFailurePolicy"]["rules"]);
        assert!(rules
            .iter()
            .any(|r| r["action"] == "Ignore"
                && r["onPodConditions"][0]["type"] == "DisruptionTarget"));
        let r = &container(&job)["resources"];
        for k in ["cpu", "memory"] {
            assert!(!r["requests"][k].is_null(), "{file}: no {k} request");
        }
        assert!(!r["limits"]["memory"].is_null(), "{file}: no memory limit");
        // A CFS quota would throttle the programs being measured.
        assert!(
            r["limits"]["cpu"].is_null(),
            "{file}: a CPU limit skews the figures"
        );
    }
}

#[test]
fn jobs_read_rapl_as_the_daemonset_does() {
    let ds_docs = yaml_docs("kubernetes/daemonset.yaml");
    let ds = of_kind(&ds_docs, "DaemonSet");
    let ds_c = &ds["spec"]["template"]["spec"]["containers"][0];
    let ns = of_kind(&ds_docs, "Namespace");
    let pvc = of_kind(
        &yaml_docs("kubernetes/rank-job.yaml"),
        "PersistentVolumeClaim",
    )
    .clone();
    assert_eq!(pvc["spec"]["accessModes"][0], "ReadWriteMany");
    for file in ["kubernetes/rank-job.yaml", "kubernetes/rank-per-node.yaml"] {
        let (docs, job) = job(file);
        // Each file applies on its own: same Namespace, same claim.
        assert_eq!(of_kind(&docs, "Namespace"), ns, "{file}");
        assert_eq!(of_kind(&docs, "PersistentVolumeClaim"), &pvc, "{file}");
        assert_eq!(job["metadata"]["namespace"], ns["metadata"]["name"]);
        let pod = &job["spec"]["template"]["spec"];
        let c = container(&job);
        assert_eq!(c["image"], ds_c["image"], "{file}: the DaemonSet's image");
        let env = literal_env(c);
        let volumes = seq(&pod["volumes"]);
        let mounts = seq(&c["volumeMounts"]);
        let sys = volumes
            .iter()
            .find(|v| v["hostPath"]["path"] == "/sys")
            .expect("host /sys");
        let m = mounts.iter().find(|m| m["name"] == sys["name"]).unwrap();
        assert_eq!(m["readOnly"], true, "{file}");
        assert_eq!(s(&m["mountPath"]), env["JOULEBENCH_SYSFS_ROOT"]);
        // The only host path: rank's processes are in the pod's PID namespace, so the
        // host's /proc would show the wrong pids.
        let host_paths: Vec<&Value> = volumes
            .iter()
            .filter(|v| !v["hostPath"].is_null())
            .collect();
        assert_eq!(host_paths.len(), 1, "{file}: only /sys of the host");
        assert!(!env.contains_key("JOULEBENCH_PROCFS_ROOT"));
        // Writable places are emptyDirs (root filesystem read-only) and the claim.
        for v in volumes {
            let writable = mounts
                .iter()
                .any(|m| m["name"] == v["name"] && m["readOnly"] != true);
            if writable {
                assert!(
                    !v["emptyDir"].is_null() || !v["persistentVolumeClaim"].is_null(),
                    "{file}: {v:?} is writable"
                );
            }
        }
        for dir in ["JOULEBENCH_CACHE_DIR", "HOME", "TMPDIR"] {
            assert!(
                mounts
                    .iter()
                    .any(|m| env[dir].starts_with(s(&m["mountPath"]))),
                "{file}: {dir} is not on a writable mount"
            );
        }
        let sc = &c["securityContext"];
        assert_eq!(sc["runAsUser"], 0, "powercap is root-only");
        assert_eq!(sc["allowPrivilegeEscalation"], false);
        assert_eq!(sc["readOnlyRootFilesystem"], true);
        assert_ne!(sc["privileged"], true);
        assert_eq!(sc["capabilities"]["drop"][0], "ALL");
        assert!(sc["capabilities"]["add"].is_null(), "{file}");
        assert_eq!(pod["automountServiceAccountToken"], false);
    }
}

#[test]
fn the_reader_mounts_the_claim_read_only() {
    let docs = yaml_docs("kubernetes/results-reader.yaml");
    let pod = of_kind(&docs, "Pod");
    let v = &pod["spec"]["volumes"][0];
    assert_eq!(
        v["persistentVolumeClaim"]["claimName"],
        "joulebench-results"
    );
    assert_eq!(v["persistentVolumeClaim"]["readOnly"], true);
    let c = &pod["spec"]["containers"][0];
    assert_eq!(c["volumeMounts"][0]["readOnly"], true);
    assert_eq!(c["securityContext"]["capabilities"]["drop"][0], "ALL");
    assert_eq!(c["securityContext"]["readOnlyRootFilesystem"], true);
    // It must stay up for `kubectl cp`.
    assert_eq!(c["command"][0], "sleep");
}
