"""How many cores this process may run on."""

from __future__ import annotations

import os


def available_cores() -> int:
    """The cores this process is allowed to use: its CPU affinity (taskset, a container's cpuset),
    which os.cpu_count() ignores; threads beyond it only take turns on the same cores."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:      # no affinity outside Linux
        return os.cpu_count() or 1
