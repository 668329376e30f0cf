#!/usr/bin/python3
"""Interop scenarios driven by kazoo (python3-kazoo), a ZooKeeper client nobody here wrote.

usage: kazoo_scenarios.py HOSTS SCENARIO
Exits 0 and prints PASS when the scenario's assertions hold; any failure raises and exits non-zero.
"""
import subprocess
import sys
import threading
import time
import uuid

from kazoo.client import KazooClient
from kazoo.exceptions import (BadVersionError, NoAuthError, NodeExistsError, NoNodeError,
                              NotEmptyError, NoChildrenForEphemeralsError)
from kazoo.security import make_digest_acl, make_acl

HOSTS = sys.argv[1]
SCENARIO = sys.argv[2]
ROOT = "/kazoo-" + uuid.uuid4().hex[:8]
DEADLINE_S = 20


def client(**kw):
    c = KazooClient(hosts=HOSTS, timeout=10, **kw)
    c.start(timeout=15)
    return c


def wait_for(predicate, what):
    end = time.monotonic() + DEADLINE_S
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


def crud():
    zk = client()
    zk.create(ROOT, b"root")
    path = zk.create(ROOT + "/a", b"hello")
    assert path == ROOT + "/a", path
    data, stat = zk.get(ROOT + "/a")
    assert data == b"hello" and stat.version == 0 and stat.data_length == 5, (data, stat)
    assert stat.czxid == stat.mzxid == stat.pzxid, stat
    stat2 = zk.set(ROOT + "/a", b"world")
    assert stat2.version == 1 and stat2.mzxid > stat.mzxid and stat2.czxid == stat.czxid, stat2
    try:
        zk.set(ROOT + "/a", b"x", version=0)
        raise AssertionError("stale version accepted")
    except BadVersionError:
        pass
    try:
        zk.create(ROOT + "/a", b"again")
        raise AssertionError("duplicate create accepted")
    except NodeExistsError:
        pass
    zk.create(ROOT + "/a/child", b"")
    try:
        zk.delete(ROOT + "/a")
        raise AssertionError("non-empty delete accepted")
    except NotEmptyError:
        pass
    parent = zk.exists(ROOT)
    assert parent.children_count == 1 and parent.cversion == 1, parent
    assert zk.get_children(ROOT) == ["a"]
    zk.delete(ROOT, recursive=True)
    assert zk.exists(ROOT) is None
    try:
        zk.get(ROOT + "/a")
        raise AssertionError("deleted node readable")
    except NoNodeError:
        pass
    empty_path = zk.create(ROOT + "-empty", b"")
    assert zk.get(empty_path)[0] == b""
    zk.delete(empty_path)
    zk.stop()


def sequential_ephemeral():
    zk = client()
    zk.create(ROOT)
    names = [zk.create(ROOT + "/job-", b"", sequence=True) for _ in range(3)]
    assert names == [ROOT + "/job-%010d" % i for i in range(3)], names
    zk.delete(names[2])
    nxt = zk.create(ROOT + "/job-", b"", sequence=True)
    assert nxt == ROOT + "/job-0000000003", nxt
    eph = zk.create(ROOT + "/eph", b"e", ephemeral=True)
    stat = zk.exists(eph)
    assert stat.ephemeralOwner == zk.client_id[0], (stat.ephemeralOwner, zk.client_id)
    try:
        zk.create(eph + "/child")
        raise AssertionError("child of ephemeral accepted")
    except NoChildrenForEphemeralsError:
        pass
    other = client()
    assert other.exists(eph) is not None
    zk.stop()
    zk.close()
    assert other.exists(eph) is None, "ephemeral survived its session's close"
    other.delete(ROOT, recursive=True)
    other.stop()


def watches():
    zk = client()
    zk.create(ROOT)
    events = []
    ev_lock = threading.Lock()

    def record(event):
        with ev_lock:
            events.append((event.type, event.path))

    zk.exists(ROOT + "/w", watch=record)
    zk.create(ROOT + "/w", b"1")
    wait_for(lambda: ("CREATED", ROOT + "/w") in events, "NodeCreated")
    zk.get(ROOT + "/w", watch=record)
    other = client()
    other.set(ROOT + "/w", b"2")
    wait_for(lambda: ("CHANGED", ROOT + "/w") in events, "NodeDataChanged")
    zk.get_children(ROOT, watch=record)
    other.create(ROOT + "/c")
    wait_for(lambda: ("CHILD", ROOT) in events, "NodeChildrenChanged")
    # one-shot: a second change does not fire again
    other.set(ROOT + "/w", b"3")
    zk.sync(ROOT)
    zk.get(ROOT + "/w")
    with ev_lock:
        assert events.count(("CHANGED", ROOT + "/w")) == 1, events
    # DataWatch recipe (re-arms every time)
    seen = []
    zk.DataWatch(ROOT + "/w", lambda data, stat: seen.append(data))
    other.set(ROOT + "/w", b"4")
    wait_for(lambda: b"4" in seen, "DataWatch update")
    other.stop()
    zk.delete(ROOT, recursive=True)
    zk.stop()


