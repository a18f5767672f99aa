#!/usr/bin/env python3
"""Hostile and random tar archives for fault_tar_fuzz_test.sh (issue 14, part 7).

    hostile_tars.py SEED COUNT OUTDIR CANARY_DIR

Writes OUTDIR/NNN-<kind>.tar: fixed hostile cases (entries leading out with
`../` or absolute names, symlinks leading out then written through, hard links
to files outside, huge and broken headers, docker-archive manifests naming
files outside the archive) aimed at CANARY_DIR, then COUNT seeded random
mutations of them and of valid archives (flipped header bytes, with the
checksum made right again or not, truncations). The same SEED gives the same
files.
"""
import io
import json
import hashlib
import os
import random
import sys
import tarfile


def add_file(tar, name, data=b"x", **fields):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for key, value in fields.items():
        setattr(info, key, value)
    tar.addfile(info, io.BytesIO(data))


def add_link(tar, name, target, kind):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    tar.addfile(info)


def make(build, fmt=tarfile.PAX_FORMAT):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=fmt) as tar:
        build(tar)
    return out.getvalue()


def hostile_cases(canary):
    deep = "../" * 24 + canary.lstrip("/")
    cases = {
        "dotdot": lambda t: add_file(t, deep + "/dotdot-escaped"),
        "absolute": lambda t: add_file(t, canary + "/absolute-escaped"),
        "dotdot-dir": lambda t: (add_file(t, "a/b"), add_file(t, "a/../../" + deep + "/mid-escaped")),
        "symlink-out-then-write": lambda t: (add_link(t, "out", canary, tarfile.SYMTYPE),
                                             add_file(t, "out/symlink-escaped")),
        "symlink-relative-out": lambda t: (add_link(t, "rel", "../" * 24 + canary.lstrip("/"), tarfile.SYMTYPE),
                                           add_file(t, "rel/relative-escaped")),
        "symlink-chain": lambda t: (add_link(t, "l1", "l2", tarfile.SYMTYPE), add_link(t, "l2", "/", tarfile.SYMTYPE),
                                    add_file(t, "l1" + canary + "/chain-escaped")),
        "hardlink-out": lambda t: (add_link(t, "hard", canary + "/secret", tarfile.LNKTYPE),
                                   add_file(t, "hard", b"overwritten")),
        "hardlink-dotdot": lambda t: add_link(t, "hard2", deep + "/secret", tarfile.LNKTYPE),
        "hardlink-via-symlink": lambda t: (add_link(t, "s", canary, tarfile.SYMTYPE),
                                           add_link(t, "h", "s/secret", tarfile.LNKTYPE),
                                           add_file(t, "h", b"overwritten")),
        "long-name": lambda t: add_file(t, "n/" * 3000 + "f"),
        "long-link": lambda t: add_link(t, "ll", "x" * 300000, tarfile.SYMTYPE),
        "pax-huge-size": lambda t: add_file(t, "big", b"small", pax_headers={"size": "99999999999999999999"}),
        "pax-many-records": lambda t: add_file(t, "p", pax_headers={f"k{i}": "v" * 64 for i in range(20000)}),
        "device": lambda t: add_file(t, "chardev", b"", type=tarfile.CHRTYPE, devmajor=1, devminor=3),
        "fifo-then-write": lambda t: (add_file(t, "fifo", b"", type=tarfile.FIFOTYPE), add_file(t, "fifo/x")),
        "file-then-dir": lambda t: (add_file(t, "fd"), add_file(t, "fd/x")),
        "setuid": lambda t: add_file(t, "suid", mode=0o4777),
        "empty-name": lambda t: add_file(t, ""),
        "dot-names": lambda t: (add_file(t, "."), add_file(t, "./."), add_file(t, "..")),
    }
    made = {name: make(build) for name, build in cases.items()}
    # Cut inside the PAX record block of a long link name: libarchive fails
    # with no message at all, which once crashed berthd's docker load.
    long_link = make(lambda t: add_link(t, "hard", "x/" * 80 + "secret", tarfile.LNKTYPE))
    made["cut-inside-pax"] = long_link[:512 + 100]
    return made


