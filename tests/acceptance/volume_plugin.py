#!/usr/bin/env python3
"""A Docker (v1) volume plugin for the tests: HTTP on a unix socket, volumes as
directories under STATE/volumes, every call appended to STATE/calls.log as
"Method Name [ID]". Create with the option fail=WORDS answers 500 {"Err":
"asked to fail: WORDS"}; Get/Remove of an unknown volume answer 500.

    volume_plugin.py SOCKET STATE
"""
import json
import os
import shutil
import socketserver
import sys
from http.server import BaseHTTPRequestHandler

SOCKET, STATE = sys.argv[1], sys.argv[2]
VOLUMES = os.path.join(STATE, "volumes")
mounts = {}  # volume name -> set of mount ids


def path_of(name):
    return os.path.join(VOLUMES, name)


def describe(name):
    return {"Name": name, "Mountpoint": path_of(name), "Status": {"mounts": len(mounts.get(name, ()))}}


def handle(method, body):
    name = body.get("Name", "")
    if method == "Plugin.Activate":
        return 200, {"Implements": ["VolumeDriver"]}
    if method == "VolumeDriver.Capabilities":
        return 200, {"Capabilities": {"Scope": "local"}}
    if method == "VolumeDriver.List":
        return 200, {"Volumes": [describe(n) for n in sorted(os.listdir(VOLUMES))], "Err": ""}
    if method == "VolumeDriver.Create":
        reason = (body.get("Opts") or {}).get("fail")
        if reason:
            return 500, {"Err": "asked to fail: " + reason}
        os.makedirs(path_of(name), exist_ok=True)
        return 200, {"Err": ""}
    if not name or not os.path.isdir(path_of(name)):
        return 500, {"Err": "no such volume: " + name}
    if method == "VolumeDriver.Remove":
        if mounts.get(name):
            return 500, {"Err": "volume is mounted"}
        shutil.rmtree(path_of(name))
        return 200, {"Err": ""}
    if method == "VolumeDriver.Get":
        return 200, {"Volume": describe(name), "Err": ""}
    if method == "VolumeDriver.Path":
        return 200, {"Mountpoint": path_of(name), "Err": ""}
    if method == "VolumeDriver.Mount":
        mounts.setdefault(name, set()).add(body.get("ID", ""))
        return 200, {"Mountpoint": path_of(name), "Err": ""}
    if method == "VolumeDriver.Unmount":
        mounts.get(name, set()).discard(body.get("ID", ""))
        return 200, {"Err": ""}
    return 404, {"Err": "unknown method " + method}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw.strip() else {}
        method = self.path.lstrip("/")
        with open(os.path.join(STATE, "calls.log"), "a") as log:
            log.write(" ".join(filter(None, [method, body.get("Name"), body.get("ID"),
                                             self.headers.get("Accept")])) + "\n")
        status, answer = handle(method, body)
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/vnd.docker.plugins.v1.2+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # a unix peer has no address to print
        pass


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


os.makedirs(VOLUMES, exist_ok=True)
if os.path.exists(SOCKET):
    os.unlink(SOCKET)
with Server(SOCKET, Handler) as server:
    server.serve_forever()
