#!/usr/bin/env python3
"""A reverse proxy in front of a registry that misbehaves on demand, for
fault_registry_test.sh (issue 14, part 7).

    faulty_registry_proxy.py UPSTREAM_HOST:PORT MODE_FILE PORT_FILE

It listens on 127.0.0.1 (a free port, written to PORT_FILE once it listens)
and forwards every request to UPSTREAM, the Host header unchanged, so the
registry's Location headers point back here. Before each request it reads
MODE_FILE, one word, and applies it to large blobs (over 1 MiB: layers, not
configs or manifests):
  pass         forward as it is
  drop-once    a blob GET: the headers and half the body, then the connection
               is cut; then the mode becomes pass
  stall-once   a blob GET: the headers and half the body, then nothing for
               STALL seconds (env STALL, default 8), then cut; then pass
  corrupt      every blob GET: the body with one byte changed (same length)
  corrupt-config  every small blob GET (an image config): the same
  drop-upload-once  an upload (PATCH/PUT with a body): half of it is read,
               then the connection is cut; then pass
  stall-upload-once  an upload: half of it is read, then nothing is read or
               answered for UPLOAD_STALL seconds (default 60: only the
               client's timeout ends it in time), then cut; then pass
Each fault is logged on stderr.
"""
import http.client
import http.server
import os
import socket
import sys
import threading
import time

UPSTREAM = sys.argv[1]
MODE_FILE = sys.argv[2]
PORT_FILE = sys.argv[3]
STALL = float(os.environ.get("STALL", "8"))
UPLOAD_STALL = float(os.environ.get("UPLOAD_STALL", "60"))
BIG = 1 << 20
lock = threading.Lock()


def take_mode(wanted):
    """True once per '-once' mode (then it becomes pass), always for the others."""
    with lock:
        try:
            with open(MODE_FILE) as f:
                mode = f.read().strip()
        except OSError:
            mode = "pass"
        if mode != wanted:
            return False
        if mode.endswith("-once"):
            with open(MODE_FILE, "w") as f:
                f.write("pass\n")
        return True


def say(message):
    print(f"proxy: {message}", file=sys.stderr, flush=True)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        say(fmt % args)

    def cut(self):
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True

    def forward(self):
        self.close_connection = True
        length = int(self.headers.get("Content-Length") or 0)
        chunked = "chunked" in (self.headers.get("Transfer-Encoding") or "")
        if self.command in ("PATCH", "PUT") and length > BIG and take_mode("drop-upload-once"):
            self.rfile.read(length // 2)
            say(f"cut the upload {self.path} after {length // 2} of {length} bytes")
            return self.cut()
        if self.command in ("PATCH", "PUT") and length > BIG and take_mode("stall-upload-once"):
            self.rfile.read(length // 2)
            say(f"stalled the upload {self.path} after {length // 2} of {length} bytes")
            time.sleep(UPLOAD_STALL)
            return self.cut()
        body = self.rfile.read(length) if length else (self.read_chunked() if chunked else None)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("transfer-encoding", "connection")}
        if body is not None:
            headers["Content-Length"] = str(len(body))
        upstream = http.client.HTTPConnection(UPSTREAM, timeout=60)
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        size = int(answer.getheader("Content-Length") or 0)
        any_blob = self.command == "GET" and "/blobs/sha256:" in self.path and answer.status in (200, 206)
        blob = any_blob and size > BIG
        self.send_response(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in ("connection", "transfer-encoding"):
                self.send_header(key, value)
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        if blob and take_mode("drop-once"):
            self.wfile.write(answer.read(size // 2))
            self.wfile.flush()
            say(f"cut {self.path} after {size // 2} of {size} bytes")
            return self.cut()
        if blob and take_mode("stall-once"):
            self.wfile.write(answer.read(size // 2))
            self.wfile.flush()
            say(f"stalled {self.path} after {size // 2} of {size} bytes")
            time.sleep(STALL)
            return self.cut()
        data = answer.read()
        if (blob and take_mode("corrupt")) or (any_blob and not blob and data and take_mode("corrupt-config")):
            middle = len(data) // 2
            data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]
            say(f"changed a byte of {self.path}")
        try:
            self.wfile.write(data)
        except OSError:
            pass

    def read_chunked(self):
        data = b""
        while True:
            size = int(self.rfile.readline().split(b";")[0], 16)
            if size == 0:
                self.rfile.readline()
                return data
            data += self.rfile.read(size)
            self.rfile.readline()

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = forward


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(PORT_FILE + ".new", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORT_FILE + ".new", PORT_FILE)
server.serve_forever()