def lock_and_queue():
    a = client()
    b = client()
    lock_a = a.Lock(ROOT + "/lock", "a")
    lock_b = b.Lock(ROOT + "/lock", "b")
    assert lock_a.acquire(timeout=10)
    assert not lock_b.acquire(blocking=False)
    got = []
    t = threading.Thread(target=lambda: got.append(lock_b.acquire(timeout=15)))
    t.start()
    wait_for(lambda: len(lock_a.contenders()) == 2, "second contender")
    lock_a.release()
    t.join(20)
    assert got == [True], got
    lock_b.release()
    q = a.Queue(ROOT + "/queue")
    for i in range(5):
        q.put(b"item-%d" % i)
    taken = [b.Queue(ROOT + "/queue").get() for _ in range(5)]
    assert taken == [b"item-%d" % i for i in range(5)], taken
    assert len(q) == 0
    a.delete(ROOT, recursive=True)
    a.stop()
    b.stop()


def transactions():
    zk = client()
    zk.create(ROOT)
    t = zk.transaction()
    t.create(ROOT + "/t1", b"a")
    t.create(ROOT + "/t2", b"b")
    t.set_data(ROOT, b"r")
    results = t.commit()
    assert results[0] == ROOT + "/t1" and results[1] == ROOT + "/t2", results
    assert zk.get(ROOT)[0] == b"r"
    t = zk.transaction()
    t.create(ROOT + "/t3", b"c")
    t.delete(ROOT + "/missing")
    t.set_data(ROOT, b"x")
    results = t.commit()
    assert isinstance(results[1], NoNodeError), results
    assert zk.exists(ROOT + "/t3") is None, "failed transaction partly applied"
    assert zk.get(ROOT)[0] == b"r"
    t = zk.transaction()
    t.check(ROOT + "/t1", 0)
    t.delete(ROOT + "/t1")
    assert t.commit() == [True, True]
    zk.delete(ROOT, recursive=True)
    zk.stop()


def digest_acls():
    owner = client(auth_data=[("digest", "alice:secret")])
    acl = make_digest_acl("alice", "secret", all=True)
    owner.create(ROOT, b"private", acl=[acl])
    data, _ = owner.get(ROOT)
    assert data == b"private"
    acls, _ = owner.get_acls(ROOT)
    assert acls[0].id.scheme == "digest" and acls[0].id.id.startswith("alice:"), acls
    stranger = client()
    try:
        stranger.get(ROOT)
        raise AssertionError("read without auth allowed")
    except NoAuthError:
        pass
    stranger.add_auth("digest", "alice:secret")
    assert stranger.get(ROOT)[0] == b"private"
    readonly = client()
    owner.set_acls(ROOT, [make_acl("world", "anyone", read=True), acl])
    assert readonly.get(ROOT)[0] == b"private"
    try:
        readonly.set(ROOT, b"nope")
        raise AssertionError("write with read-only ACL allowed")
    except NoAuthError:
        pass
    owner.delete(ROOT)
    for c in (owner, stranger, readonly):
        c.stop()


def session_expiry():
    other = client()
    other.create(ROOT)
    # A victim process owns an ephemeral node and is then killed with SIGKILL: no closeSession is sent,
    # so only the server's session expiry can remove the node.
    victim = subprocess.Popen([sys.executable, "-c", VICTIM, HOSTS, ROOT + "/eph"], stdout=subprocess.PIPE, text=True)
    session_line = victim.stdout.readline().split()
    assert session_line and session_line[0] == "READY", session_line
    session_id, password = int(session_line[1]), bytes.fromhex(session_line[2])
    gone = threading.Event()
    other.exists(ROOT + "/eph", watch=lambda event: event.type == "DELETED" and gone.set())
    assert other.exists(ROOT + "/eph") is not None
    victim.kill()
    victim.wait()
    assert gone.wait(DEADLINE_S), "ephemeral not removed after its session expired"
    assert other.exists(ROOT + "/eph") is None
    # Re-attaching with the expired session's id and password: the server refuses it, and kazoo
    # then establishes a brand-new session.
    reattach = KazooClient(hosts=HOSTS, client_id=(session_id, password), timeout=4)
    reattach.start(timeout=15)
    assert reattach.client_id[0] != session_id, "expired session was re-attached"
    reattach.stop()
    other.delete(ROOT, recursive=True)
    other.stop()


VICTIM = """
import sys, time
from kazoo.client import KazooClient
zk = KazooClient(hosts=sys.argv[1], timeout=2)
zk.start(timeout=15)
zk.create(sys.argv[2], b"", ephemeral=True)
sid, pwd = zk.client_id
print("READY", sid, pwd.hex(), flush=True)
time.sleep(600)
"""


SCENARIOS = {f.__name__: f for f in (crud, sequential_ephemeral, watches, lock_and_queue, transactions,
                                     digest_acls, session_expiry)}

if __name__ == "__main__":
    SCENARIOS[SCENARIO]()
    print("PASS " + SCENARIO)
