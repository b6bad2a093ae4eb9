"""Download throughput and memory: drs-tui's client vs curl, same body, same server.

    python bench/bench_download.py [--size-mb 200] [--rounds 3]

The simulator runs in its own process (`drs-tui demo-server --big-result`), serving a
stored ZIP of the given size. curl and the client take turns against it; each round's
best time counts. The client's time includes its fsync and ZIP check, which curl skips.
Target (issue 2): client throughput >= 0.7x curl; client RSS growth < 30 MB.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLIENT = r"""
import asyncio, json, resource, sys, time
from pathlib import Path
from drs_tui.api.client import DrsClient
from drs_tui.api.models import TemplateResultRequest
from drs_tui.simulator.demo import demo_settings
from drs_tui.simulator.jobs import ORACLE_JOB

async def main(url, dest):
    async with DrsClient(demo_settings(url)) as client:
        await client.list_jobs(limit=1)  # warm up: connection, project id, imports
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        result = await client.download_template_result(
            TemplateResultRequest(ORACLE_JOB), Path(dest), overwrite=True
        )
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "bytes": result.size, "rss_growth_kb": after - before}))

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def start_server(size: int) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "drs_tui", "demo-server", "--quiet", "--big-result", str(size)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+", line)
    if not match:
        proc.kill()
        raise SystemExit(f"simulator did not start: {line!r}")
    return proc, match.group(0)


def run_curl(url: str, dest: Path) -> float:
    from drs_tui.simulator.accounts import DEMO
    from drs_tui.simulator.jobs import ORACLE_JOB

    target = f"{url}/v5/{DEMO.project_id}/jobs/{ORACLE_JOB}/db-object/template/result?type=detail"
    start = time.perf_counter()
    subprocess.run(
        ["curl", "-sS", "-f", "-o", str(dest), "-H", f"X-Auth-Token: {DEMO.token}", target],
        check=True,
    )
    return time.perf_counter() - start


def run_client(url: str, dest: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CLIENT, url, str(dest)], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    size = args.size_mb * 1024 * 1024
    server, url = start_server(size)
    curl_times: list[float] = []
    client_runs: list[dict[str, float]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(args.rounds):
                curl_times.append(run_curl(url, Path(tmp) / "curl.zip"))
                client_runs.append(run_client(url, Path(tmp) / "client.zip"))
    finally:
        server.terminate()
        server.wait()
    best_curl = min(curl_times)
    best_client = min(r["seconds"] for r in client_runs)
    mb = size / 1024 / 1024
    growth = max(r["rss_growth_kb"] for r in client_runs) / 1024
    print(f"body: {mb:.0f} MiB stored ZIP from the simulator on 127.0.0.1, {args.rounds} rounds")
    print(f"{'peer':<10}{'best s':>10}{'MiB/s':>10}")
    print(f"{'curl':<10}{best_curl:>10.3f}{mb / best_curl:>10.0f}")
    print(f"{'drs-tui':<10}{best_client:>10.3f}{mb / best_client:>10.0f}")
    ratio = best_curl / best_client
    print(f"throughput ratio drs-tui/curl: {ratio:.2f} (target >= 0.70)")
    print(f"client RSS growth during download: {growth:.1f} MB (target < 30 MB)")


if __name__ == "__main__":
    main()
