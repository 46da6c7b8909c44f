#!/usr/bin/python3
"""OpenDHT side of OverlayLoopbackBench (DESIGN.md testing: benchmarks run a peer side by side).

Starts N OpenDHT nodes (python3-opendht DhtRunner) in this process, each bound to 127.0.0.1 only, on a private
network id (never the public network), all bootstrapped to the first node. Then measures, like the Java side,
OPS rounds of: put on a random node until its done callback reports success ("acknowledged"), then a get of the
same key from another random node until the get completes (the value must be among the answers).
Prints progress on stderr and one JSON line on stdout. Every node is stopped (join) on exit, also on errors.
"""
import argparse
import json
import random
import statistics
import sys
import threading
import time

import opendht as dht


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def pct(xs, p):
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))] if s else float('nan')


def summary(xs):
    return {'median': statistics.median(xs) if xs else float('nan'), 'p95': pct(xs, 95), 'p99': pct(xs, 99),
            'mean': statistics.fmean(xs) if xs else float('nan')}


def start(port, network, bootstrap=None):
    cfg = dht.DhtConfig()
    cfg.setNetwork(network)
    r = dht.DhtRunner()
    r.run(port=port, ipv4='127.0.0.1', ipv6='', config=cfg)  # loopback only, no IPv6 socket
    if bootstrap is not None:
        r.bootstrap('127.0.0.1', str(bootstrap))  # only ever 127.0.0.1: a bare bootstrap goes public
    return r


def put(node, key, value, timeout):
    done, res = threading.Event(), {}

    def cb(ok, nodes):
        res['ok'] = ok
        done.set()
    node.put(key, dht.Value(value), cb)
    return done.wait(timeout) and res.get('ok', False)


def get(node, key, value, timeout):
    done, res = threading.Event(), {'found': False}

    def on_value(v):
        if v.data == value:
            res['found'] = True
        return True  # keep going until the search completes, as the Java side's get()

    def on_done(ok, nodes):
        done.set()
    node.get(key, on_value, on_done)
    return done.wait(timeout) and res['found']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--nodes', type=int, default=100)
    ap.add_argument('--ops', type=int, default=1000)
    ap.add_argument('--warmup', type=int, default=100)
    ap.add_argument('--network', type=int, default=4242)
    ap.add_argument('--settle', type=float, default=10.0, help='seconds for the routing tables to fill')
    ap.add_argument('--timeout', type=float, default=600.0)
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    if a.network == 0:
        sys.exit('a private network id is required (0 is the public network)')
    end = time.time() + a.timeout
    rnd = random.Random(a.seed)
    nodes = []
    out = {'impl': 'opendht', 'version': '2.4.12', 'nodes': a.nodes}
    try:
        t0 = time.perf_counter()
        nodes.append(start(0, a.network))
        seed_port = nodes[0].getBound().getPort()
        for _ in range(a.nodes - 1):
            nodes.append(start(0, a.network, seed_port))
        # joined: every node reaches the network (a put/get round through it works); then let tables settle
        deadline = time.time() + a.settle
        while time.time() < deadline:
            time.sleep(0.2)
        out['start_s'] = round(time.perf_counter() - t0, 2)
        log(f'opendht: {len(nodes)} nodes up in {out["start_s"]} s')
        rounds, puts, gets, failed = [], [], [], 0
        for i in range(a.warmup + a.ops):
            if time.time() > end:
                break
            w, r = rnd.sample(range(len(nodes)), 2)
            key = dht.InfoHash.get(f'bench-{a.seed}-{i}')
            value = f'sip:user{i}@127.0.0.1'.encode()
            t = time.perf_counter()
            ok = put(nodes[w], key, value, 10)
            tp = time.perf_counter()
            ok = ok and get(nodes[r], key, value, 10)
            tg = time.perf_counter()
            if i < a.warmup:
                continue
            if not ok:
                failed += 1
                continue
            puts.append((tp - t) * 1000)
            gets.append((tg - tp) * 1000)
            rounds.append((tg - t) * 1000)
        out.update(ops=len(rounds) + failed, failed=failed, round_ms=summary(rounds), put_ms=summary(puts),
                   get_ms=summary(gets))
    finally:
        for n in nodes:
            n.join()  # stops the node's threads and closes its sockets
    print(json.dumps(out), flush=True)


if __name__ == '__main__':
    main()
