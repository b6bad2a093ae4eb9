"""The `[keymap]` of config.toml: checked against drs-tui's bindings, then applied.

posting's model: each binding has a stable id (README's key table, help's last column),
and `next-sheet = "n"` or `"ctrl+n,n"` gives it other keys. Textual applies it
(`App.set_keymap`: every binding with that id, on every screen). First, after the first
frame (the check loads every screen), the entries are checked:

- an id that no documented binding has, or a key Textual never sends: left out;
- two bindings of one screen or widget on one key: only one of them can run;
- a key that another binding takes first on some screen: the focused widget's keys come
  before its screen's, the screen's before the app's, and the app's priority keys
  (ctrl+q, tab) before all. Only what the keymap makes is reported: the defaults let a
  screen take an app key on purpose (`c` in the error view).

The app shows the problems in a notification; `drs-tui doctor` lists them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.keys import Keys, _character_to_key, _normalize_key_list
from textual.screen import ModalScreen, Screen

from drs_tui.i18n import _, ngettext
from drs_tui.safe_text import safe_line

SHOWN_AT_START = 5  # problems in the start-up notification; doctor lists them all
MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
# Keys Textual sends: its named keys, and each printable character by its key name.
_SENT = {key.value for key in Keys} | {_character_to_key(chr(c)) for c in range(32, 127)}


@dataclass(frozen=True)
class KeymapCheck:
    usable: dict[str, str] = field(default_factory=dict)  # id -> normalized keys
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Node:
    """One owner of bindings (app, screen or widget) as the keymap leaves it."""

    where: str
    keys: dict[str, list[str]]  # key -> binding ids on it, in order
    priority: frozenset[str]  # ids of priority bindings


def check_keymap(keymap: Mapping[str, str]) -> KeymapCheck:
    """Which entries of `keymap` apply, and every problem with it, in words."""
    owners = _owners()
    known = sorted({b.id for _, owner in owners for b in _bindings(owner) if b.id})
    usable: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in keymap.items():
        shown = safe_line(binding_id)
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, known, n=1)
            if close:
                message = _("{id} is not a binding id; did you mean {close}? Left out.")
                problems.append(message.format(id=shown, close=close[0]))
            else:
                message = _("{id} is not a binding id (README's key table lists them); left out.")
                problems.append(message.format(id=shown))
            continue
        normalized = _normalize_key_list(keys)
        wrong = [key for key in normalized.split(",") if not is_key(key)]
        if not keys.strip():
            problems.append(_("{id} has no key; left out.").format(id=shown))
            continue
        if wrong:
            message = _("{id} = {keys}: {key} is not a key drs-tui can receive; left out.")
            problems.append(
                message.format(id=shown, keys=safe_line(repr(keys)), key=safe_line(wrong[0]))
            )
            continue
        usable[binding_id] = normalized
    problems += _conflicts(owners, usable)
    return KeymapCheck(usable, problems)


def is_key(key: str) -> bool:
    """A key Textual can send: "n", "N", "f5", "ctrl+n", "question_mark", "alt+x"."""
    if key in _SENT:
        return True
    *modifiers, name = key.split("+")
    return bool(modifiers) and all(m in MODIFIERS for m in modifiers) and name in _SENT


def _owners() -> list[tuple[str, type[Any]]]:
    """Every owner of the README's key table: the documented ids (the app first)."""
    from drs_tui.ui.screenshots import dialog_key_owners, key_owners

    return [*key_owners(), *dialog_key_owners()]


def _bindings(owner: type[Any]) -> list[Binding]:
    """The bindings an instance of `owner` has, inherited ones included (Textual merges
    BINDINGS along the class's bases), Textual's own (without an id) too."""
    merged = owner._merge_bindings()
    seen: dict[int, Binding] = {}
    for bindings in merged.key_to_bindings.values():
        for binding in bindings:
            seen.setdefault(id(binding), binding)
    return list(seen.values())


def _node(where: str, owner: type[Any], keymap: Mapping[str, str]) -> _Node:
    keys: dict[str, list[str]] = {}
    priority: set[str] = set()
    for binding in _bindings(owner):
        # Textual's own bindings (copy on ctrl+c, a list's arrows) are named by action.
        name = binding.id or f"({binding.action})"
        own = (binding.id and keymap.get(binding.id)) or _normalize_key_list(binding.key)
        for key in own.split(","):
            ids = keys.setdefault(key, [])
            if name not in ids:
                ids.append(name)
        if binding.priority:
            priority.add(name)
    return _Node(where, keys, frozenset(priority))


