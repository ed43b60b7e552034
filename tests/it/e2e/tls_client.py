"""A client that verifies hostnames (redis-py's RedisCluster, ssl_check_hostname=True), run by
the TLS end-to-end test inside a pod-like network namespace whose /etc/hosts is the cluster DNS.

usage: tls_client.py SEED_HOST PORT CA CERT KEY PASSWORD_FILE KEYS
Writes and reads KEYS keys through the cluster (every shard gets some), prints the endpoints
the cluster sent the client to, then checks that the same client refuses a pod by IP (no
certificate names it): the hostname check is on. Exits non-zero with a message on any failure.
"""

import socket
import sys

from redis.cluster import RedisCluster
from redis.exceptions import RedisClusterException, RedisError

seed, port, ca, cert, key, password_file, count = sys.argv[1:8]
port, count = int(port), int(count)
with open(password_file, encoding="utf-8") as f:
    password = f.read()
tls = dict(
    ssl=True,
    ssl_ca_certs=ca,
    ssl_certfile=cert,
    ssl_keyfile=key,
    ssl_cert_reqs="required",
    ssl_check_hostname=True,
)

client = RedisCluster(host=seed, port=port, password=password, **tls)
for i in range(count):
    client.set(f"tls:{{{i}}}", f"value-{i}")
for i in range(count):
    got = client.get(f"tls:{{{i}}}")
    if got != f"value-{i}".encode():
        sys.exit(f"tls:{{{i}}}: expected value-{i}, got {got!r}")
hosts = sorted({node.host for node in client.get_nodes()})
if any(h.replace(".", "").isdigit() for h in hosts):
    sys.exit(f"the cluster sent the client to IP endpoints: {hosts}")
print(f"verified hostnames: {count} keys written and read through {len(hosts)} nodes: {' '.join(hosts)}")

ip = socket.gethostbyname(seed)
try:
    RedisCluster(host=ip, port=port, password=password, **tls).ping()
except (RedisError, RedisClusterException) as e:
    # The certificate error is the cause of the cluster client's own error.
    chain = []
    while e is not None:
        chain.append(str(e))
        e = e.__cause__ or e.__context__
    if not any("mismatch" in m or "not valid for" in m for m in chain):
        sys.exit(f"connecting to {ip} failed, but not on its name: {chain}")
    print(f"refused by name as expected: {ip}")
else:
    sys.exit(f"a client checking hostnames accepted {ip}, which the certificate does not name")
