use super::*;

fn manifest(text: &str) -> Manifest {
    Manifest { template: "test.yaml", text: text.into() }
}

#[test]
fn unknown_fields_and_type_errors_fail_loudly() {
    let ok = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n";
    assert!(conform(&[manifest(ok)]).is_ok());
    let typo = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  lables:\n    x: z\n";
    let err = conform(&[manifest(typo)]).unwrap_err();
    assert!(err.message.contains("metadata.lables"), "{err}");
    assert_eq!(err.origin, "template test.yaml");
    let wrong_type = "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports: 5\n";
    // Split across threads, the first failure in bundle order is still the one reported.
    let mut many: Vec<Manifest> = (0..200).map(|_| manifest(ok)).collect();
    many[150] = manifest(wrong_type);
    many[20] = manifest(typo);
    assert!(conform(&many).unwrap_err().message.contains("metadata.lables"));
    many[20] = manifest(ok);
    assert_eq!(conform(&many[..150]).unwrap().len(), 150);
    assert!(conform(&many).is_err());
    assert!(conform(&[manifest(wrong_type)]).is_err());
}

#[test]
fn yaml11_traps_fail() {
    let trap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: on\n";
    assert!(conform(&[manifest(trap)]).unwrap_err().message.contains("YAML 1.1"));
}

/// The check reads the subset reader's tree; it must see what it would see in the value the full
/// reader (the composer over saphyr) builds: the same objects and the same unknown field, on every example manifest and on each with
/// an unknown key added before every mapping entry (which lands in literal text, too, where it
/// must not be reported).
#[test]
fn tree_and_value_deserialize_alike() {
    let (mut compared, mut unknown_found) = (0, 0);
    for text in subset::tests::corpus() {
        let lines: Vec<&str> = text.lines().collect();
        let mut variants = vec![text.clone()];
        for (i, line) in lines.iter().enumerate() {
            let content = line.trim_start();
            if content.contains(": ") && !content.starts_with("- ") && !content.starts_with('#') {
                let extra = format!("{}zzUnknown: 1", &line[..line.len() - content.len()]);
                let mut mutated = lines.clone();
                mutated.insert(i, &extra);
                variants.push(mutated.join("\n") + "\n");
            }
        }
        for variant in variants {
            let Some(tree) = subset::read(&variant, Limits::default()) else { continue };
            // The oracle is the full reader (saphyr), never the subset reader under test.
            let value = crate::yaml::parse_stream(&variant, Limits::default(), crate::yaml::Purpose::Output)
                .unwrap()
                .remove(0)
                .value;
            let (from_tree, from_value) = match value["kind"].as_str().unwrap() {
                "Namespace" => (seen::<core::Namespace, _>(&tree), seen::<core::Namespace, _>(&value)),
                "ServiceAccount" => (seen::<core::ServiceAccount, _>(&tree), seen::<core::ServiceAccount, _>(&value)),
                "Secret" => (seen::<core::Secret, _>(&tree), seen::<core::Secret, _>(&value)),
                "ConfigMap" => (seen::<core::ConfigMap, _>(&tree), seen::<core::ConfigMap, _>(&value)),
                "PersistentVolume" => {
                    (seen::<core::PersistentVolume, _>(&tree), seen::<core::PersistentVolume, _>(&value))
                }
                "Service" => (seen::<core::Service, _>(&tree), seen::<core::Service, _>(&value)),
                "NetworkPolicy" => (seen::<net::NetworkPolicy, _>(&tree), seen::<net::NetworkPolicy, _>(&value)),
                "PodDisruptionBudget" => {
                    (seen::<policy::PodDisruptionBudget, _>(&tree), seen::<policy::PodDisruptionBudget, _>(&value))
                }
                "StatefulSet" => (seen::<apps::StatefulSet, _>(&tree), seen::<apps::StatefulSet, _>(&value)),
                "Job" => (seen::<batch::Job, _>(&tree), seen::<batch::Job, _>(&value)),
                "CronJob" => (seen::<batch::CronJob, _>(&tree), seen::<batch::CronJob, _>(&value)),
                // Types without Serialize: the unknown field only.
                "Certificate" => (
                    unknown::<custom_resources::Certificate, _>(&tree),
                    unknown::<custom_resources::Certificate, _>(&value),
                ),
                "ServiceMonitor" => (
                    unknown::<custom_resources::ServiceMonitor, _>(&tree),
                    unknown::<custom_resources::ServiceMonitor, _>(&value),
                ),
                "PrometheusRule" => (
                    unknown::<custom_resources::PrometheusRule, _>(&tree),
                    unknown::<custom_resources::PrometheusRule, _>(&value),
                ),
                other => panic!("no case for {other}"),
            };
            assert_eq!(from_tree, from_value, "{variant}");
            compared += 1;
            unknown_found += usize::from(matches!(from_tree.0, Ok(Some(_))));
        }
    }
    assert!(compared > 2000 && unknown_found > 1000, "{compared} compared, {unknown_found} unknown fields found");
}

type Seen = (Result<Option<String>, String>, Option<Value>);

/// What the check reports for `doc` as a `T`, and the object it builds (as JSON).
fn seen<'de, T: Deserialize<'de> + serde::Serialize, D: Deserializer<'de> + Copy>(doc: D) -> Seen {
    (strict::<T, D>(doc), T::deserialize(doc).ok().map(|object| serde_json::to_value(object).unwrap()))
}

/// What the check reports for `doc` as a `T`, for types that cannot be written back as JSON.
fn unknown<'de, T: Deserialize<'de>, D: Deserializer<'de>>(doc: D) -> Seen {
    (strict::<T, D>(doc), None)
}
