//! Backups and restore: a store when either is on, a schedule the CronJob controller accepts,
//! an endpoint and CIDRs the NetworkPolicy can use.

use super::Findings;
use crate::syntax::check_cron;
use crate::values::Values;

const CIDR_HINT: &str = "e.g. 10.20.0.0/16, or 0.0.0.0/0 for anywhere";

pub(super) fn check(v: &Values, f: &mut Findings) {
    let b = &v.backup;
    if b.uses_store() {
        let what = if b.enabled { "backups" } else { "a restore" };
        match (&b.s3, &b.claim) {
            (None, None) => f.error(
                &["backup"],
                format!("{what} need a store: backup.s3 or backup.claim"),
                Some("e.g. backup.claim.name: redis-backups (an existing PersistentVolumeClaim), or backup.s3 with endpoint, bucket and credentialsSecret"),
            ),
            (Some(_), Some(_)) => f.error(
                &["backup", "claim"],
                "backup.s3 and backup.claim are both set: backups go to one store",
                Some("keep one of them"),
            ),
            _ => {}
        }
    }
    if b.enabled {
        if let Err(why) = check_cron(&b.schedule) {
            f.error(
                &["backup", "schedule"],
                format!("not a cron schedule: {why}"),
                Some("e.g. \"17 3 * * *\" (03:17 every day) or @daily"),
            );
        }
    }
    if let Some(restore) = &b.restore {
        let masters = if v.is_sentinel() { 1 } else { v.cluster.masters };
        if let Some(shards) = restore.shards.filter(|s| *s != masters) {
            let what = if v.is_sentinel() {
                "a Sentinel deployment loads one".to_owned()
            } else {
                format!("cluster.masters is {masters}")
            };
            f.error(
                &["backup", "restore", "shards"],
                format!("backup {} has {shards} shards, but {what}: each master loads one shard", restore.id),
                Some("restore into as many masters as the backup has shards (set cluster.masters), then scale"),
            );
        }
    }
    if let Some(tz) = &b.time_zone {
        let ok =
            tz.split('/').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "_+-".contains(c)));
        if !ok {
            f.error(
                &["backup", "timeZone"],
                format!("`{tz}` is not an IANA time zone name"),
                Some("e.g. Etc/UTC or Europe/Paris"),
            );
        }
    }
    if let Some(source) = &b.source {
        if v.is_sentinel() {
            f.error(
                &["backup", "source"],
                "backup.source backs up a Redis Cluster; this deployment runs in sentinel mode",
                Some("remove it"),
            );
        } else if !b.enabled {
            f.error(
                &["backup", "source"],
                "backup.source needs backup.enabled: true (it is what the backups take)",
                None,
            );
        }
        if source.nodes.is_empty() {
            f.error(
                &["backup", "source", "nodes"],
                "no node: give the address of at least one node of the cluster to back up",
                None,
            );
        }
        f.cidrs(&["backup", "source", "networkCidrs"], &source.network_cidrs, CIDR_HINT);
    }
    if let Some(s3) = &b.s3 {
        if s3.port().is_none() {
            f.error(
                &["backup", "s3", "endpoint"],
                format!("`{}` is not an endpoint URL of the form https://host[:port]", s3.endpoint),
                Some("e.g. https://s3.eu-west-1.amazonaws.com or http://minio.storage:9000 (no path: the bucket is its own key)"),
            );
        }
        if s3.network_cidrs.is_empty() {
            f.error(
                &["backup", "s3", "networkCidrs"],
                "no CIDR: the backup pods could not reach the endpoint",
                Some("the endpoint's network, e.g. 10.20.0.0/16, or 0.0.0.0/0 for anywhere"),
            );
        }
        f.cidrs(&["backup", "s3", "networkCidrs"], &s3.network_cidrs, CIDR_HINT);
    }
}

#[cfg(test)]
mod tests {
    use crate::syntax::is_cidr;
    use crate::values::endpoint_port;

    #[test]
    fn endpoints_and_cidrs() {
        assert_eq!(endpoint_port("https://s3.example.com"), Some(443));
        assert_eq!(endpoint_port("http://minio.storage:9000/"), Some(9000));
        assert_eq!(endpoint_port("http://10.1.2.3:8333"), Some(8333));
        assert_eq!(endpoint_port("s3.example.com"), None);
        assert_eq!(endpoint_port("https://host:0"), None);
        assert_eq!(endpoint_port("https://host/path"), None);
        assert!(is_cidr("0.0.0.0/0") && is_cidr("fd00::/8") && !is_cidr("10.0.0.0") && !is_cidr("10.0.0.0/33"));
    }
}
