#!/usr/bin/env python3
"""Measures the network path from whatever network namespace it runs in (the
bench enters a container's with nsenter), so the figures are the kernel path's
(veth, bridge, NAT, the embedded DNS server) and not a tool's copy loop.

  net_probe.py serve PORT              accept one connection, count bytes to EOF, answer the count
  net_probe.py send HOST PORT MB       send MB MiB, wait for the count; print seconds
  net_probe.py dns NAME N              N A-queries of NAME to 127.0.0.11; print each latency (ms)
  net_probe.py dns-wait NAME LIMIT     query NAME every ms until it answers; print when (epoch seconds)
"""
import random
import socket
import struct
import sys
import time

CHUNK = 1 << 20


def serve(port):
    with socket.create_server(("0.0.0.0", port)) as server:
        server.settimeout(60)  # a client that never came must not hang the bench
        connection, _ = server.accept()
        with connection:
            total, buffer = 0, bytearray(CHUNK)
            while (n := connection.recv_into(buffer)) > 0:
                total += n
            connection.sendall(str(total).encode())


def send(host, port, mebibytes):
    data = bytes(CHUNK)
    deadline = time.monotonic() + 5
    while True:  # the server may still be starting
        try:
            connection = socket.create_connection((host, port), timeout=60)
            break
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)
    start = time.monotonic()
    with connection:
        for _ in range(mebibytes):
            connection.sendall(data)
        connection.shutdown(socket.SHUT_WR)
        answer = connection.recv(64)
    elapsed = time.monotonic() - start
    if int(answer or b"0") != mebibytes * CHUNK:
        sys.exit(f"the server counted {answer!r} bytes, {mebibytes * CHUNK} were sent")
    print(f"{elapsed:.6f}")


def query(name):
    ident = random.randrange(1 << 16)
    header = struct.pack(">HHHHHH", ident, 0x0100, 1, 0, 0, 0)
    labels = b"".join(bytes([len(part)]) + part.encode() for part in name.split(".")) + b"\0"
    return ident, header + labels + struct.pack(">HH", 1, 1)


def ask(sock, name):
    """True when the answer carries at least one record."""
    ident, packet = query(name)
    sock.sendto(packet, ("127.0.0.11", 53))
    while True:
        answer, _ = sock.recvfrom(4096)
        if struct.unpack(">H", answer[:2])[0] == ident:
            return struct.unpack(">H", answer[6:8])[0] > 0


def dns(name, count):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(2)
        for _ in range(count):
            start = time.monotonic()
            if not ask(sock, name):
                sys.exit(f"{name} did not resolve")
            print(f"{(time.monotonic() - start) * 1000:.4f}")


def dns_wait(name, limit):
    since = time.time()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        while time.time() - since < limit:
            try:
                if ask(sock, name):
                    print(f"{time.time():.6f}")
                    return
            except socket.timeout:
                pass
            time.sleep(0.001)
    sys.exit(f"{name} did not resolve within {limit} s")


if __name__ == "__main__":
    verb, args = sys.argv[1], sys.argv[2:]
    if verb == "serve":
        serve(int(args[0]))
    elif verb == "send":
        send(args[0], int(args[1]), int(args[2]))
    elif verb == "dns":
        dns(args[0], int(args[1]))
    elif verb == "dns-wait":
        dns_wait(args[0], float(args[1]))
    else:
        sys.exit(__doc__)
