#!/usr/bin/env python3
"""Times commands in alternation: run 1 of each, then run 2 of each, ...

On a shared or virtual machine the speed drifts by tens of percent over
minutes; hyperfine times one command's runs back to back, so two builds
measured one after the other can differ by the drift alone. Alternating
puts both under the same drift. Prints the median and minimum wall time and
the median CPU time (user + system of the child) of each command.

Usage: bench/alternate.py RUNS 'CMD1' 'CMD2' ...   (each CMD run by sh)
"""
import os
import statistics
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    runs = int(sys.argv[1])
    commands = sys.argv[2:]
    results = {c: [] for c in commands}
    for c in commands:  # warm-up: page cache, database cache
        subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(runs):
        for c in commands:
            before = os.times()
            start = time.perf_counter()
            subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall = (time.perf_counter() - start) * 1000
            after = os.times()
            cpu = (after.children_user + after.children_system - before.children_user - before.children_system) * 1000
            results[c].append((wall, cpu))
    for c in commands:
        wall = [w for w, _ in results[c]]
        cpu = [u for _, u in results[c]]
        print(f"{statistics.median(wall):8.1f} ms median  {min(wall):8.1f} min  "
              f"{statistics.median(cpu):8.1f} ms CPU  | {c}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