def gnu_huge_header():
    """A GNU long-name header announcing 8 GiB with a few bytes behind it."""
    header = bytearray(512)
    header[0:13] = b"././@LongLink"
    header[100:108] = b"0000644\0"
    header[124:136] = b"77777777777\0"
    header[156:157] = b"L"
    header[257:265] = b"ustar  \0"
    header[148:156] = b"        "
    header[148:156] = b"%06o\0 " % sum(header)
    return bytes(header) + b"A" * 100


def docker_archive(layer_paths, config_path="config.json", extra=None):
    """A docker-archive (docker load) whose manifest names `layer_paths`."""
    layer = make(lambda t: add_file(t, "hello", b"world"))
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "rootfs": {"type": "layers", "diff_ids": [diff_id]}}).encode()
    manifest = json.dumps([{"Config": config_path, "RepoTags": ["fuzz/loaded:1"], "Layers": layer_paths}]).encode()

    def build(t):
        add_file(t, "manifest.json", manifest)
        add_file(t, "config.json", config)
        add_file(t, "layer.tar", layer)
        for name, data in (extra or {}).items():
            add_file(t, name, data)
    return make(build)


def load_cases(canary):
    deep = "../" * 24 + canary.lstrip("/")
    return {
        "load-valid": docker_archive(["layer.tar"]),
        "load-layer-outside": docker_archive([canary + "/secret"]),
        "load-layer-dotdot": docker_archive([deep + "/secret"]),
        "load-config-outside": docker_archive(["layer.tar"], config_path=canary + "/secret"),
        "load-layer-is-dir": docker_archive(["blobs/"], extra={"blobs/x": b"x"}),
        "load-manifest-not-json": make(lambda t: add_file(t, "manifest.json", b"[{")),
        "load-manifest-wrong-types": make(lambda t: add_file(t, "manifest.json",
                                                             b'[{"Config":1,"RepoTags":{"a":2},"Layers":"x"}]')),
        "load-index-huge": make(lambda t: add_file(t, "index.json", b'{"manifests":[' + b'{},' * 100000 + b'{}]}')),
        "load-oci-layout-outside": make(lambda t: (
            add_file(t, "oci-layout", b'{"imageLayoutVersion":"1.0.0"}'),
            add_file(t, "index.json", json.dumps({"schemaVersion": 2, "manifests": [
                {"mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "digest": "sha256:../../../../" + canary.lstrip("/") + "/secret", "size": 10}]}).encode()))),
    }


def mutate(data, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.randrange(5)
        header = 512 * rng.randrange(max(1, len(data) // 512))
        if choice == 0 and data:  # a byte of a header
            data[min(len(data) - 1, header + rng.randrange(512))] = rng.randrange(256)
        elif choice == 1 and len(data) >= header + 512:  # a header field, checksum made right
            field = rng.choice([(0, 100), (100, 8), (124, 12), (136, 12), (156, 1), (157, 100), (345, 155)])
            start, size = header + field[0], field[1]
            data[start:start + size] = bytes(rng.choice(b"0123456789/.7\0 ax") for _ in range(size))
            data[header + 148:header + 156] = b"        "
            data[header + 148:header + 156] = b"%06o\0 " % sum(data[header:header + 512])
        elif choice == 2:  # truncated
            del data[rng.randrange(len(data) + 1):]
        elif choice == 3:  # a size of 8 GiB
            if len(data) >= header + 512:
                data[header + 124:header + 136] = b"77777777777\0"
        else:  # base-256 (GNU binary) size
            if len(data) >= header + 512:
                data[header + 124:header + 136] = b"\xff" * 12
    return bytes(data)


def main():
    seed, count, outdir, canary = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    rng = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)
    cases = hostile_cases(canary)
    cases["gnu-huge-header"] = gnu_huge_header()
    cases.update(load_cases(canary))
    fixed = sorted(cases.items())
    for index in range(count):
        name, data = fixed[rng.randrange(len(fixed))]
        cases[f"mutated{index}-{name}"] = mutate(data, rng)
    for index, (name, data) in enumerate(sorted(cases.items())):
        with open(os.path.join(outdir, f"{index:03d}-{name}.tar"), "wb") as out:
            out.write(data)


if __name__ == "__main__":
    main()
