//! `resources` (CPU and memory requests against limits) and `redis.maxmemory` against the
//! memory limit.

use super::Findings;
use crate::values::{ResourceList, Values};

pub(super) fn check(v: &Values, f: &mut Findings) {
    let r = &v.resources;
    for (kind, req, lim) in [("cpu", &r.requests.cpu, &r.limits.cpu), ("memory", &r.requests.memory, &r.limits.memory)]
    {
        if let (Some(req), Some(lim)) = (req.as_ref().and_then(|q| q.to_f64()), lim.as_ref().and_then(|q| q.to_f64())) {
            if req > lim {
                f.error(
                    &["resources", "requests", kind],
                    format!(
                        "the request ({}) exceeds the limit ({})",
                        r_text(&r.requests, kind),
                        r_text(&r.limits, kind)
                    ),
                    None,
                );
            }
        }
    }
    let Some(maxmemory) = v.redis.maxmemory.as_ref().and_then(|q| q.to_bytes()) else {
        return;
    };
    if maxmemory == 0 {
        f.warn(&["redis", "maxmemory"], "0 means no limit: Redis grows until the kernel kills it", None);
    }
    if let Some(limit) = r.limits.memory.as_ref().and_then(|q| q.to_bytes()) {
        if maxmemory >= limit {
            f.error(
                &["redis", "maxmemory"],
                format!(
                    "maxmemory ({}) must stay below the memory limit ({})",
                    v.redis.maxmemory.as_ref().map_or("", |q| &q.0),
                    r.limits.memory.as_ref().map_or("", |q| &q.0)
                ),
                Some("leave room for replication buffers and the fork of AOF rewrites: about 75% of the limit"),
            );
        } else if maxmemory.saturating_mul(10) > limit.saturating_mul(9) {
            f.warn(&["redis", "maxmemory"], "maxmemory is above 90% of the memory limit; a background save or AOF rewrite can get the pod OOM-killed", Some("about 75% of the limit is safer"));
        }
    }
}

fn r_text(list: &ResourceList, kind: &str) -> String {
    let q = if kind == "cpu" { &list.cpu } else { &list.memory };
    q.as_ref().map(|q| q.0.clone()).unwrap_or_default()
}
