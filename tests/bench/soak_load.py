#!/usr/bin/env python3
"""The soak benchmark's clients (issue 14 §6), in one process each so that the
clients cost the machine little beside the daemon they load (50 bash loops
spawning curl and jq starved a 2-core machine of CPU by themselves).

  soak_load.py load SOCK SECONDS CLIENTS IMAGE PULL_REF
      CLIENTS concurrent clients (asyncio, one connection per request, as the
      docker CLI opens one per command) doing mixed work for SECONDS: run
      (create, start, wait, remove), exec (create, start hijacked, inspect),
      logs -f and stats streams read for 1-3 s, container and image inspect,
      ps, pull of PULL_REF from a local registry and rmi of it. IMAGE runs.
      Four long-running containers are the targets of exec, logs and stats;
      they are removed at the end, with anything a client left. Prints the
      operations' counts and latencies, and every answer Docker would not
      give (by operation, status and message).
  soak_load.py ping SECONDS INTERVAL SOCK...
      Every INTERVAL seconds, GET /_ping on a new connection to each SOCK in
      turn (blocking, in this process alone); prints "SOCK-INDEX MS" a line.

SOAK_THINK_MS (0): a pause after each client's operation (0: back to back).
"""
import asyncio
import json
import os
import random
import socket
import sys
import time
from collections import Counter, defaultdict

TARGETS = 4
TIMEOUT = 60


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body) if self.body else None

    def message(self):
        try:
            return self.json().get("message", "")
        except (ValueError, AttributeError):
            return self.body[:120].decode(errors="replace")


