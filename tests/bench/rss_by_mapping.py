#!/usr/bin/env python3
"""Where a process's resident memory is (issue 15): /proc/PID/smaps summed by
what each mapping is, largest first, in MB (MiB / 1.024, as the benches' `mb`).

    rss_by_mapping.py PID

Rows: each mapped file by name (its text, rodata and relocated data together;
the "private" column is the part written to: relocations, .data, .bss), and the
anonymous memory split into the main heap, malloc's other arenas (a read-write
mapping followed by the reserved rest of its 64 MiB), thread stacks (a
read-write mapping right above a 4 KiB guard page) and the rest. Not a test: it
prints a table for tests/bench/README.md.
"""
import re
import sys

HEADER = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \S+\s*(.*)$")


def read_mappings(pid):
    mappings = []
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            header = HEADER.match(line)
            if header:
                start, end, perms, name = header.groups()
                mappings.append({"start": int(start, 16), "end": int(end, 16), "perms": perms,
                                 "name": name.strip(), "Rss": 0, "Private_Dirty": 0, "Pss": 0})
                continue
            key, _, value = line.partition(":")
            if key in ("Rss", "Private_Dirty", "Pss"):
                mappings[-1][key] = int(value.split()[0])
    return mappings


def anonymous_kind(mappings, index):
    """What an unnamed read-write mapping is, from its neighbours."""
    mapping = mappings[index]
    before = mappings[index - 1] if index > 0 else None
    after = mappings[index + 1] if index + 1 < len(mappings) else None
    if (before and before["perms"] == "---p" and not before["name"] and before["end"] == mapping["start"]
            and before["end"] - before["start"] == 4096):
        return "thread stacks"
    if after and after["perms"] == "---p" and not after["name"] and after["start"] == mapping["end"]:
        return "malloc arenas (other than the main heap)"
    return "other anonymous memory"


def group_of(mappings, index):
    mapping = mappings[index]
    name = mapping["name"]
    if name == "[heap]":
        return "main heap ([heap])"
    if name == "[stack]":
        return "main thread's stack"
    if name.startswith("["):
        return name
    if name:
        return name.rsplit("/", 1)[-1]
    return anonymous_kind(mappings, index)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: rss_by_mapping.py PID")
    mappings = read_mappings(sys.argv[1])
    totals = {}
    for index, mapping in enumerate(mappings):
        row = totals.setdefault(group_of(mappings, index), [0, 0, 0])
        row[0] += mapping["Rss"]
        row[1] += mapping["Private_Dirty"]
        row[2] += mapping["Pss"]
    mb = lambda kb: f"{kb / 1024:.2f} MB"
    print(f"| {'mapping':<42} | {'RSS':>9} | {'private':>9} | {'PSS':>9} |")
    print(f"|{'-' * 44}|{'-' * 11}|{'-' * 11}|{'-' * 11}|")
    for name, (rss, private, pss) in sorted(totals.items(), key=lambda item: -item[1][0]):
        if rss:
            print(f"| {name:<42} | {mb(rss):>9} | {mb(private):>9} | {mb(pss):>9} |")
    rss, private, pss = (sum(row[i] for row in totals.values()) for i in range(3))
    print(f"| {'total':<42} | {mb(rss):>9} | {mb(private):>9} | {mb(pss):>9} |")


if __name__ == "__main__":
    main()
