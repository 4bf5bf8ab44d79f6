"""The default cache is shared by the worker processes: what one forgets, none still serves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from phuongso.core.cache import SharedDiskCache

PARAMS = {"SHARDS": 2, "OPTIONS": {"size_limit": 2**24}}


def _in_another_process(folder: Path, statement: str) -> str:
    script = (
        "from phuongso.core.cache import SharedDiskCache\n"
        f"cache = SharedDiskCache({str(folder)!r}, {PARAMS!r})\n"
        f"print({statement})\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_value_set_by_one_worker_is_read_and_forgotten_by_another(tmp_path) -> None:
    ours = SharedDiskCache(str(tmp_path), PARAMS)
    _in_another_process(tmp_path, "cache.set('accounts:user:7', {'roles': ['leader']}, 300)")
    assert ours.get("accounts:user:7") == {"roles": ["leader"]}
    ours.close()  # as Django does when a request ends
    _in_another_process(tmp_path, "cache.delete('accounts:user:7')")  # a role revoked there
    assert ours.get("accounts:user:7") is None
    ours.set("pages:abc", "<html>", 60)
    assert _in_another_process(tmp_path, "cache.get('pages:abc')") == "<html>"
