//! The deployment files under deploy/ parse and hang together: selectors match labels,
//! mounts are read-only, privileges are minimal, and every query names a metric the
//! exporter serves.

mod common;

use common::{deploy, of_kind, s, yaml_docs};
use joulebench_serve::METRICS;
use serde_json::Value as Json;
use serde_yaml::Value;
use std::path::Path;
use std::process::Command;

/// Every `joulebench_*` metric name in a PromQL expression.
fn metric_names(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = expr;
    while let Some(at) = rest.find("joulebench_") {
        // Not part of a longer identifier such as a recording rule `joulebench:...`.
        let before = rest[..at].chars().last();
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            out.push(tail[..end].to_string());
        }
        rest = &tail[end..];
    }
    out
}

fn assert_known(expr: &str, what: &str) {
    let names = metric_names(expr);
    assert!(!names.is_empty(), "{what}: no joulebench metric in {expr}");
    for n in names {
        assert!(
            METRICS.iter().any(|m| m.name == n),
            "{what}: {n} is not a metric the exporter serves (in {expr})"
        );
    }
}

/// Labels `sel` ⊆ `labels`.
fn selects(sel: &Value, labels: &Value) -> bool {
    let sel = sel.as_mapping().expect("selector mapping");
    !sel.is_empty() && sel.iter().all(|(k, v)| labels.get(k) == Some(v))
}

#[test]
fn daemonset_is_read_only_and_minimal() {
    let docs = yaml_docs("kubernetes/daemonset.yaml");
    let ds = of_kind(&docs, "DaemonSet");
    assert_eq!(ds["apiVersion"], "apps/v1");
    let ns = s(&ds["metadata"]["namespace"]);
    assert_eq!(of_kind(&docs, "Namespace")["metadata"]["name"], ns);
    let tpl = &ds["spec"]["template"];
    assert!(selects(
        &ds["spec"]["selector"]["matchLabels"],
        &tpl["metadata"]["labels"]
    ));
    let ann = &tpl["metadata"]["annotations"];
    assert_eq!(ann["prometheus.io/scrape"], "true");
    assert_eq!(ann["prometheus.io/path"], "/metrics");
    let pod = &tpl["spec"];
    assert_ne!(pod["hostNetwork"], true);
    let c = &pod["containers"][0];
    let args: Vec<&str> = c["args"].as_sequence().unwrap().iter().map(s).collect();
    assert_eq!(args[0], "serve");
    let arg = |flag: &str| {
        let i = args
            .iter()
            .position(|a| *a == flag)
            .unwrap_or_else(|| panic!("no {flag}"));
        args[i + 1]
    };
    assert_eq!(arg("--listen"), "0.0.0.0:9185");
    let port = c["ports"][0]["containerPort"].as_u64().unwrap();
    assert_eq!(port.to_string(), s(&ann["prometheus.io/port"]));
    assert!(arg("--listen").ends_with(&format!(":{port}")));
    // Host /sys and /proc, read-only, where --sysfs-root and --procfs-root point.
    let mounts = c["volumeMounts"].as_sequence().unwrap();
    let volumes = pod["volumes"].as_sequence().unwrap();
    for (host, flag) in [("/sys", "--sysfs-root"), ("/proc", "--procfs-root")] {
        let vol = volumes
            .iter()
            .find(|v| v["hostPath"]["path"] == host)
            .unwrap_or_else(|| panic!("no hostPath {host}"));
        let m = mounts
            .iter()
            .find(|m| m["name"] == vol["name"])
            .unwrap_or_else(|| panic!("{host} not mounted"));
        assert_eq!(m["readOnly"], true, "{host} must be mounted read-only");
        assert_eq!(s(&m["mountPath"]), arg(flag));
    }
    assert_eq!(mounts.len(), 2, "nothing else of the host is mounted");
    let sc = &c["securityContext"];
    assert_eq!(sc["allowPrivilegeEscalation"], false);
    assert_eq!(sc["readOnlyRootFilesystem"], true);
    assert_ne!(sc["privileged"], true);
    let drop: Vec<&str> = sc["capabilities"]["drop"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(s)
        .collect();
    assert_eq!(drop, ["ALL"]);
    assert!(
        sc["capabilities"]["add"].is_null(),
        "no capability is needed for powercap"
    );
    for r in ["cpu", "memory"] {
        assert!(!c["resources"]["limits"][r].is_null(), "no {r} limit");
        assert!(!c["resources"]["requests"][r].is_null(), "no {r} request");
    }
    assert_eq!(c["livenessProbe"]["httpGet"]["path"], "/healthz");
}

#[test]
fn service_and_servicemonitor_select_the_daemonset() {
    let ds_docs = yaml_docs("kubernetes/daemonset.yaml");
    let ds = of_kind(&ds_docs, "DaemonSet");
    let pod_labels = &ds["spec"]["template"]["metadata"]["labels"];
    let container_ports = ds["spec"]["template"]["spec"]["containers"][0]["ports"]
        .as_sequence()
        .unwrap();
    let docs = yaml_docs("kubernetes/servicemonitor.yaml");
    let svc = of_kind(&docs, "Service");
    let sm = of_kind(&docs, "ServiceMonitor");
    assert_eq!(svc["apiVersion"], "v1");
    assert_eq!(sm["apiVersion"], "monitoring.coreos.com/v1");
    let ns = &ds["metadata"]["namespace"];
    assert_eq!(&svc["metadata"]["namespace"], ns);
    assert!(selects(&svc["spec"]["selector"], pod_labels));
    assert!(selects(
        &sm["spec"]["selector"]["matchLabels"],
        &svc["metadata"]["labels"]
    ));
    let names: Vec<&Value> = sm["spec"]["namespaceSelector"]["matchNames"]
        .as_sequence()
        .unwrap()
        .iter()
        .collect();
    assert!(names.contains(&ns));
    let svc_port = &svc["spec"]["ports"][0];
    assert!(container_ports
        .iter()
        .any(|p| p["name"] == svc_port["targetPort"]));
    let ep = &sm["spec"]["endpoints"][0];
    assert_eq!(ep["port"], svc_port["name"]);
    assert_eq!(ep["path"], "/metrics");
}

fn promtool() -> Option<&'static str> {
    ["/usr/bin/promtool", "/usr/local/bin/promtool"]
        .into_iter()
        .find(|p| Path::new(p).exists())
}

