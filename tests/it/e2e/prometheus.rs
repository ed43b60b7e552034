//! A real Prometheus (Debian's) for the alert tests: it scrapes the exporters of the pods the
//! harness runs, with the labels a ServiceMonitor would give them, and evaluates the rendered
//! PrometheusRule. Listens on a loopback port; stopped on drop.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::bundle::Bundle;

/// One scrape target: the pod's name and address:port, and the ServiceMonitor endpoint name.
pub struct Target {
    pub pod: String,
    pub address: String,
    pub endpoint: &'static str,
}

pub struct Prometheus {
    child: Child,
    port: u16,
    dir: std::path::PathBuf,
    config: Value,
    labels: (String, String),
}

/// An alert as /api/v1/alerts shows it.
#[derive(Debug, Clone)]
pub struct Alert {
    pub name: String,
    pub state: String,
    pub pod: Option<String>,
}

impl Prometheus {
    /// Starts Prometheus in `dir`, scraping `targets` and evaluating the bundle's rules every
    /// `interval_seconds`.
    pub fn start(dir: &Path, bundle: &Bundle, targets: &[Target], interval_seconds: u32) -> Prometheus {
        std::fs::create_dir_all(dir).unwrap();
        let rule = bundle.one("PrometheusRule");
        let rules = serde_json::json!({ "groups": rule["spec"]["groups"] });
        std::fs::write(dir.join("rules.json"), rules.to_string()).unwrap();
        let v = &bundle.values;
        let labels = (v.namespace.clone(), format!("{}-metrics", v.name));
        let config = serde_json::json!({
            "global": {
                "scrape_interval": format!("{interval_seconds}s"),
                "evaluation_interval": format!("{interval_seconds}s"),
                "scrape_timeout": format!("{interval_seconds}s"),
            },
            "rule_files": [dir.join("rules.json")],
            "scrape_configs": [{"job_name": labels.1, "static_configs": []}],
        });
        let mut config = config;
        write_config(dir, &mut config, &labels, targets);
        let port = free_port();
        let child = Command::new("prometheus")
            .arg(format!("--config.file={}", dir.join("prometheus.yml").display()))
            .arg(format!("--storage.tsdb.path={}", dir.join("data").display()))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("prometheus.log")).unwrap())
            .spawn()
            .expect("prometheus starts (Debian package `prometheus`)");
        Prometheus { child, port, dir: dir.to_owned(), config, labels }
    }

    /// New targets (pods back on new addresses), as service discovery would see them: the
    /// config is rewritten and reloaded (SIGHUP).
    pub fn retarget(&mut self, targets: &[Target]) {
        write_config(&self.dir, &mut self.config, &self.labels, targets);
        let _ = Command::new("kill").args(["-HUP", &self.child.id().to_string()]).status();
    }

    fn get(&self, path: &str) -> Result<Value, String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).map_err(|e| e.to_string())?;
        write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").map_err(|e| e.to_string())?;
        let mut text = String::new();
        stream.read_to_string(&mut text).map_err(|e| e.to_string())?;
        let body = text.split_once("\r\n\r\n").map(|(_, b)| b).ok_or("no HTTP body")?;
        serde_json::from_str(body).map_err(|e| format!("{e}: {body}"))
    }

    /// How many targets are up, of how many.
    pub fn targets_up(&self) -> Result<(usize, usize), String> {
        let reply = self.get("/api/v1/targets")?;
        let active = reply["data"]["activeTargets"].as_array().ok_or("no targets")?;
        Ok((active.iter().filter(|t| t["health"] == "up").count(), active.len()))
    }

    /// How many series an instant query returns.
    pub fn series(&self, expr: &str) -> Result<usize, String> {
        let encoded: String = expr
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect();
        let reply = self.get(&format!("/api/v1/query?query={encoded}"))?;
        if reply["status"] != "success" {
            return Err(format!("{expr}: {reply}"));
        }
        reply["data"]["result"].as_array().map(Vec::len).ok_or_else(|| format!("{expr}: no result list"))
    }

    /// Every pending or firing alert.
    pub fn alerts(&self) -> Result<Vec<Alert>, String> {
        let reply = self.get("/api/v1/alerts")?;
        let list = reply["data"]["alerts"].as_array().ok_or("no alerts list")?;
        Ok(list
            .iter()
            .map(|a| Alert {
                name: a["labels"]["alertname"].as_str().unwrap_or_default().to_owned(),
                state: a["state"].as_str().unwrap_or_default().to_owned(),
                pod: a["labels"]["pod"].as_str().map(str::to_owned),
            })
            .collect())
    }
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes the scrape targets into `config` and `dir`/prometheus.yml, labelled as a
/// ServiceMonitor labels them: (namespace, service).
fn write_config(dir: &Path, config: &mut Value, (namespace, service): &(String, String), targets: &[Target]) {
    let static_configs: Vec<Value> = targets
        .iter()
        .map(|t| {
            serde_json::json!({
                "targets": [t.address],
                "labels": {"namespace": namespace, "service": service, "endpoint": t.endpoint, "pod": t.pod},
            })
        })
        .collect();
    config["scrape_configs"][0]["static_configs"] = Value::from(static_configs);
    // JSON is YAML: Prometheus reads it as its config.
    std::fs::write(dir.join("prometheus.yml"), config.to_string()).unwrap();
}

/// A loopback port nothing listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
