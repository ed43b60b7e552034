"""A client outside Kubernetes for the external-access end-to-end test, run in a network
namespace that reaches the pods only through their load balancers (the test's DNAT rules) and
resolves only the external names (its own /etc/hosts).

usage: external_client.py SEED PORT PASSWORD_FILE DIR POD_IP ENDPOINTS [CA CERT KEY]
1. checks that POD_IP (a pod's own address) cannot be reached from here;
2. writes and reads one key in each of the 16384 slots through redis-py's RedisCluster, which
   follows MOVED/ASK to the names the nodes announce (with CA..KEY: TLS, hostnames verified);
   ENDPOINTS says what they must be: `names` (load balancers) or `node-ports` (one node
   address, a port per node); prints the endpoints it was sent to;
3. INCRs 64 counters (one per 256 slots) until DIR/stop exists. When DIR/phase appears it takes
   the counters' values as the new baseline (writes lost before it, in a crash failover, are
   reported, not counted); at the end every counter must hold at least its last acknowledged
   value since then. Prints a JSON report as its last line.
"""

import json
import os
import socket
import sys
import time

from redis.cluster import RedisCluster
from redis.crc import key_slot

seed, port, password_file, workdir, pod_ip, endpoints = sys.argv[1:7]
port = int(port)
with open(password_file, encoding="utf-8") as f:
    password = f.read()
options = dict(password=password, socket_timeout=2, socket_connect_timeout=2)
if len(sys.argv) > 7:
    ca, cert, key = sys.argv[7:10]
    options.update(ssl=True, ssl_ca_certs=ca, ssl_certfile=cert, ssl_keyfile=key, ssl_cert_reqs="required",
                   ssl_check_hostname=True)

probe = socket.socket()
probe.settimeout(2)
try:
    probe.connect((pod_ip, port))
    sys.exit(f"{pod_ip}:{port} (a pod's own address) is reachable from outside")
except OSError:
    print(f"a pod's own address is unreachable from here: {pod_ip}", flush=True)
finally:
    probe.close()


def connect():
    while True:
        try:
            client = RedisCluster(host=seed, port=port, **options)
            client.ping()
            return client
        except Exception as e:  # noqa: BLE001 - the cluster may be restarting
            print(f"connecting: {e}", flush=True)
            time.sleep(0.5)


client = connect()
keys = {}
i = 0
while len(keys) < 16384:
    k = f"ext:{i}"
    keys.setdefault(key_slot(k.encode()), k)
    i += 1
pipe = client.pipeline()
for k in keys.values():
    pipe.set(k, k)
pipe.execute()
pipe = client.pipeline()
for k in keys.values():
    pipe.get(k)
for k, got in zip(keys.values(), pipe.execute()):
    if got != k.encode():
        sys.exit(f"{k}: expected {k!r}, got {got!r}")
nodes = client.get_nodes()
hosts = sorted({node.host for node in nodes})
if endpoints == "names" and any(h.replace(".", "").isdigit() for h in hosts):
    sys.exit(f"the cluster sent the client to IP endpoints: {hosts}")
if endpoints == "node-ports" and (hosts != [seed] or len({node.port for node in nodes}) != len(nodes)):
    sys.exit(f"the cluster sent the client elsewhere than a port per node on {seed}: {[n.name for n in nodes]}")
print(f"all 16384 slots written and read through {' '.join(sorted(n.name for n in nodes))}", flush=True)

counters = [f"ctr:{{{keys[s]}}}" for s in range(0, 16384, 256)]
acked = {k: 0 for k in counters}
last_ok = {k: time.monotonic() for k in counters}
writes = errors = 0
longest = 0.0
crash_lost = None
while not os.path.exists(os.path.join(workdir, "stop")):
    if crash_lost is None and os.path.exists(os.path.join(workdir, "phase")):
        values = {k: int(client.get(k) or 0) for k in counters}
        crash_lost = sum(1 for k in counters if values[k] < acked[k])
        acked = values
        print(f"baseline taken after the crash failover: {crash_lost} counter(s) behind", flush=True)
    for k in counters:
        try:
            acked[k] = client.incr(k)
            writes += 1
            now = time.monotonic()
            longest = max(longest, now - last_ok[k])
            last_ok[k] = now
        except Exception:  # noqa: BLE001 - failovers and restarts are what is tested
            errors += 1
            time.sleep(0.05)
client = connect()
final = {k: int(client.get(k) or 0) for k in counters}
lost = [k for k in counters if final[k] < acked[k]]
print(json.dumps({"writes": writes, "errors": errors, "longest": round(longest, 2), "lost": lost,
                  "crash_lost": crash_lost}), flush=True)