def _chains(owners: list[tuple[str, type[Any]]]) -> Iterable[tuple[list[int], type[Any]]]:
    """Each place a key can be pressed: the indices in `owners` from the focused widget
    up to its screen, and the screen's class. The app (index 0) comes last in every
    chain. A widget belongs to the screen whose `where` begins its own (the entry list,
    "result viewer: entries and tables", is in "result viewer")."""
    screens = {
        where: index
        for index, (where, owner) in enumerate(owners)
        if index and issubclass(owner, Screen)
    }
    for index, (where, owner) in enumerate(owners):
        if index == 0:
            continue
        if issubclass(owner, Screen):
            yield [index], owner
            continue
        screen = screens.get(where.partition(":")[0])
        if screen is not None:
            yield [index, screen], owners[screen][1]


def _clashes(
    owners: list[tuple[str, type[Any]]], keymap: Mapping[str, str]
) -> set[tuple[str, ...]]:
    """("same", where, key, id, id) for two ids of one owner on one key, and
    ("shadow", key, winner id, winner where, loser id, loser where) for a key that one
    binding takes first on some screen."""
    nodes = [_node(where, owner, keymap) for where, owner in owners]
    app = nodes[0]
    found: set[tuple[str, ...]] = set()
    for node in nodes:
        for key, ids in node.keys.items():
            if len(ids) > 1:
                found.add(("same", node.where, key, *sorted(ids)[:2]))
    for path, screen in _chains(owners):
        # Priority bindings first, from the app down; then the rest from the focus up.
        order = [(app, True)] + [(nodes[index], False) for index in path]
        if not issubclass(screen, ModalScreen):  # a modal screen hides the app's keys
            order.append((app, False))
        taken: dict[str, tuple[str, _Node]] = {}
        for node, priority in order:
            for key, ids in node.keys.items():
                for binding_id in ids:
                    if (binding_id in node.priority) != priority:
                        continue
                    winner, owner = taken.setdefault(key, (binding_id, node))
                    if winner != binding_id and owner is not node:
                        found.add(("shadow", key, winner, owner.where, binding_id, node.where))
    return found


def _conflicts(owners: list[tuple[str, type[Any]]], keymap: Mapping[str, str]) -> list[str]:
    from drs_tui.ui.screens.help import key_words

    if not keymap:
        return []
    new = sorted(_clashes(owners, keymap) - _clashes(owners, {}))
    problems: list[str] = []
    taken_first: dict[tuple[str, str, str], list[str]] = {}
    for clash in new:
        if clash[0] == "same":
            where, key, first, second = clash[1:]
            message = _("{where}: {key} is bound to both {first} and {second}; one loses it.")
            problems.append(
                message.format(where=where, key=key_words(key), first=first, second=second)
            )
        else:
            key, winner, winner_where, loser, loser_where = clash[1:]
            winners = taken_first.setdefault((key, loser, loser_where), [])
            winners.append(_("{id} ({where})").format(id=winner, where=winner_where))
    for (key, loser, loser_where), winners in taken_first.items():
        message = _("{key} for {id} ({where}) is taken first by {others}.")
        problems.append(
            message.format(
                key=key_words(key), id=loser, where=loser_where, others=", ".join(winners)
            )
        )
    return problems


def start_keymap(app: App[Any], keymap: Mapping[str, str], problems: list[str]) -> None:
    """Apply `keymap` now, and check it once the first frame is drawn: what cannot
    apply is taken out again, and every problem (with `problems`, the config file's own)
    shown in one notification."""
    if not keymap and not problems:
        return
    app.set_keymap(keymap)

    def check() -> None:
        result = check_keymap(keymap)
        if app.is_running:  # not when the user quit at once
            app.call_from_thread(_checked, app, result, [*problems, *result.problems])

    app.call_after_refresh(
        partial(app.run_worker, check, thread=True, group="keymap", exit_on_error=False)
    )


def _checked(app: App[Any], result: KeymapCheck, problems: list[str]) -> None:
    app.set_keymap(result.usable)
    if not problems:
        return
    lines = problems[:SHOWN_AT_START]
    more = len(problems) - len(lines)
    if more:
        lines.append(
            ngettext(
                "… and {count} more: drs-tui doctor lists them all.",
                "… and {count} more: drs-tui doctor lists them all.",
                more,
            ).format(count=more)
        )
    app.notify(
        "\n".join(lines),
        title=_("Keymap in config.toml"),
        severity="warning",
        timeout=30,
        markup=False,
    )
