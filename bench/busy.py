"""A busy machine, on purpose: N busy-loop processes keep the cores loaded while a command runs, then the
command's outcome and the load it ran under are printed as figures (never asserted).

    python -m bench.busy [--procs 2] [--max-seconds 1800] -- python -m pytest -q tests/e2e/test_make_run.py

The load is bounded: each busy process stops by itself after --max-seconds (or as soon as the process that
started it is gone), and all of them are stopped when the command ends, however it ends. Exit code: the
command's.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import subprocess
import sys
import threading
import time
from multiprocessing.sharedctypes import Synchronized


def _spin(until: float, parent: int, loops: Synchronized) -> None:  # type: ignore[type-arg]
    """Burn one core until `until` (monotonic), the parent is gone or we are terminated; count the loops."""
    count = 0
    while True:
        for _ in range(200_000):
            count += 1
        with loops.get_lock():
            loops.value += 200_000
        if time.monotonic() >= until or os.getppid() != parent:
            return


class Load:
    """`procs` busy loops, each at most `max_seconds`; a context manager that stops them in every outcome."""

    def __init__(self, procs: int, max_seconds: float) -> None:
        self.procs, self.max_seconds = procs, max_seconds
        self.loops: Synchronized = mp.Value("q", 0)  # type: ignore[type-arg]
        self._workers: list[mp.Process] = []

    def __enter__(self) -> Load:
        until = time.monotonic() + self.max_seconds
        for n in range(self.procs):
            worker = mp.Process(target=_spin, args=(until, os.getpid(), self.loops), name=f"busy-{n}", daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._workers:
            if worker.is_alive():
                worker.terminate()
        for worker in self._workers:
            worker.join()

    def running(self) -> int:
        return sum(worker.is_alive() for worker in self._workers)


def _sample_load(stop: threading.Event, samples: list[float], every: float) -> None:
    while not stop.wait(every):
        samples.append(os.getloadavg()[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 2, help="busy-loop processes (default: one a core)")
    parser.add_argument("--max-seconds", type=float, default=1800.0, help="each busy process stops by itself after this")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run under load (after --)")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given (put it after --)")

    samples: list[float] = []
    stop = threading.Event()
    sampler = threading.Thread(target=_sample_load, args=(stop, samples, 5.0), daemon=True)
    print(f"busy: {args.procs} busy-loop processes (each stops itself after {args.max_seconds:.0f} s) on "
          f"{os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.2f}", flush=True)
    started = time.monotonic()
    with Load(args.procs, args.max_seconds) as load:
        sampler.start()
        try:
            code = subprocess.call(command)
        finally:
            still_busy = load.running()
            stop.set()
    took = time.monotonic() - started
    sampler.join()
    peak = max(samples, default=os.getloadavg()[0])
    mean = sum(samples) / len(samples) if samples else peak
    print(f"busy: command exit code {code} after {took:.1f} s; busy loops still running at its end: {still_busy} "
          f"of {args.procs}; 1-minute load average during it: mean {mean:.2f}, peak {peak:.2f} "
          f"({len(samples)} samples); busy-loop work: {load.loops.value / max(took, 1e-9) / 1e6:.1f} M loops/s",
          flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
