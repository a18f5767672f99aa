#!/usr/bin/env python3
"""Compiler launcher that measures: runs the compile and appends
"<CPU seconds (user+sys, compiler and assembler)>\t<wall seconds>\t<object>"
to the file named by $BERTH_CPU_LOG. CPU time, unlike .ninja_log's wall time,
does not depend on what else the machine is running. Usage:

  cmake ... -DCMAKE_CXX_COMPILER_LAUNCHER=$PWD/cmake/tu_cpu_time.py
  CCACHE_DISABLE=1 BERTH_CPU_LOG=$PWD/tu.log cmake --build build
  sort -rn tu.log | head -20
"""
import os
import sys
import time

args = sys.argv[1:]
output = args[args.index("-o") + 1] if "-o" in args else args[-1]
start = time.monotonic()
pid = os.fork()
if pid == 0:
    os.execvp(args[0], args)
# wait4 reports the driver's usage together with the cc1plus and as it waited for.
_, status, usage = os.wait4(pid, 0)
if "BERTH_CPU_LOG" in os.environ:
    with open(os.environ["BERTH_CPU_LOG"], "a") as log:
        log.write(f"{usage.ru_utime + usage.ru_stime:.2f}\t{time.monotonic() - start:.2f}\t{output}\n")
sys.exit(os.waitstatus_to_exitcode(status))
