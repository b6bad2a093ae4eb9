"""The result engine's figures (issue 4) in one run: listing, text pages, xlsx rows.

    python bench/bench_result.py

Runs bench_archive.py (100,000-entry listing vs `unzip -l`, first page of a 1 MiB and a
1 GiB entry vs `unzip -p | head -c`) and bench_preview.py (first text page, first 100 rows
of a 100,000 x 10 xlsx vs openpyxl and calamine), one after the other on this machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

for script in ("bench_archive.py", "bench_preview.py"):
    print(f"== {script}", flush=True)
    subprocess.run([sys.executable, str(HERE / script), *sys.argv[1:]], check=True)
    print(flush=True)
