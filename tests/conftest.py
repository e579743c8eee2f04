import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

# a run of more test files than this (or of a folder, as the bare ``pytest -q`` of the
# README is) is spread over the machine's CPUs by pytest-xdist; fewer run in this process
MANY_FILES = 8


def _cpus() -> int:
    """The CPUs this process may use: its affinity, capped by a cgroup v2 CPU quota."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:
        n = os.cpu_count() or 1
    try:
        with open("/sys/fs/cgroup/cpu.max") as fh:
            quota, period = fh.read().split()
        if quota != "max":
            n = min(n, max(1, int(quota) // int(period)))
    except (OSError, ValueError):
        pass
    return n


def _whole_suite(config) -> bool:
    paths = [a.split("::")[0] for a in config.args]
    return any(os.path.isdir(p) for p in paths) or len(set(paths)) > MANY_FILES


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """Spread a run of the whole suite over the CPUs, one test file per worker at a time
    (``--dist loadfile``: a file's tests share its module fixtures and run in order).
    ``-n`` on the command line (``-n 0``: one process) or ``-p no:xdist`` decides instead;
    ``$PYTEST_XDIST_AUTO_NUM_WORKERS`` sets the number of workers."""
    if not config.pluginmanager.hasplugin("xdist") or config.option.numprocesses is not None:
        return
    if hasattr(config, "workerinput") or "PYTEST_XDIST_WORKER" in os.environ:
        return  # a worker (xdist resets its -n and runs this hook again): never spawn more
    if config.getoption("usepdb", False) or config.option.collectonly:
        return
    if not _whole_suite(config):
        return
    env = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")
    workers = int(env) if env and env.isdigit() else _cpus()
    if workers < 2:
        return
    config.option.numprocesses = workers
    if config.option.dist == "no":
        config.option.dist = "loadfile"
