"""The cache the worker processes of one machine share, with no cache server to run."""

from __future__ import annotations

from diskcache import DjangoCache


class SharedDiskCache(DjangoCache):
    """diskcache's Django backend (SQLite files under one folder, safe across processes), its
    connections kept open between requests.

    Django closes every cache when a request ends, which suits a network client; reopening
    these SQLite files costs about 0.3 ms a shard, more than the reads a page makes. Django's
    own FileBasedCache was replaced because each write lists the whole folder to cull it: 13 ms
    a write with 10,000 sessions and pages kept (bench/README.md).
    """

    def close(self, **kwargs: object) -> None:
        """Kept open: diskcache reopens by itself in a forked or new process."""
