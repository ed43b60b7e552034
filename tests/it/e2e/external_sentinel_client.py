"""A Sentinel-aware client outside Kubernetes for the external-access end-to-end test, run in a
network namespace that reaches the pods only through their load balancers and resolves only the
external names.

usage: external_sentinel_client.py SENTINEL_HOSTS SENTINEL_PORT MASTER_SET PASSWORD_FILE DIR POD_IP
SENTINEL_HOSTS is comma-separated. Checks that POD_IP cannot be reached, asks the Sentinels for
the master (it must be a name), then INCRs 16 counters through redis-py's Sentinel client until
DIR/stop exists. When DIR/phase appears the counters' values become the baseline (a crash
failover may lose what was acknowledged just before it); at the end every counter must hold at
least its last acknowledged value since then. Prints a JSON report as its last line.
"""

import json
import os
import socket
import sys
import time

from redis.sentinel import Sentinel

hosts, sentinel_port, master_set, password_file, workdir, pod_ip = sys.argv[1:7]
sentinel_port = int(sentinel_port)
with open(password_file, encoding="utf-8") as f:
    password = f.read()

probe = socket.socket()
probe.settimeout(2)
try:
    probe.connect((pod_ip, 6379))
    sys.exit(f"{pod_ip} (a pod's own address) is reachable from outside")
except OSError:
    print(f"a pod's own address is unreachable from here: {pod_ip}", flush=True)
finally:
    probe.close()

sentinel = Sentinel([(h, sentinel_port) for h in hosts.split(",")], socket_timeout=2,
                    sentinel_kwargs={"password": password, "socket_timeout": 2}, password=password)
host, port = sentinel.discover_master(master_set)
if host.replace(".", "").isdigit():
    sys.exit(f"the Sentinels hand out an IP: {host}")
print(f"the Sentinels hand out the master as {host}:{port}", flush=True)
master = sentinel.master_for(master_set, socket_timeout=2, socket_connect_timeout=2)

counters = [f"sctr:{i}" for i in range(16)]
acked = {k: 0 for k in counters}
writes = errors = after = 0
crash_lost = None
while not os.path.exists(os.path.join(workdir, "stop")):
    if crash_lost is None and os.path.exists(os.path.join(workdir, "phase")):
        try:
            values = {k: int(master.get(k) or 0) for k in counters}
        except Exception:  # noqa: BLE001 - try again next round
            time.sleep(0.2)
            continue
        crash_lost = sum(1 for k in counters if values[k] < acked[k])
        acked = values
        print(f"baseline taken after the crash failover: {crash_lost} counter(s) behind", flush=True)
    for k in counters:
        try:
            acked[k] = master.incr(k)
            writes += 1
            after += crash_lost is not None
        except Exception:  # noqa: BLE001 - failovers are what is tested
            errors += 1
            time.sleep(0.05)
final = None
for _ in range(100):
    try:
        final = {k: int(master.get(k) or 0) for k in counters}
        break
    except Exception:  # noqa: BLE001
        time.sleep(0.2)
lost = [k for k in counters if final is None or final[k] < acked[k]]
print(json.dumps({"writes": writes, "errors": errors, "after_baseline": after, "lost": lost,
                  "crash_lost": crash_lost, "master": sentinel.discover_master(master_set)[0]}), flush=True)
