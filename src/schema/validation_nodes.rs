//! Generated from rgen.schema.json by scripts/regenerate.sh: do not edit. The validation schema
//! as static data, without its annotations.

use super::node::{Additional, Node, Properties};

#[rustfmt::skip]
pub(crate) static ROOT: Node = Node {
    types: Some(&["object"]),
    properties: Some(Properties(&[
        ("name", Node {
            types: Some(&["string"]),
            min_length: Some(1),
            max_length: Some(40),
            pattern: Some("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"),
            ..Node::EMPTY
        }),
        ("namespace", Node {
            types: Some(&["string"]),
            min_length: Some(1),
            max_length: Some(63),
            pattern: Some("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"),
            ..Node::EMPTY
        }),
        ("createNamespace", Node {
            types: Some(&["boolean"]),
            ..Node::EMPTY
        }),
        ("clusterDomain", Node {
            types: Some(&["string"]),
            min_length: Some(1),
            max_length: Some(253),
            pattern: Some("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"),
            ..Node::EMPTY
        }),
        ("mode", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/DeploymentMode"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("labels", Node {
            types: Some(&["object"]),
            additional: Some(Additional::Schema(&Node {
                types: Some(&["string"]),
                ..Node::EMPTY
            })),
            ..Node::EMPTY
        }),
        ("annotations", Node {
            types: Some(&["object"]),
            additional: Some(Additional::Schema(&Node {
                types: Some(&["string"]),
                ..Node::EMPTY
            })),
            ..Node::EMPTY
        }),
        ("image", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/Image"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("cluster", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/Cluster"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("sentinel", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/Sentinel"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("redis", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/RedisConfig"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("auth", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/Auth"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("tls", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/Tls"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("storage", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/Storage"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("scheduling", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/Scheduling"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("resources", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/Resources"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("probes", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/Probes"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("terminationGracePeriodSeconds", Node {
            types: Some(&["integer"]),
            minimum: Some(1),
            maximum: Some(3600),
            ..Node::EMPTY
        }),
        ("pod", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/PodMeta"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("security", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/Security"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("service", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/ServiceValues"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("podDisruptionBudget", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/DisruptionBudget"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("networkPolicy", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/NetworkPolicyValues"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("metrics", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/Metrics"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("smokeTest", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/SmokeTest"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("backup", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/Backup"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("externalAccess", Node {
            all_of: Some(&[
                Node {
                    reference: Some("#/definitions/ExternalAccess"),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
    ])),
    additional: Some(Additional::Allowed(false)),
    definitions: Some(Properties(&[
        ("DeploymentMode", Node {
            types: Some(&["string"]),
            options: Some(&["cluster", "sentinel"]),
            ..Node::EMPTY
        }),
        ("Image", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("repository", Node {
                    types: Some(&["string"]),
                    min_length: Some(1),
                    max_length: Some(255),
                    ..Node::EMPTY
                }),
                ("tag", Node {
                    types: Some(&["string"]),
                    pattern: Some("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"),
                    ..Node::EMPTY
                }),
                ("digest", Node {
                    types: Some(&["string", "null"]),
                    pattern: Some("^sha256:[a-f0-9]{64}$"),
                    ..Node::EMPTY
                }),
                ("pullPolicy", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/PullPolicy"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("pullSecrets", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("PullPolicy", Node {
            types: Some(&["string"]),
            options: Some(&["IfNotPresent", "Always", "Never"]),
            ..Node::EMPTY
        }),
        ("Cluster", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("masters", Node {
                    types: Some(&["integer"]),
                    minimum: Some(3),
                    maximum: Some(1000),
                    ..Node::EMPTY
                }),
                ("replicasPerMaster", Node {
                    types: Some(&["integer"]),
                    minimum: Some(0),
                    maximum: Some(5),
                    ..Node::EMPTY
                }),
                ("preferredEndpointType", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/EndpointType"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("bootstrap", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/Bootstrap"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("drainFrom", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/DrainFrom"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("EndpointType", Node {
            types: Some(&["string"]),
            options: Some(&["ip", "hostname"]),
            ..Node::EMPTY
        }),
        ("Bootstrap", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("enabled", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("waitTimeoutSeconds", Node {
                    types: Some(&["integer"]),
                    minimum: Some(10),
                    maximum: Some(3600),
                    ..Node::EMPTY
                }),
                ("activeDeadlineSeconds", Node {
                    types: Some(&["integer"]),
                    minimum: Some(60),
                    maximum: Some(86400),
                    ..Node::EMPTY
                }),
                ("backoffLimit", Node {
                    types: Some(&["integer"]),
                    minimum: Some(0),
                    maximum: Some(20),
                    ..Node::EMPTY
                }),
                ("ttlSecondsAfterFinished", Node {
                    types: Some(&["integer", "null"]),
                    minimum: Some(0),
                    maximum: Some(4294967295),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("DrainFrom", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("masters", Node {
                    types: Some(&["integer"]),
                    minimum: Some(3),
                    maximum: Some(1000),
                    ..Node::EMPTY
                }),
                ("replicasPerMaster", Node {
                    types: Some(&["integer"]),
                    minimum: Some(0),
                    maximum: Some(5),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["masters", "replicasPerMaster"]),
            ..Node::EMPTY
        }),
        ("Sentinel", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("replicas", Node {
                    types: Some(&["integer"]),
                    minimum: Some(0),
                    maximum: Some(20),
                    ..Node::EMPTY
                }),
                ("masterSet", Node {
                    types: Some(&["string"]),
                    min_length: Some(1),
                    max_length: Some(64),
                    pattern: Some("^[A-Za-z0-9][A-Za-z0-9._-]*$"),
                    ..Node::EMPTY
                }),
                ("quorum", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(21),
                    ..Node::EMPTY
                }),
                ("downAfterMilliseconds", Node {
                    types: Some(&["integer"]),
                    minimum: Some(100),
                    maximum: Some(600000),
                    ..Node::EMPTY
                }),
                ("failoverTimeout", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1000),
                    maximum: Some(3600000),
                    ..Node::EMPTY
                }),
                ("parallelSyncs", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(20),
                    ..Node::EMPTY
                }),
                ("port", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(65535),
                    ..Node::EMPTY
                }),
                ("requireAuth", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("waitSeconds", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(600),
                    ..Node::EMPTY
                }),
                ("resources", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/Resources"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("drainFrom", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/SentinelDrainFrom"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("Resources", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("requests", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/ResourceList"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("limits", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/ResourceList"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("ResourceList", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("cpu", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/Quantity"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("memory", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/Quantity"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("Quantity", Node {
            types: Some(&["string", "integer"]),
            minimum: Some(0),
            pattern: Some("^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+|[KMGTPE]i|[mkMGTPE])?$"),
            ..Node::EMPTY
        }),
        ("SentinelDrainFrom", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("replicas", Node {
                    types: Some(&["integer"]),
                    minimum: Some(0),
                    maximum: Some(20),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["replicas"]),
            ..Node::EMPTY
        }),
        ("RedisConfig", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("port", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(65535),
                    ..Node::EMPTY
                }),
                ("busPort", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(65535),
                    ..Node::EMPTY
                }),
                ("clusterNodeTimeout", Node {
                    types: Some(&["integer"]),
                    minimum: Some(100),
                    maximum: Some(600000),
                    ..Node::EMPTY
                }),
                ("clusterRequireFullCoverage", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("clusterMigrationBarrier", Node {
                    types: Some(&["integer"]),
                    minimum: Some(0),
                    maximum: Some(100),
                    ..Node::EMPTY
                }),
                ("clusterAllowReadsWhenDown", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("appendonly", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("appendfsync", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/Appendfsync"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("save", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        reference: Some("#/definitions/SavePoint"),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
                ("maxmemory", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/Quantity"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("maxmemoryPolicy", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/MaxmemoryPolicy"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("maxclients", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(1000000),
                    ..Node::EMPTY
                }),
                ("tcpKeepalive", Node {
                    types: Some(&["integer"]),
                    minimum: Some(0),
                    maximum: Some(4294967295),
                    ..Node::EMPTY
                }),
                ("timeout", Node {
                    types: Some(&["integer"]),
                    minimum: Some(0),
                    maximum: Some(4294967295),
                    ..Node::EMPTY
                }),
                ("disableCommands", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
                ("renameCommands", Node {
                    types: Some(&["object"]),
                    additional: Some(Additional::Schema(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
                ("extraConfig", Node {
                    types: Some(&["object"]),
                    additional: Some(Additional::Schema(&Node {
                        reference: Some("#/definitions/ConfigValue"),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("Appendfsync", Node {
            types: Some(&["string"]),
            options: Some(&["always", "everysec", "no"]),
            ..Node::EMPTY
        }),
        ("SavePoint", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("seconds", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(4294967295),
                    ..Node::EMPTY
                }),
                ("changes", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(4294967295),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["seconds", "changes"]),
            ..Node::EMPTY
        }),
        ("MaxmemoryPolicy", Node {
            types: Some(&["string"]),
            options: Some(&["noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"]),
            ..Node::EMPTY
        }),
        ("ConfigValue", Node {
            any_of: Some(&[
                Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                },
                Node {
                    types: Some(&["integer"]),
                    minimum: Some(-9223372036854775808),
                    maximum: Some(9223372036854775807),
                    ..Node::EMPTY
                },
                Node {
                    types: Some(&["string"]),
                    ..Node::EMPTY
                },
            ]),
            ..Node::EMPTY
        }),
        ("Auth", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("enabled", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("password", Node {
                    types: Some(&["string", "null"]),
                    min_length: Some(1),
                    max_length: Some(512),
                    ..Node::EMPTY
                }),
                ("existingSecret", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/SecretRef"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("SecretRef", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("name", Node {
                    types: Some(&["string"]),
                    pattern: Some("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$"),
                    ..Node::EMPTY
                }),
                ("key", Node {
                    types: Some(&["string"]),
                    pattern: Some("^[-._a-zA-Z0-9]{1,253}$"),
                    ..Node::EMPTY
                }),
                ("alsoAcceptKeys", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        types: Some(&["string"]),
                        pattern: Some("^[-._a-zA-Z0-9]{1,253}$"),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["name"]),
            ..Node::EMPTY
        }),
        ("Tls", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("enabled", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("existingSecret", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/TlsSecret"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("certManager", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/CertManager"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("authClients", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/AuthClients"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("plaintextPort", Node {
                    types: Some(&["integer", "null"]),
                    minimum: Some(1),
                    maximum: Some(65535),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("TlsSecret", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("name", Node {
                    types: Some(&["string"]),
                    pattern: Some("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$"),
                    ..Node::EMPTY
                }),
                ("certKey", Node {
                    types: Some(&["string"]),
                    pattern: Some("^[-._a-zA-Z0-9]{1,253}$"),
                    ..Node::EMPTY
                }),
                ("keyKey", Node {
                    types: Some(&["string"]),
                    pattern: Some("^[-._a-zA-Z0-9]{1,253}$"),
                    ..Node::EMPTY
                }),
                ("caKey", Node {
                    types: Some(&["string"]),
                    pattern: Some("^[-._a-zA-Z0-9]{1,253}$"),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["name"]),
            ..Node::EMPTY
        }),
        ("CertManager", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("issuerRef", Node {
                    reference: Some("#/definitions/IssuerRef"),
                    ..Node::EMPTY
                }),
                ("duration", Node {
                    types: Some(&["string"]),
                    pattern: Some("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$"),
                    ..Node::EMPTY
                }),
                ("renewBefore", Node {
                    types: Some(&["string"]),
                    pattern: Some("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$"),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["issuerRef"]),
            ..Node::EMPTY
        }),
        ("IssuerRef", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("name", Node {
                    types: Some(&["string"]),
                    pattern: Some("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$"),
                    ..Node::EMPTY
                }),
                ("kind", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/IssuerKind"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("group", Node {
                    types: Some(&["string"]),
                    min_length: Some(1),
                    max_length: Some(253),
                    pattern: Some("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["name"]),
            ..Node::EMPTY
        }),
        ("IssuerKind", Node {
            types: Some(&["string"]),
            options: Some(&["Issuer", "ClusterIssuer"]),
            ..Node::EMPTY
        }),
        ("AuthClients", Node {
            types: Some(&["string"]),
            options: Some(&["yes", "no", "optional"]),
            ..Node::EMPTY
        }),
        ("Storage", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("mode", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/StorageMode"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("size", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/Quantity"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("storageClassName", Node {
                    types: Some(&["string", "null"]),
                    ..Node::EMPTY
                }),
                ("accessModes", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        reference: Some("#/definitions/AccessMode"),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
                ("reclaimPolicy", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/ReclaimPolicy"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("nas", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/NasStorage"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("nfs", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/NfsStorage"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("hostPath", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/HostPathStorage"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("StorageMode", Node {
            types: Some(&["string"]),
            options: Some(&["dynamic", "nas", "nfs", "hostPath"]),
            ..Node::EMPTY
        }),
        ("AccessMode", Node {
            types: Some(&["string"]),
            options: Some(&["ReadWriteOnce", "ReadWriteOncePod", "ReadWriteMany"]),
            ..Node::EMPTY
        }),
        ("ReclaimPolicy", Node {
            types: Some(&["string"]),
            options: Some(&["Retain", "Delete"]),
            ..Node::EMPTY
        }),
        ("NasStorage", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("server", Node {
                    types: Some(&["string"]),
                    min_length: Some(1),
                    max_length: Some(253),
                    ..Node::EMPTY
                }),
                ("basePath", Node {
                    types: Some(&["string"]),
                    pattern: Some("^/"),
                    ..Node::EMPTY
                }),
                ("driver", Node {
                    types: Some(&["string"]),
                    ..Node::EMPTY
                }),
                ("vers", Node {
                    types: Some(&["string"]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["server"]),
            ..Node::EMPTY
        }),
        ("NfsStorage", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("server", Node {
                    types: Some(&["string"]),
                    min_length: Some(1),
                    max_length: Some(253),
                    ..Node::EMPTY
                }),
                ("basePath", Node {
                    types: Some(&["string"]),
                    pattern: Some("^/"),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["server"]),
            ..Node::EMPTY
        }),
        ("HostPathStorage", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("basePath", Node {
                    types: Some(&["string"]),
                    pattern: Some("^/"),
                    ..Node::EMPTY
                }),
                ("nodes", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["basePath", "nodes"]),
            ..Node::EMPTY
        }),
        ("Scheduling", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("antiAffinity", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/AntiAffinity"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("spread", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        reference: Some("#/definitions/Spread"),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
                ("nodeSelector", Node {
                    types: Some(&["object"]),
                    additional: Some(Additional::Schema(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
                ("tolerations", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        reference: Some("#/definitions/Toleration"),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
                ("priorityClassName", Node {
                    types: Some(&["string", "null"]),
                    ..Node::EMPTY
                }),
                ("nodeCount", Node {
                    types: Some(&["integer", "null"]),
                    minimum: Some(1),
                    maximum: Some(4294967295),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("AntiAffinity", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("mode", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/AntiAffinityMode"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("topologyKey", Node {
                    types: Some(&["string"]),
                    ..Node::EMPTY
                }),
                ("weight", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(100),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("AntiAffinityMode", Node {
            types: Some(&["string"]),
            options: Some(&["none", "soft", "hard"]),
            ..Node::EMPTY
        }),
        ("Spread", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("topologyKey", Node {
                    types: Some(&["string"]),
                    ..Node::EMPTY
                }),
                ("maxSkew", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(4294967295),
                    ..Node::EMPTY
                }),
                ("whenUnsatisfiable", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/WhenUnsatisfiable"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["topologyKey"]),
            ..Node::EMPTY
        }),
        ("WhenUnsatisfiable", Node {
            types: Some(&["string"]),
            options: Some(&["ScheduleAnyway", "DoNotSchedule"]),
            ..Node::EMPTY
        }),
        ("Toleration", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("key", Node {
                    types: Some(&["string", "null"]),
                    ..Node::EMPTY
                }),
                ("operator", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/TolerationOperator"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("value", Node {
                    types: Some(&["string", "null"]),
                    ..Node::EMPTY
                }),
                ("effect", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/TaintEffect"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("tolerationSeconds", Node {
                    types: Some(&["integer", "null"]),
                    minimum: Some(-9223372036854775808),
                    maximum: Some(9223372036854775807),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("TolerationOperator", Node {
            types: Some(&["string"]),
            options: Some(&["Equal", "Exists"]),
            ..Node::EMPTY
        }),
        ("TaintEffect", Node {
            types: Some(&["string"]),
            options: Some(&["NoSchedule", "PreferNoSchedule", "NoExecute"]),
            ..Node::EMPTY
        }),
        ("Probes", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("liveness", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/ProbeTiming"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("readiness", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/ProbeTiming"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("ProbeTiming", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("initialDelaySeconds", Node {
                    types: Some(&["integer"]),
                    minimum: Some(0),
                    maximum: Some(3600),
                    ..Node::EMPTY
                }),
                ("periodSeconds", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(3600),
                    ..Node::EMPTY
                }),
                ("timeoutSeconds", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(3600),
                    ..Node::EMPTY
                }),
                ("failureThreshold", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(100),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold"]),
            ..Node::EMPTY
        }),
        ("PodMeta", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("labels", Node {
                    types: Some(&["object"]),
                    additional: Some(Additional::Schema(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
                ("annotations", Node {
                    types: Some(&["object"]),
                    additional: Some(Additional::Schema(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("Security", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("runAsUser", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(4294967295),
                    ..Node::EMPTY
                }),
                ("runAsGroup", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(4294967295),
                    ..Node::EMPTY
                }),
                ("fsGroup", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(4294967295),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("ServiceValues", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("type", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/ServiceType"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("port", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(65535),
                    ..Node::EMPTY
                }),
                ("annotations", Node {
                    types: Some(&["object"]),
                    additional: Some(Additional::Schema(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("ServiceType", Node {
            types: Some(&["string"]),
            options: Some(&["ClusterIP", "NodePort", "LoadBalancer"]),
            ..Node::EMPTY
        }),
        ("DisruptionBudget", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("enabled", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("maxUnavailable", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(4294967295),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("NetworkPolicyValues", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("enabled", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("clientPodLabels", Node {
                    types: Some(&["object"]),
                    additional: Some(Additional::Schema(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
                ("clientNamespaceLabels", Node {
                    types: Some(&["object", "null"]),
                    additional: Some(Additional::Schema(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("Metrics", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("enabled", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("image", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/ExporterImage"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("port", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(65535),
                    ..Node::EMPTY
                }),
                ("sentinelPort", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(65535),
                    ..Node::EMPTY
                }),
                ("resources", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/Resources"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("scraperPodLabels", Node {
                    types: Some(&["object"]),
                    additional: Some(Additional::Schema(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
                ("serviceMonitor", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/ServiceMonitorValues"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("prometheusRule", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/PrometheusRuleValues"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("grafanaDashboard", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/GrafanaDashboardValues"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("ExporterImage", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("repository", Node {
                    types: Some(&["string"]),
                    min_length: Some(1),
                    max_length: Some(255),
                    ..Node::EMPTY
                }),
                ("tag", Node {
                    types: Some(&["string"]),
                    pattern: Some("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"),
                    ..Node::EMPTY
                }),
                ("digest", Node {
                    types: Some(&["string", "null"]),
                    pattern: Some("^sha256:[a-f0-9]{64}$"),
                    ..Node::EMPTY
                }),
                ("pullPolicy", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/PullPolicy"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("ServiceMonitorValues", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("enabled", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("namespace", Node {
                    types: Some(&["string", "null"]),
                    pattern: Some("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"),
                    ..Node::EMPTY
                }),
                ("labels", Node {
                    types: Some(&["object"]),
                    additional: Some(Additional::Schema(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
                ("interval", Node {
                    types: Some(&["string"]),
                    pattern: Some("^([0-9]+(ms|s|m|h|d|w|y))+$"),
                    ..Node::EMPTY
                }),
                ("scrapeTimeout", Node {
                    types: Some(&["string"]),
                    pattern: Some("^([0-9]+(ms|s|m|h|d|w|y))+$"),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("PrometheusRuleValues", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("enabled", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("namespace", Node {
                    types: Some(&["string", "null"]),
                    pattern: Some("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"),
                    ..Node::EMPTY
                }),
                ("labels", Node {
                    types: Some(&["object"]),
                    additional: Some(Additional::Schema(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
                ("alerts", Node {
                    types: Some(&["object"]),
                    additional: Some(Additional::Schema(&Node {
                        reference: Some("#/definitions/AlertOverride"),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("AlertOverride", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("enabled", Node {
                    types: Some(&["boolean", "null"]),
                    ..Node::EMPTY
                }),
                ("for", Node {
                    types: Some(&["string", "null"]),
                    pattern: Some("^([0-9]+(ms|s|m|h|d|w|y))+$"),
                    ..Node::EMPTY
                }),
                ("severity", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/AlertSeverity"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("threshold", Node {
                    types: Some(&["number", "null"]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("AlertSeverity", Node {
            types: Some(&["string"]),
            options: Some(&["critical", "warning", "info"]),
            ..Node::EMPTY
        }),
        ("GrafanaDashboardValues", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("enabled", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("namespace", Node {
                    types: Some(&["string", "null"]),
                    pattern: Some("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"),
                    ..Node::EMPTY
                }),
                ("labels", Node {
                    types: Some(&["object"]),
                    additional: Some(Additional::Schema(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
                ("folder", Node {
                    types: Some(&["string", "null"]),
                    ..Node::EMPTY
                }),
                ("folderAnnotation", Node {
                    types: Some(&["string"]),
                    min_length: Some(1),
                    max_length: Some(253),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("SmokeTest", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("enabled", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("Backup", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("enabled", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("schedule", Node {
                    types: Some(&["string"]),
                    min_length: Some(1),
                    max_length: Some(100),
                    ..Node::EMPTY
                }),
                ("timeZone", Node {
                    types: Some(&["string", "null"]),
                    min_length: Some(1),
                    max_length: Some(64),
                    ..Node::EMPTY
                }),
                ("suspend", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("keep", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(1000),
                    ..Node::EMPTY
                }),
                ("prefix", Node {
                    types: Some(&["string", "null"]),
                    min_length: Some(1),
                    max_length: Some(200),
                    pattern: Some("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$"),
                    ..Node::EMPTY
                }),
                ("s3", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/S3Store"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("claim", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/ClaimStore"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("uploaderImage", Node {
                    types: Some(&["string"]),
                    min_length: Some(1),
                    max_length: Some(255),
                    ..Node::EMPTY
                }),
                ("restore", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/Restore"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("source", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/ExternalSource"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("resources", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/Resources"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("S3Store", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("endpoint", Node {
                    types: Some(&["string"]),
                    min_length: Some(8),
                    max_length: Some(253),
                    ..Node::EMPTY
                }),
                ("bucket", Node {
                    types: Some(&["string"]),
                    pattern: Some("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"),
                    ..Node::EMPTY
                }),
                ("region", Node {
                    types: Some(&["string"]),
                    min_length: Some(1),
                    max_length: Some(64),
                    pattern: Some("^[A-Za-z0-9][A-Za-z0-9._-]*$"),
                    ..Node::EMPTY
                }),
                ("pathStyle", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("credentialsSecret", Node {
                    types: Some(&["string"]),
                    pattern: Some("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$"),
                    ..Node::EMPTY
                }),
                ("caSecret", Node {
                    types: Some(&["string", "null"]),
                    pattern: Some("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$"),
                    ..Node::EMPTY
                }),
                ("networkCidrs", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["endpoint", "bucket", "credentialsSecret"]),
            ..Node::EMPTY
        }),
        ("ClaimStore", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("name", Node {
                    types: Some(&["string"]),
                    pattern: Some("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$"),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["name"]),
            ..Node::EMPTY
        }),
        ("Restore", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("id", Node {
                    types: Some(&["string"]),
                    pattern: Some("^[0-9]{8}T[0-9]{6}Z$"),
                    ..Node::EMPTY
                }),
                ("shards", Node {
                    types: Some(&["integer", "null"]),
                    minimum: Some(1),
                    maximum: Some(1000),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["id"]),
            ..Node::EMPTY
        }),
        ("ExternalSource", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("nodes", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        types: Some(&["string"]),
                        min_length: Some(1),
                        max_length: Some(253),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
                ("passwordSecret", Node {
                    any_of: Some(&[
                        Node {
                            reference: Some("#/definitions/SecretRef"),
                            ..Node::EMPTY
                        },
                        Node {
                            types: Some(&["null"]),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("networkCidrs", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            required: Some(&["nodes"]),
            ..Node::EMPTY
        }),
        ("ExternalAccess", Node {
            types: Some(&["object"]),
            properties: Some(Properties(&[
                ("enabled", Node {
                    types: Some(&["boolean"]),
                    ..Node::EMPTY
                }),
                ("type", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/ExternalType"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("hostname", Node {
                    types: Some(&["string", "null"]),
                    min_length: Some(1),
                    max_length: Some(253),
                    ..Node::EMPTY
                }),
                ("hostnames", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        types: Some(&["string"]),
                        min_length: Some(1),
                        max_length: Some(253),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
                ("annotations", Node {
                    types: Some(&["object"]),
                    additional: Some(Additional::Schema(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    })),
                    ..Node::EMPTY
                }),
                ("loadBalancerSourceRanges", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
                ("externalTrafficPolicy", Node {
                    all_of: Some(&[
                        Node {
                            reference: Some("#/definitions/TrafficPolicy"),
                            ..Node::EMPTY
                        },
                    ]),
                    ..Node::EMPTY
                }),
                ("clientCidrs", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
                ("nodePort", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(65535),
                    ..Node::EMPTY
                }),
                ("busNodePort", Node {
                    types: Some(&["integer"]),
                    minimum: Some(1),
                    maximum: Some(65535),
                    ..Node::EMPTY
                }),
                ("nodePortRange", Node {
                    types: Some(&["string"]),
                    ..Node::EMPTY
                }),
                ("nodeCidrs", Node {
                    types: Some(&["array"]),
                    items: Some(&Node {
                        types: Some(&["string"]),
                        ..Node::EMPTY
                    }),
                    ..Node::EMPTY
                }),
            ])),
            additional: Some(Additional::Allowed(false)),
            ..Node::EMPTY
        }),
        ("ExternalType", Node {
            types: Some(&["string"]),
            options: Some(&["LoadBalancer", "NodePort"]),
            ..Node::EMPTY
        }),
        ("TrafficPolicy", Node {
            types: Some(&["string"]),
            options: Some(&["Cluster", "Local"]),
            ..Node::EMPTY
        }),
    ])),
    ..Node::EMPTY
};
