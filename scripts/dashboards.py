"""Extracts the Grafana dashboards of a rendered bundle (YAML on stdin): each dashboard's JSON
goes to DIR/<name>.json, and every panel expression, with Grafana's variables set, becomes a
recording rule in DIR/<name>.rules.yaml for `promtool check rules` (which parses each one).
A bundle without a dashboard writes nothing (the caller counts what was written).

usage: python scripts/dashboards.py DIR < bundle.yaml"""

import json
import os
import sys

import yaml

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
maps = [
    d
    for d in yaml.safe_load_all(sys.stdin)
    if d and d.get("kind") == "ConfigMap" and d["metadata"]["name"].endswith("-dashboard")
]
for cm in maps:
    for key, text in cm["data"].items():
        name = key.removesuffix(".json")
        dashboard = json.loads(text)
        with open(os.path.join(out, f"{name}.json"), "w", encoding="utf-8") as f:
            f.write(text)
        panels = dashboard["panels"] + [p for row in dashboard["panels"] for p in row.get("panels", [])]
        rules = []
        for panel in panels:
            for target in panel.get("targets", []):
                expr = target["expr"]
                for var, value in (("$namespace", "ns"), ("$instance", "name"), ("$__rate_interval", "1m")):
                    expr = expr.replace(var, value)
                rules.append({"record": f"rgen_dashboard:panel_{panel['id']}_{target['refId']}", "expr": expr})
        with open(os.path.join(out, f"{name}.rules.yaml"), "w", encoding="utf-8") as f:
            yaml.safe_dump({"groups": [{"name": name, "rules": rules}]}, f, sort_keys=False)
        print(f"{name}: {len(panels)} panels, {len(rules)} expressions")
