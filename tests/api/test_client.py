"""What making a DrsClient changes in the process, and that importing its module does not."""

from __future__ import annotations

import json
import subprocess
import sys

CODE = """
import json, logging
import httpcore
import drs_tui.api.client as client
from drs_tui.simulator.demo import demo_settings

def state():
    filters = logging.getLogger("httpcore.http11").filters
    return [httpcore.AsyncHTTP11Connection.READ_NUM_BYTES, [type(f).__name__ for f in filters]]

print(json.dumps(state()))
client.DrsClient(demo_settings("http://127.0.0.1:9", "token"))
client.DrsClient(demo_settings("http://127.0.0.1:9", "token"))
print(json.dumps(state()))
"""


def test_the_first_client_widens_socket_reads_and_redacts_logs_not_the_import() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    before, after = (json.loads(line) for line in out)
    assert before[1] == []  # importing the module touched no logger
    assert after == [max(before[0], 256 * 1024), ["RedactCredentials"]]  # once, not twice