async def read_head(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return status, headers


async def read_body(reader, status, headers, until=None):
    """The whole body; with `until` (a monotonic deadline) a stream read until then."""
    if status in (204, 304):
        return b""
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = bytearray()
        while until is None or time.monotonic() < until:
            size_line = await read_until_deadline(reader.readuntil(b"\r\n"), until)
            if size_line is None:
                break
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                break
            body += await reader.readexactly(size + 2)
        return bytes(body)
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    return await reader.read()


async def read_until_deadline(awaitable, until):
    if until is None:
        return await awaitable
    try:
        return await asyncio.wait_for(awaitable, max(0.0, until - time.monotonic()))
    except asyncio.TimeoutError:
        return None


class Client:
    def __init__(self, sock):
        self.sock = sock

    async def _send(self, method, path, body, extra=""):
        reader, writer = await asyncio.open_unix_connection(self.sock)
        data = b"" if body is None else json.dumps(body).encode()
        head = (f"{method} /v1.45{path} HTTP/1.1\r\nHost: docker\r\n{extra}"
                f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n")
        writer.write(head.encode() + data)
        await writer.drain()
        return reader, writer

    async def request(self, method, path, body=None, stream_seconds=None):
        reader, writer = await self._send(method, path, body, "Connection: close\r\n")
        try:
            async with asyncio.timeout(TIMEOUT):
                status, headers = await read_head(reader)
                until = None if stream_seconds is None or status != 200 else time.monotonic() + stream_seconds
                return Answer(status, headers, await read_body(reader, status, headers, until))
        finally:
            writer.close()

    async def hijack(self, path, body):
        """exec start as the CLI sends it: 101, then the raw stream to its end."""
        reader, writer = await self._send("POST", path, body, "Connection: Upgrade\r\nUpgrade: tcp\r\n")
        try:
            async with asyncio.timeout(TIMEOUT):
                status, headers = await read_head(reader)
                return Answer(status, headers, await reader.read() if status == 101 else await read_body(reader, status, headers))
        finally:
            writer.close()


class Tally:
    """What each operation took, and every answer Docker would not give."""

    def __init__(self):
        self.seconds = defaultdict(list)
        self.errors = Counter()

    def error(self, operation, answer_or_text):
        if isinstance(answer_or_text, Answer):
            key = (operation, answer_or_text.status, answer_or_text.message().strip())
        else:
            key = (operation, "-", str(answer_or_text))
        self.errors[key] += 1

    def expect(self, operation, answer, *statuses):
        if answer.status not in statuses:
            self.error(operation, answer)
            return False
        return True


class Load:
    def __init__(self, sock, image, pull_ref):
        self.client = Client(sock)
        self.image, self.pull_ref = image, pull_ref
        self.tally = Tally()
        self.targets = []

    async def create_and_start(self, cmd, operation):
        created = await self.client.request("POST", "/containers/create", {"Image": self.image, "Cmd": cmd})
        if not self.tally.expect(operation, created, 201):
            return None
        cid = created.json()["Id"]
        started = await self.client.request("POST", f"/containers/{cid}/start")
        self.tally.expect(operation, started, 204)
        return cid

    async def remove(self, cid, operation):
        removed = await self.client.request("DELETE", f"/containers/{cid}?force=1")
        self.tally.expect(operation, removed, 204)

    async def run(self):
        cid = await self.create_and_start(["echo", "ran"], "run")
        if cid is None:
            return
        waited = await self.client.request("POST", f"/containers/{cid}/wait")
        if self.tally.expect("run", waited, 200) and waited.json().get("StatusCode") != 0:
            self.tally.error("run", f"exit status {waited.json().get('StatusCode')}")
        await self.remove(cid, "run")

    async def exec(self):
        target = random.choice(self.targets)
        created = await self.client.request("POST", f"/containers/{target}/exec",
                                            {"Cmd": ["echo", "exec"], "AttachStdout": True, "AttachStderr": True})
        if not self.tally.expect("exec", created, 201):
            return
        eid = created.json()["Id"]
        started = await self.client.hijack(f"/exec/{eid}/start", {"Detach": False, "Tty": False})
        if not self.tally.expect("exec", started, 101):
            return
        if b"exec" not in started.body:
            self.tally.error("exec", "no output")
        inspected = await self.client.request("GET", f"/exec/{eid}/json")
        if self.tally.expect("exec", inspected, 200) and inspected.json().get("ExitCode") != 0:
            self.tally.error("exec", f"exit code {inspected.json().get('ExitCode')}")

    async def logs_follow(self):
        target = random.choice(self.targets)
        answer = await self.client.request("GET", f"/containers/{target}/logs?stdout=1&stderr=1&follow=1&tail=5",
                                           stream_seconds=random.uniform(1, 3))
        if self.tally.expect("logs -f", answer, 200) and not answer.body:
            self.tally.error("logs -f", "no log line")

    async def stats(self):
        target = random.choice(self.targets)
        answer = await self.client.request("GET", f"/containers/{target}/stats?stream=1",
                                           stream_seconds=random.uniform(1, 3))
        if self.tally.expect("stats", answer, 200) and b"memory_stats" not in answer.body:
            self.tally.error("stats", "no sample")

    async def inspect(self):
        which = random.randrange(3)
        if which == 0:
            self.tally.expect("inspect", await self.client.request("GET", f"/containers/{random.choice(self.targets)}/json"), 200)
        elif which == 1:
            self.tally.expect("inspect", await self.client.request("GET", f"/images/{self.image}/json"), 200)
        else:  # an unknown container: Docker's 404
            self.tally.expect("inspect", await self.client.request("GET", "/containers/soak-no-such/json"), 404)

    async def ps(self):
        self.tally.expect("ps", await self.client.request("GET", "/containers/json?all=1"), 200)

    async def pull(self):
        name, tag = self.pull_ref.rsplit(":", 1)
        answer = await self.client.request("POST", f"/images/create?fromImage={name}&tag={tag}")
        if not self.tally.expect("pull", answer, 200):
            return
        for line in answer.body.splitlines():
            if not line.strip():
                continue
            try:
                message = json.loads(line)
            except ValueError:
                self.tally.error("pull", f"not JSON: {line[:80]!r}")
                continue
            if "error" in message:
                self.tally.error("pull", message["error"])

    async def rmi(self):
        # 404: another client's rmi came first, as it would with Docker.
        self.tally.expect("rmi", await self.client.request("DELETE", f"/images/{self.pull_ref}"), 200, 404)

    OPERATIONS = {"run": run, "exec": exec, "logs -f": logs_follow, "stats": stats,
                  "inspect": inspect, "ps": ps, "pull": pull, "rmi": rmi}

    async def client_loop(self, deadline, think):
        while time.monotonic() < deadline:
            name = random.choice(list(self.OPERATIONS))
            start = time.monotonic()
            try:
                await self.OPERATIONS[name](self)
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, KeyError) as e:
                self.tally.error(name, f"{type(e).__name__}: {e}")
            self.tally.seconds[name].append(time.monotonic() - start)
            if think:
                await asyncio.sleep(think)

    async def main(self, seconds, clients, think):
        for _ in range(TARGETS):
            cid = await self.create_and_start(["sh", "-c", "while true; do echo tick; sleep 0.2; done"], "setup")
            if cid is None:
                raise SystemExit(f"cannot start a target container: {dict(self.tally.errors)}")
            self.targets.append(cid)
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(self.client_loop(deadline, think) for _ in range(clients)))
        for cid in self.targets:
            await self.remove(cid, "teardown")
        self.report(seconds)

    def report(self, seconds):
        total = sum(len(v) for v in self.tally.seconds.values())
        print(f"operations: {total} in {seconds} s ({total / seconds:.1f}/s)")
        for name in self.OPERATIONS:
            took = sorted(self.tally.seconds[name])
            if took:
                print(f"  {name:8} {len(took):6}  median {percentile(took, 50) * 1000:7.1f} ms"
                      f"  p99 {percentile(took, 99) * 1000:8.1f} ms")
        if not self.tally.errors:
            print("errors Docker would not give: none")
        for (operation, status, message), n in sorted(self.tally.errors.items(), key=lambda e: -e[1]):
            print(f"error: {operation} {status} ×{n}: {message}")


def percentile(ordered, p):
    """Nearest rank, as bench_lib.sh's stats."""
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def ping(seconds, interval, socks):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for index, path in enumerate(socks):
            start = time.perf_counter()
            try:
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                    s.settimeout(10)
                    s.connect(path)
                    s.sendall(b"GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n")
                    answer = b""
                    while chunk := s.recv(4096):
                        answer += chunk
                ms = (time.perf_counter() - start) * 1000 if answer.startswith(b"HTTP/1.1 200") else "error"
            except OSError as e:
                ms = f"error:{e}"
            print(index, ms if isinstance(ms, str) else f"{ms:.3f}", flush=True)
        time.sleep(interval)


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "load":
        _, _, sock, secs, n, img, ref = sys.argv
        asyncio.run(Load(sock, img, ref).main(int(secs), int(n), int(os.environ.get("SOAK_THINK_MS", "0")) / 1000))
    elif len(sys.argv) >= 5 and sys.argv[1] == "ping":
        ping(float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:])
    else:
        sys.exit(__doc__)
