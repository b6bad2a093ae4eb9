"""A table of labels marked for the catalog and translated each time one is read.

Module-level tables (secret names, auth methods) are built at import, before the
language is known, and read by screens long after, when it may have changed:
`TranslatedLabels({"token": N_("IAM token")})["token"]` is the label in today's language.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

from drs_tui import i18n

K = TypeVar("K")


class TranslatedLabels(Mapping[K, str]):
    def __init__(self, labels: Mapping[K, str]) -> None:
        self._labels = dict(labels)

    def __getitem__(self, key: K) -> str:
        return i18n._(self._labels[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)
