#!/usr/bin/env python3
"""Delivery -> page latency for `whk listen --ui`: read the inspector's SSE stream like a page
does and, for every `request` event, compare its arrival time with the delivery's
`received_at` (stamped by the listener when the request arrived; same machine, same clock).

Usage: bench/sse_latency.py PORT COUNT [TIMEOUT_S]
Prints one line: `latency n=… p50=…ms p99=…ms max=…ms` (exit 1 if fewer than COUNT arrived).
Signals readiness by printing `ready` once the stream is open (before any delivery is sent).
"""
import datetime
import socket
import sys
import time

port, count = int(sys.argv[1]), int(sys.argv[2])
timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 120.0

s = socket.create_connection(("127.0.0.1", port))
s.sendall(f"GET /_whk/api/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
s.settimeout(timeout)
f = s.makefile("rb")
while f.readline() not in (b"\r\n", b""):
    pass


def received_ms(data: bytes) -> float:
    # "received_at":"2026-11-30T10:49:28.795Z" — cheaper than parsing the whole row.
    i = data.index(b'"received_at":"') + 15
    t = datetime.datetime.strptime(data[i:i + 23].decode(), "%Y-%m-%dT%H:%M:%S.%f")
    return t.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000.0


lat = []
resyncs = 0
event = None
ready = False
deadline = time.time() + timeout
while len(lat) < count and time.time() < deadline:
    line = f.readline()
    if not line:
        break
    if line.startswith(b"event: "):
        event = line[7:].strip()
    elif line.startswith(b"data: "):
        if event == b"request":
            lat.append(time.time() * 1000.0 - received_ms(line))
        elif event == b"resync":
            resyncs += 1
        elif event == b"ready" and not ready:
            ready = True
            print("ready", flush=True)
        event = None

lat.sort()
if not lat:
    print(f"latency n=0 resyncs={resyncs}")
    sys.exit(1)
pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
print(f"latency n={len(lat)} p50={pick(0.5):.2f}ms p99={pick(0.99):.2f}ms max={lat[-1]:.2f}ms resyncs={resyncs}", flush=True)
sys.exit(0 if len(lat) >= count else 1)
