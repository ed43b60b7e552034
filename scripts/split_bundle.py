"""Splits a rendered bundle (YAML on stdin) for the two validators of scripts/test.sh: the
built-in kinds as YAML for kubernetes-validate (argv[1]), the custom resources (cert-manager,
prometheus-operator: an API group with a dot, not *.k8s.io) as a JSON list for
scripts/validate-crds.mjs (argv[2]). Prints how many of each."""

import json
import sys

import yaml

docs = [d for d in yaml.safe_load_all(sys.stdin) if d]


def is_custom(doc):
    group = doc["apiVersion"].rsplit("/", 1)[0] if "/" in doc["apiVersion"] else ""
    return "." in group and not group.endswith(".k8s.io")


builtin = [d for d in docs if not is_custom(d)]
custom = [d for d in docs if is_custom(d)]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    yaml.safe_dump_all(builtin, out, sort_keys=False)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(custom, out)
print(f"{len(builtin)} built-in, {len(custom)} custom")
