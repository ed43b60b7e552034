//! The static PersistentVolumes of the NAS, NFS and hostPath examples: each bound to the claim
//! of its ordinal, with the class and size of the StatefulSet's template, a directory of its own.

use serde_json::Value;

use crate::invariants::{Rendered, exactly, of_kind, rendered};

#[test]
fn every_static_pv_is_bound_to_the_claim_of_its_ordinal() {
    let mut checked = 0;
    for Rendered { label: files, docs, .. } in rendered() {
        let sts = exactly(&docs, "StatefulSet", 1, &files)[0];
        let name = sts["metadata"]["name"].as_str().unwrap();
        let namespace = &sts["metadata"]["namespace"];
        let pods = sts["spec"]["replicas"].as_u64().unwrap();
        let template = &sts["spec"]["volumeClaimTemplates"][0];
        let pvs = of_kind(&docs, "PersistentVolume");
        if pvs.is_empty() {
            continue;
        }
        assert_eq!(pvs.len() as u64, pods, "{files}: one PV per pod");
        let mut paths = std::collections::BTreeSet::new();
        for (ordinal, pv) in pvs.iter().enumerate() {
            let claim = &pv["spec"]["claimRef"];
            assert_eq!(
                claim["name"],
                format!("{}-{name}-{ordinal}", template["metadata"]["name"].as_str().unwrap()),
                "{files}"
            );
            assert_eq!(&claim["namespace"], namespace);
            assert_eq!(
                pv["spec"]["storageClassName"], template["spec"]["storageClassName"],
                "{files}: class matches so the binding holds"
            );
            assert_eq!(pv["spec"]["capacity"]["storage"], template["spec"]["resources"]["requests"]["storage"]);
            let source = ["csi", "nfs", "hostPath"].iter().find_map(|k| pv["spec"].get(*k)).expect("a volume source");
            let path =
                source.get("path").or_else(|| source["volumeAttributes"].get("path")).and_then(Value::as_str).unwrap();
            assert!(path.ends_with(&format!("/{ordinal}")), "{files}: {path}");
            assert!(!path.contains("//"), "{path}");
            assert!(paths.insert(path.to_owned()), "{files}: no two pods share a directory");
            if let Some(hp) = pv["spec"].get("hostPath") {
                assert!(hp.is_object());
                let pinned =
                    &pv["spec"]["nodeAffinity"]["required"]["nodeSelectorTerms"][0]["matchExpressions"][0]["values"][0];
                assert!(pinned.is_string(), "{files}: hostPath PVs are pinned to a node");
            }
            checked += 1;
        }
    }
    assert!(checked >= 18, "the static examples were checked ({checked} PVs)");
}
