"""A compact set of 16-byte digests, each with a number: about 24 bytes a key instead of about 125.

A run keeps a few keys per input article until its input is read (duplicate ids and texts, the
incremental run's article keys). As ``bytes`` in Python dicts and sets they took 37 MiB at 100k articles,
and the allocator kept most of it after they were freed, under the event merge's peak. Here the keys
live in one sorted NumPy array; the newest few are a small dict, merged into the array as it grows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

KEY_BYTES = 16
MIN_RECENT = 2048  # keys held in the dict before they are merged into the array (or an eighth of it)


class DigestSet:
    """16-byte keys, each with an int (e.g. the input line it came from); `in`, lookup, add, sorted iteration."""

    def __init__(self, keys: Iterable[bytes] = ()):
        self._keys = np.empty(0, f"S{KEY_BYTES}")  # NumPy ignores trailing NUL bytes; every key has 16 bytes
        self._values = np.empty(0, np.int64)
        self._recent: dict[bytes, int] = {}
        for key in keys:
            self.add(key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, bytes) and (key in self._recent or self._position(key) is not None)

    def get(self, key: bytes, default: int | None = None) -> int | None:
        """The number stored with `key` (the first one: adding a key again keeps it), or `default`."""
        at = self._position(key)
        if at is not None:
            return int(self._values[at])
        return self._recent.get(key, default)

    def add(self, key: bytes, value: int = 0) -> None:
        """Add `key` with `value`; a key already there keeps its first value (a repeat is dropped when merged)."""
        if len(key) != KEY_BYTES:
            raise ValueError(f"a digest key has {KEY_BYTES} bytes, not {len(key)}")
        self._recent.setdefault(key, value)  # no search of the array here: adding is the common case
        if len(self._recent) >= max(MIN_RECENT, len(self._keys) // 8):
            self._merge()

    def __iter__(self) -> Iterator[bytes]:
        """The keys in byte order."""
        self._merge()
        for key in self._keys.tolist():
            yield key.ljust(KEY_BYTES, b"\0")

    def __len__(self) -> int:
        self._merge()
        return len(self._keys)

    def _position(self, key: bytes) -> int | None:
        """Where `key` is in the array (None when it is not there, e.g. only in the dict)."""
        keys = self._keys
        if not len(keys) or len(key) != KEY_BYTES:
            return None
        at = int(keys.searchsorted(key))
        return at if at < len(keys) and keys[at] == key.rstrip(b"\0") else None

    def _merge(self) -> None:
        """The dict's keys into the sorted array; a key already in the array keeps its value there."""
        if not self._recent:
            return
        keys = np.concatenate([self._keys, np.array(list(self._recent), f"S{KEY_BYTES}")])
        values = np.concatenate([self._values, np.fromiter(self._recent.values(), np.int64, len(self._recent))])
        order = np.argsort(keys, kind="stable")  # the array's copy of a repeated key comes first
        keys, values = keys[order], values[order]
        first = np.ones(len(keys), bool)
        first[1:] = keys[1:] != keys[:-1]
        self._keys, self._values = keys[first], values[first]
        self._recent = {}
