#!/usr/bin/python3
"""Runs the asio_pipeline example and prints what telegen recorded.

  demo.py --bin DIR --out DIR [--orders N] [--clients C]

Starts `asio-pipeline stock` and `asio-pipeline front` on free loopback
ports (working directories OUT/stock and OUT/front), sends N orders over C
connections (bounded: each connection waits for an answer before its next
order), stops both with SIGTERM (front ships everything queued first, both
flush their spans and logs), then prints one accepted order's trace tree,
across both processes and both stages. Standard library only; the tree is
printed by the orders example's summarize.py.
"""

import argparse
import collections
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "orders"))
from summarize import print_tree, read_spans  # noqa: E402

# (item, quantity): the stock service has 9 apples, 4 pears, 2 plums and no
# figs, so apple and pear orders are accepted, plum and fig orders rejected.
ITEMS = [("apple", 2), ("pear", 3), ("plum", 3), ("fig", 1)]


def order_of(n):
    item, quantity = ITEMS[n % len(ITEMS)]
    return "req-%d" % n, item, quantity


def start(binary, role, workdir, *args):
    """Starts one role in a fresh workdir; returns (process, port)."""
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    ports = os.path.join(workdir, "ports")
    with open(os.path.join(workdir, "stdout.txt"), "w") as out:
        process = subprocess.Popen([binary, role, "--listen", "127.0.0.1:0", "--ports-file", "ports"] +
                                   list(args), cwd=workdir, stdout=out, stderr=subprocess.STDOUT)
    for _ in range(200):
        if os.path.exists(ports) and os.path.getsize(ports) > 0:
            with open(ports) as text:
                return process, int(text.read().strip().split("=")[1])
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("asio-pipeline %s did not start; see %s/stdout.txt" % (role, workdir))


def drive(port, orders, clients):
    """Sends orders 0..orders-1 over `clients` connections; returns {request id: answer}."""
    answers = {}
    lock = threading.Lock()

    def client(first):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
            lines = conn.makefile("r")
            for n in range(first, orders, clients):
                request_id, item, quantity = order_of(n)
                conn.sendall(("ORDER %s %s %d\n" % (request_id, item, quantity)).encode())
                answer = lines.readline().rstrip("\n")
                with lock:
                    answers[request_id] = answer

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def stop(process, name):
    process.send_signal(signal.SIGTERM)
    if process.wait(timeout=30) != 0:
        raise RuntimeError("asio-pipeline %s exited with %d" % (name, process.returncode))


def run(binary_dir, out, orders, clients):
    """Runs the example end to end; returns the answers."""
    binary = os.path.join(os.path.abspath(binary_dir), "asio-pipeline")
    stock, stock_port = start(binary, "stock", os.path.join(out, "stock"))
    try:
        front, front_port = start(binary, "front", os.path.join(out, "front"),
                                  "--stock", "127.0.0.1:%d" % stock_port)
        try:
            answers = drive(front_port, orders, clients)
        finally:
            stop(front, "front")
    finally:
        stop(stock, "stock")
    return answers


def spans_of(out):
    return read_spans(os.path.join(out, "front", "logs", "traces.jsonl")) + \
        read_spans(os.path.join(out, "stock", "logs", "traces.jsonl"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="the directory holding asio-pipeline")
    parser.add_argument("--out", required=True)
    parser.add_argument("--orders", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()

    answers = run(args.bin, args.out, args.orders, args.clients)
    counts = collections.Counter(answer.split(" ")[0] for answer in answers.values())
    print("== %d orders over %d connections: %s" % (
        len(answers), args.clients, ", ".join("%d %s" % (c, a) for a, c in sorted(counts.items()))))

    spans = spans_of(args.out)
    shipped = [s for s in spans if s["name"] == "pipeline.ship"]
    print("\n== A trace: one accepted order, front > stock service > queue > shipper")
    if not shipped:
        print("  no shipment was traced (is OTEL_TRACES_EXPORTER set to none?)")
    else:
        print("  trace %s" % shipped[0]["traceId"])
        print_tree(spans, shipped[0]["traceId"])
    print("  (%d spans in %d traces)" % (len(spans), len({s["traceId"] for s in spans})))
    print("\n== Full outputs")
    for role in ("front", "stock"):
        for name in ("system.jsonl", "traces.jsonl"):
            print("  " + os.path.join(args.out, role, "logs", name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
