#!/usr/bin/python3
"""Crash-test companion.

crash_writer.py HOSTS ROOT write   -- create ROOT, then create ROOT/n-<i> with data b"v<i>" as fast as the
                                      server acknowledges (64 in flight); print "ACK <i>" for each
                                      acknowledged create, flushed immediately. Runs until killed.
crash_writer.py HOSTS ROOT verify I1 I2 ...  -- check every listed node exists with its data; print "OK <n>".
"""
import sys

from kazoo.client import KazooClient
from kazoo.retry import KazooRetry

hosts, root, mode = sys.argv[1], sys.argv[2], sys.argv[3]
zk = KazooClient(hosts=hosts, timeout=10, connection_retry=KazooRetry(max_tries=0))
zk.start(timeout=15)

if mode == "write":
    zk.create(root)
    print("READY", flush=True)
    i = 0
    while True:
        batch = [(j, zk.create_async("%s/n-%d" % (root, j), b"v%d" % j)) for j in range(i, i + 64)]
        for j, result in batch:
            result.get(timeout=30)
            print("ACK %d" % j, flush=True)
        i += 64
else:
    missing = []
    for text in sys.argv[4:]:
        j = int(text)
        path = "%s/n-%d" % (root, j)
        stat = zk.exists(path)
        if stat is None or zk.get(path)[0] != b"v%d" % j:
            missing.append(j)
    if missing:
        print("MISSING", missing[:20], "of", len(missing), flush=True)
        sys.exit(1)
    print("OK %d" % (len(sys.argv) - 4), flush=True)
zk.stop()
