"""Writes the rule groups of the PrometheusRule in a rendered bundle (YAML on stdin) as a
Prometheus rules file (argv[1]), for promtool. Fails when the bundle has no PrometheusRule."""

import sys

import yaml

rules = [d for d in yaml.safe_load_all(sys.stdin) if d and d.get("kind") == "PrometheusRule"]
if len(rules) != 1:
    sys.exit(f"expected one PrometheusRule in the bundle, found {len(rules)}")
with open(sys.argv[1], "w", encoding="utf-8") as out:
    yaml.safe_dump({"groups": rules[0]["spec"]["groups"]}, out, sort_keys=False)
