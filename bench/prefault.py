#!/usr/bin/python3
"""Touches every page of N GiB and exits (bench/run-tf.sh runs it after the sync before each timed run).

On a VM whose host takes free memory back (free page reporting), the first touch of a page the host took
back costs several ms per MiB in the kernel, whoever touches it; pages just touched and freed are handed
out again first, so the timed run that follows, `cp` and hubkit alike, gets memory the host backs already.

    bench/prefault.py GIB
"""
import sys

n = int(sys.argv[1]) << 30
b = bytearray(n)
b[::4096] = b"\1" * (n // 4096)
