#!/usr/bin/env python3
"""A stand-in for a Docker daemon on a unix socket: it answers /_ping and reads
a POST /build body to its end, dropping it, then answers a build that
succeeded. What `docker build` against it takes is the docker CLI's own cost of
making and sending the context tar: the floor under any daemon's send time.
    discard_daemon.py SOCKET_PATH"""
import os
import socket
import sys
import threading


def reply(conn, status, body, content_type="application/json"):
    head = (f"HTTP/1.1 {status}\r\nApi-Version: 1.45\r\nBuilder-Version: 1\r\nOSType: linux\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n")
    conn.sendall(head.encode() + body)


def read_more(conn, buffer):
    data = conn.recv(1 << 20)
    if not data:
        raise EOFError
    return buffer + data


def read_body(conn, buffer, headers):
    """Reads (and drops) one request body; returns its size and what follows it."""
    if headers.get("transfer-encoding", "").lower() == "chunked":
        total = 0
        while True:
            while b"\r\n" not in buffer:
                buffer = read_more(conn, buffer)
            size_line, buffer = buffer.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(buffer) < size + 2:
                buffer = read_more(conn, buffer)
            buffer = buffer[size + 2:]
            total += size
            if size == 0:
                return total, buffer
    length = int(headers.get("content-length", "0"))
    while len(buffer) < length:
        buffer = read_more(conn, buffer)
    return length, buffer[length:]


def serve(conn):
    buffer = b""
    try:
        while True:
            while b"\r\n\r\n" not in buffer:
                buffer = read_more(conn, buffer)
            head, buffer = buffer.split(b"\r\n\r\n", 1)
            lines = head.decode("latin1").split("\r\n")
            method, target = lines[0].split()[:2]
            headers = {l.split(":", 1)[0].strip().lower(): l.split(":", 1)[1].strip() for l in lines[1:] if ":" in l}
            size, buffer = read_body(conn, buffer, headers)
            if "/_ping" in target:
                reply(conn, "200 OK", b"" if method == "HEAD" else b"OK", "text/plain")
            elif "/build" in target:
                reply(conn, "200 OK", b'{"stream":"dropped %d bytes\\n"}\r\n{"aux":{"ID":"sha256:%s"}}\r\n'
                      b'{"stream":"Successfully built 000000000000\\n"}\r\n' % (size, b"0" * 64))
            else:
                reply(conn, "404 Not Found", b'{"message":"not here"}')
    except (EOFError, ConnectionError):
        pass
    finally:
        conn.close()


def main():
    path = sys.argv[1]
    if os.path.exists(path):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    server.listen(8)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