#[test]
fn prometheus_configs_and_rules() {
    for file in ["prometheus/prometheus.yml", "prometheus/kubernetes.yml"] {
        let cfg = &yaml_docs(file)[0];
        let jobs = cfg["scrape_configs"].as_sequence().unwrap();
        assert!(!jobs.is_empty());
        assert!(jobs
            .iter()
            .all(|j| s(&j["job_name"]).starts_with("joulebench")));
        assert_eq!(cfg["rule_files"][0], "joulebench.rules.yml");
    }
    let k8s = &yaml_docs("prometheus/kubernetes.yml")[0];
    assert_eq!(
        k8s["scrape_configs"][0]["kubernetes_sd_configs"][0]["role"],
        "pod"
    );
    let targets: Json = serde_json::from_str(
        &std::fs::read_to_string(deploy("prometheus/joulebench-targets.json")).unwrap(),
    )
    .unwrap();
    assert!(targets[0]["targets"]
        .as_array()
        .is_some_and(|t| !t.is_empty()));
    let rules = &yaml_docs("prometheus/joulebench.rules.yml")[0];
    for r in rules["groups"][0]["rules"].as_sequence().unwrap() {
        assert_known(s(&r["expr"]), s(&r["record"]));
    }
    match promtool() {
        Some(bin) => {
            let out = Command::new(bin)
                .arg("check")
                .arg("config")
                .arg(deploy("prometheus/prometheus.yml"))
                .output()
                .unwrap();
            let text = common::output_text(&out);
            assert!(out.status.success(), "promtool check config:\n{text}");
            let out = Command::new(bin)
                .args(["check", "rules"])
                .arg(deploy("prometheus/joulebench.rules.yml"))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // The same rule as the CLI tests' `in_ci`.
        None if joulebench_testkit::in_ci() => {
            panic!("promtool is not installed, and CI is set: install Debian's `prometheus`")
        }
        None => eprintln!("SKIP promtool checks: no promtool"),
    }
}

#[test]
fn grafana_dashboard_queries_served_metrics() {
    let text = std::fs::read_to_string(deploy("grafana/joulebench.json")).unwrap();
    let d: Json = serde_json::from_str(&text).unwrap();
    assert!(d["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(d["uid"].as_str().is_some());
    let vars = d["templating"]["list"].as_array().unwrap();
    let var = |n: &str| vars.iter().find(|v| v["name"] == n);
    assert!(var("datasource").is_some());
    assert!(var("instance").is_some());
    let grid = var("grid_intensity").expect("a grid-intensity variable");
    assert!(grid["current"]["value"]
        .as_str()
        .and_then(|v| v.parse::<f64>().ok())
        .is_some());
    let panels = d["panels"].as_array().unwrap();
    let mut ids = std::collections::HashSet::new();
    let mut titles = Vec::new();
    let mut used = std::collections::HashSet::new();
    for p in panels {
        assert!(ids.insert(p["id"].as_u64().unwrap()), "duplicate panel id");
        let title = p["title"].as_str().unwrap();
        titles.push(title.to_lowercase());
        let grid_pos = &p["gridPos"];
        for k in ["x", "y", "w", "h"] {
            assert!(grid_pos[k].as_u64().is_some(), "{title}: gridPos.{k}");
        }
        let targets = p["targets"].as_array().unwrap();
        assert!(!targets.is_empty(), "{title}: no query");
        for t in targets {
            let expr = t["expr"].as_str().unwrap();
            assert_known(expr, title);
            used.extend(metric_names(expr));
            if title.to_lowercase().contains("co2") {
                assert!(expr.contains("$grid_intensity"), "{title}: {expr}");
            }
        }
    }
    for want in ["host power", "top 10 processes", "pod", "co2e"] {
        assert!(
            titles.iter().any(|t| t.contains(want)),
            "no panel about {want}: {titles:?}"
        );
    }
    for m in [
        "joulebench_host_energy_joules_total",
        "joulebench_process_energy_joules_total",
        "joulebench_cgroup_energy_joules_total",
        "joulebench_sensor_info",
    ] {
        assert!(used.contains(m), "the dashboard never shows {m}");
    }
}

#[test]
fn metric_names_are_found_in_expressions() {
    assert_eq!(
        metric_names("sum(rate(joulebench_a_total{x=\"y\"}[5m])) / joulebench_b"),
        ["joulebench_a_total", "joulebench_b"]
    );
    assert!(metric_names("instance:joulebench_x:rate1m").is_empty());
}
