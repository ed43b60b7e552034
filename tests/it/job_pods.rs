//! The pods besides the StatefulSet's, on every example and variant: the Job that changes the
//! topology (the cluster's bootstrap Job, a Sentinel scale-in's drain Job) and the backup
//! CronJob's pod are as locked down as the Redis pods, and each has its NetworkPolicy.

use crate::invariants::{Rendered, of_kind, rendered};

#[test]
fn job_and_backup_pods_are_locked_down_with_a_policy_each() {
    for Rendered { label: files, values, docs } in rendered() {
        let jobs = of_kind(&docs, "Job");
        let topology_job = !values.is_sentinel() || values.drains();
        assert_eq!(jobs.len(), usize::from(topology_job), "{files}: the bootstrap Job, or a Sentinel drain Job");
        let cron_jobs = of_kind(&docs, "CronJob");
        assert_eq!(cron_jobs.len(), usize::from(values.backup.enabled), "{files}: the backup CronJob");
        let pod_specs = jobs
            .iter()
            .map(|j| &j["spec"]["template"]["spec"])
            .chain(cron_jobs.iter().map(|c| &c["spec"]["jobTemplate"]["spec"]["template"]["spec"]));
        for spec in pod_specs {
            assert_eq!(spec["automountServiceAccountToken"], false, "{files}: the Job");
            assert_eq!(spec["securityContext"]["runAsNonRoot"], true, "{files}: the Job");
            let inits = spec["initContainers"].as_array().cloned().unwrap_or_default();
            for c in spec["containers"].as_array().expect("the Job's containers").iter().chain(&inits) {
                assert_eq!(c["securityContext"]["readOnlyRootFilesystem"], true, "{files}: the Job");
                assert_eq!(c["securityContext"]["capabilities"]["drop"], serde_json::json!(["ALL"]));
                let env = c["env"].as_array().cloned().unwrap_or_default();
                assert!(env.iter().all(|e| e.pointer("/valueFrom").is_none()), "{files}: the Job's env is plain");
            }
        }
        let policies = 1 + jobs.len() + cron_jobs.len();
        assert_eq!(
            of_kind(&docs, "NetworkPolicy").len(),
            policies,
            "{files}: the pods', the Job's and the backups' policies"
        );
    }
}
