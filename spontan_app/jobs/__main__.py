"""``python -m spontan_app.jobs <name> [<name> …]`` runs jobs once (cron, CronJob);
``--list`` names them; ``--loop`` keeps running them on their intervals (a jobs-only
worker when ``SPONTAN_JOBS_IN_WORKERS=false``). Exit status 1 if a job failed."""

from __future__ import annotations

import argparse
import sys
import time

from spontan_app import jobs
from spontan_app.logs import configure_logging


def main(argv: list[str] | None = None) -> int:
    configure_logging()
    available = jobs.load()
    parser = argparse.ArgumentParser(prog="python -m spontan_app.jobs", description=__doc__)
    parser.add_argument("names", nargs="*", help="jobs to run: " + ", ".join(sorted(available)))
    parser.add_argument("--list", action="store_true", help="list the jobs and exit")
    parser.add_argument("--loop", action="store_true", help="run every job on its interval until stopped")
    args = parser.parse_args(argv)
    if args.list or (not args.names and not args.loop):
        for job in sorted(available.values(), key=lambda j: j.name):
            print(f"{job.name:24} every {job.every:>6.0f} s  {job.description}")
        return 0
    unknown = [n for n in args.names if n not in available]
    if unknown:
        parser.error(f"unknown job(s): {', '.join(unknown)}")
    if args.loop:
        while True:  # pragma: no cover - stopped by a signal
            jobs.run_due()
            time.sleep(5)
    failed = False
    for name in args.names:
        try:
            done = jobs.run(name)
        except Exception:
            failed = True
            continue
        print(f"{name}: {done}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
