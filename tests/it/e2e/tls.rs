//! TLS for the end-to-end suites: a test CA made with openssl at test time, one certificate for
//! every pod with the names of the rendered cert-manager Certificate (as cert-manager would
//! issue it), handed to the pods as the Secret the bundle mounts; and the harness's clients,
//! which connect with a client certificate of the same CA.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Once};

use redis::{ClientTlsConfig, TlsCertificates};
use serde_json::Value;

use super::bundle::Bundle;

/// A CA and the certificates it signed, in a directory of the test.
pub struct TestPki {
    dir: PathBuf,
    /// The Secret the pods mount (the Certificate's `secretName`, or `tls.existingSecret`).
    pub secret: String,
    names: Vec<String>,
    issued: std::sync::atomic::AtomicU32,
}

impl TestPki {
    /// A CA and a first pod certificate for `bundle`, whose TLS is on.
    pub fn new(dir: &Path, bundle: &Bundle) -> TestPki {
        let dir = dir.join("pki");
        std::fs::create_dir_all(&dir).expect("pki dir");
        let (secret, names) = certificate_names(bundle);
        openssl(&dir, &["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key"]);
        let subject = "/CN=rgen e2e test CA";
        openssl(&dir, &["req", "-x509", "-new", "-key", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", subject]);
        let pki = TestPki { dir, secret, names, issued: Default::default() };
        pki.issue("pod");
        pki.issue("client");
        pki
    }

    /// Issues (again) certificate `name` (`pod` or `client`) and its key; returns its serial.
    pub fn issue(&self, name: &str) -> String {
        let n = self.issued.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = &self.dir;
        let (key, csr, crt, ext) = (format!("{name}.key"), format!("{name}.csr"), format!("{name}.crt"), "ext.cnf");
        let ec = format!("{name}.ec");
        openssl(dir, &["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", &ec]);
        // The key as PKCS#8, which every client reads.
        openssl(dir, &["pkcs8", "-topk8", "-nocrypt", "-in", &ec, "-out", &key]);
        openssl(dir, &["req", "-new", "-key", &key, "-out", &csr, "-subj", &format!("/CN=rgen-e2e-{name}-{n}")]);
        let sans: Vec<String> = if name == "pod" {
            self.names
                .iter()
                .map(|n| if n.parse::<std::net::IpAddr>().is_ok() { format!("IP:{n}") } else { format!("DNS:{n}") })
                .collect()
        } else {
            vec!["DNS:rgen-e2e-client".into()]
        };
        let text = format!("subjectAltName={}\nextendedKeyUsage=serverAuth,clientAuth\n", sans.join(","));
        std::fs::write(dir.join(ext), text).unwrap();
        let serial = format!("{:x}", 0x1000 + n);
        openssl(
            dir,
            &[
                "x509",
                "-req",
                "-in",
                &csr,
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-set_serial",
                &format!("0x{serial}"),
                "-days",
                "1",
                "-out",
                &crt,
                "-extfile",
                ext,
            ],
        );
        serial.to_uppercase()
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    pub fn path(&self, file: &str) -> String {
        self.dir.join(file).display().to_string()
    }

    /// The serial of the certificate the server at `ip:port` presents to a new handshake.
    pub fn served_serial(&self, ip: &str, port: u32) -> Result<String, String> {
        let (cert, key, ca) = (self.path("client.crt"), self.path("client.key"), self.path("ca.crt"));
        let connect = format!("{ip}:{port}");
        let args =
            ["s_client", "-connect", &connect, "-cert", &cert, "-key", &key, "-CAfile", &ca, "-verify_return_error"];
        let hello = Command::new("openssl")
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| e.to_string())?;
        let mut x509 = Command::new("openssl")
            .args(["x509", "-noout", "-serial"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        std::io::Write::write_all(x509.stdin.as_mut().unwrap(), &hello.stdout).map_err(|e| e.to_string())?;
        let out = x509.wait_with_output().map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&out.stdout);
        text.trim()
            .strip_prefix("serial=")
            .map(str::to_owned)
            .ok_or_else(|| format!("{connect}: no certificate served"))
    }

    /// The Secret's values as the pods' volume reads them: (secret, key) → value.
    pub fn secret_values(&self, bundle: &Bundle) -> BTreeMap<(String, String), String> {
        let keys = match &bundle.values.tls.existing_secret {
            Some(s) => [s.cert_key.clone(), s.key_key.clone(), s.ca_key.clone()],
            None => ["tls.crt".into(), "tls.key".into(), "ca.crt".into()],
        };
        keys.into_iter()
            .zip([self.read("pod.crt"), self.read("pod.key"), self.read("ca.crt")])
            .map(|(key, value)| ((self.secret.clone(), key), value))
            .collect()
    }

    /// What the harness's clients present, and the CA they trust.
    pub fn client_certificates(&self) -> TlsCertificates {
        TlsCertificates {
            client_tls: Some(ClientTlsConfig {
                client_cert: self.read("client.crt").into_bytes(),
                client_key: self.read("client.key").into_bytes(),
            }),
            root_cert: Some(self.read("ca.crt").into_bytes()),
        }
    }
}

/// The Secret and the names of the rendered Certificate; for an existing Secret, the names the
/// docs ask for (every pod, the Services, localhost and the loopback IPs).
fn certificate_names(bundle: &Bundle) -> (String, Vec<String>) {
    if let Some(cert) = bundle.docs.iter().find(|d| d["kind"] == "Certificate") {
        let list = |field: &str| -> Vec<String> {
            cert["spec"][field].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
        };
        let mut names = list("dnsNames");
        names.extend(list("ipAddresses"));
        return (cert["spec"]["secretName"].as_str().unwrap().to_owned(), names);
    }
    let v = &bundle.values;
    let secret = v.tls.existing_secret.as_ref().expect("TLS needs a certificate source").name.clone();
    let headless = format!("{}-headless.{}.svc.{}", v.name, v.namespace, v.cluster_domain);
    (secret, vec![format!("*.{headless}"), "localhost".into(), "127.0.0.1".into(), "::1".into()])
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl runs");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// How the harness's clients reach Redis and Sentinel: plain, or TLS with the test client
/// certificate. Pods are addressed by IP, which no certificate names: the chain is checked,
/// the name is not (the hostname check has its own test, with a client inside the pods' DNS).
#[derive(Clone, Default)]
pub struct Access {
    pub tls: Option<Arc<TestPki>>,
    /// Connect with TLS but present no client certificate (to see it refused).
    anonymous: bool,
}

impl Access {
    /// Plain access, or for a bundle with TLS a test CA and certificates, with the Secret values
    /// (secret, key) → value the pods' TLS volume must hold.
    pub fn for_bundle(root: &Path, bundle: &Bundle) -> (Access, BTreeMap<(String, String), String>) {
        if !bundle.values.tls.enabled {
            return (Access::default(), BTreeMap::new());
        }
        let pki = TestPki::new(root, bundle);
        let secrets = pki.secret_values(bundle);
        (Access { tls: Some(Arc::new(pki)), anonymous: false }, secrets)
    }

    /// The same access without a client certificate.
    pub fn anonymous(&self) -> Access {
        Access { tls: self.tls.clone(), anonymous: true }
    }

    fn certificates(&self, pki: &TestPki) -> TlsCertificates {
        let all = pki.client_certificates();
        if self.anonymous { TlsCertificates { client_tls: None, root_cert: all.root_cert } } else { all }
    }

    fn url(&self, ip: &str, port: u32, password: &str) -> String {
        let scheme = if self.tls.is_some() { "rediss" } else { "redis" };
        format!("{scheme}://:{password}@{ip}:{port}/")
    }

    pub fn client(&self, ip: &str, port: u32, password: &str) -> redis::RedisResult<redis::Client> {
        let url = self.url(ip, port, password);
        let Some(pki) = &self.tls else { return redis::Client::open(url) };
        install_crypto_provider();
        let client = redis::Client::build_with_tls(url, self.certificates(pki))?;
        let mut addr = client.get_connection_info().addr().clone();
        addr.set_danger_accept_invalid_hostnames(true);
        redis::Client::open(client.get_connection_info().clone().set_addr(addr))
    }

    pub fn cluster_client(&self, ips: &[String], port: u32, password: &str) -> redis::cluster::ClusterClientBuilder {
        let seeds: Vec<String> = ips.iter().map(|ip| self.url(ip, port, password)).collect();
        let builder = redis::cluster::ClusterClient::builder(seeds);
        match &self.tls {
            None => builder,
            Some(pki) => {
                install_crypto_provider();
                builder.certs(self.certificates(pki)).danger_accept_invalid_hostnames(true)
            }
        }
    }
}

/// rustls needs one process-wide crypto provider; the harness uses ring.
fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
