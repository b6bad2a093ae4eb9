"""What the source asks the catalog for, and the user-facing literals that skip it.

    python -m tests.i18n.source_messages missing [PATH ...]   # .po stubs for new messages
    python -m tests.i18n.source_messages literals [PATH ...]  # literals not translated

A message is the literal first argument of `_()` / `N_()`, or the two of `ngettext()`.
A user-facing literal is a string (or f-string) with words in it, passed to a call that
shows text (`print`, `Static`, `notify`, a `*Error`, ...) or to a keyword that holds text
(`help=`, `hint=`, `title=`, ...), or assigned to a title; a line that says
`# i18n: keep` is left alone (protocol words, format names, key names).
"""

from __future__ import annotations

import ast
import builtins
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "drs_tui"
# The simulator speaks for the server (English, like the real API); i18n is the machinery.
NOT_SCANNED = ("simulator", "i18n")
TRANSLATE_CALLS = {"_", "N_", "gettext"}
PLURAL_CALLS = {"ngettext"}
SHOWING_CALLS = {
    "print", "Static", "Label", "Button", "notify", "Text", "update", "write", "Binding",
    "Option", "Tab", "TabPane", "Checkbox", "Switch", "RadioButton", "Rule", "Panel",
    "error", "warn", "warning", "fail", "exit", "set_status", "show_status", "say",
}  # fmt: skip
TEXT_KEYWORDS = {
    "help", "description", "epilog", "hint", "title", "sub_title", "message", "placeholder",
    "tooltip", "label", "prompt", "next_step", "detail", "summary", "border_title",
    "border_subtitle", "usage",
}  # fmt: skip
TITLE_ATTRIBUTES = {"title", "sub_title", "TITLE", "SUB_TITLE", "border_title", "tooltip"}
WORD = re.compile(r"[A-Za-z]{2,}")
KEEP = "i18n: keep"
# Python's own exceptions say what the programmer got wrong, not the user: not shown.
PROGRAMMER_ERRORS = {name for name in dir(builtins) if name.endswith("Error")}


@dataclass(frozen=True)
class Found:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.text!r}"


def source_files(paths: Iterable[Path] | None = None) -> list[Path]:
    roots = list(paths) if paths else [PACKAGE]
    files: list[Path] = []
    for root in roots:
        candidates = [root] if root.is_file() else sorted(root.rglob("*.py"))
        files += [
            path
            for path in candidates
            if not any(part in NOT_SCANNED for part in path.relative_to(PACKAGE).parts[:-1])
        ]
    return files


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def messages(paths: Iterable[Path] | None = None) -> tuple[dict[str, list[Found]], list[Found]]:
    """The catalog keys the source uses (`msgid`, or `msgid\\0plural`), and the calls whose
    argument is not a plain literal (an f-string or a variable cannot be looked up)."""
    found: dict[str, list[Found]] = {}
    wrong: list[Found] = []
    for path in source_files(paths):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            count = 1 if name in TRANSLATE_CALLS else 2 if name in PLURAL_CALLS else 0
            if not count or (name == "_" and not isinstance(node.func, ast.Name)):
                continue
            args = node.args[:count]
            if len(args) < count or not all(
                isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args
            ):
                if name in TRANSLATE_CALLS | PLURAL_CALLS and name != "gettext":
                    wrong.append(Found(path, node.lineno, ast.unparse(node)[:80]))
                continue
            key = "\0".join(str(a.value) for a in args if isinstance(a, ast.Constant))
            found.setdefault(key, []).append(Found(path, node.lineno, key))
    return found, wrong


def _is_words(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(str(part.value) for part in node.values if isinstance(part, ast.Constant))
    else:
        return None
    words = WORD.findall(text)
    if not words:
        return None
    stripped = text.strip()
    # ids, actions, keys and format names: one lower-case word without spaces
    if " " not in stripped and not stripped[:1].isupper() and not stripped.endswith((".", ":")):
        return None
    return text


def _text_arguments(node: ast.Call) -> Iterator[ast.expr]:
    name = _name(node.func)
    if name == "Binding":
        yield from node.args[2:3]
    elif name in SHOWING_CALLS or (
        name.endswith(("Error", "Warning", "Problem")) and name not in PROGRAMMER_ERRORS
    ):
        yield from node.args
    for keyword in node.keywords:
        if keyword.arg in TEXT_KEYWORDS:
            yield keyword.value


def literals(paths: Iterable[Path] | None = None) -> list[Found]:
    """User-facing literals that do not go through the catalog."""
    out: list[Found] = []
    for path in source_files(paths):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source, filename=str(path))):
            candidates: list[ast.expr] = []
            if isinstance(node, ast.Call):
                candidates = list(_text_arguments(node))
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if node.value is not None and any(
                    _name(t) in TITLE_ATTRIBUTES for t in targets if isinstance(t, ast.expr)
                ):
                    candidates = [node.value]
            for candidate in candidates:
                for value in _unwrapped(candidate):
                    text = _is_words(value)
                    if text is None:
                        continue
                    if (
                        KEEP in lines[value.lineno - 1]
                        or KEEP in lines[getattr(node, "lineno", 1) - 1]
                    ):
                        continue
                    out.append(Found(path, value.lineno, text))
    return out


def _unwrapped(node: ast.expr) -> Iterator[ast.expr]:
    """The literals of an expression that reach the screen untranslated: the branches of
    a conditional and the operands of `+` too; nothing inside a call (a translation call
    or any other function decides for itself)."""
    if isinstance(node, ast.IfExp):
        yield from _unwrapped(node.body)
        yield from _unwrapped(node.orelse)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        yield from _unwrapped(node.left)
        yield from _unwrapped(node.right)
    elif isinstance(node, ast.Constant | ast.JoinedStr):
        yield node


def _po_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def main(argv: list[str]) -> int:
    from drs_tui.i18n.catalog_build import PO_DIR, collect

    command, *rest = argv or ["missing"]
    paths = [Path(p).resolve() for p in rest] or None
    if command == "literals":
        for found in literals(paths):
            print(found)
        return 0
    used, wrong = messages(paths)
    for found in wrong:
        print(f"# not a literal: {found}", file=sys.stderr)
    known = collect(PO_DIR.glob("*.po"))
    for key, where in used.items():
        if key in known:
            continue
        first = where[0]
        print(f"#: {first.path.relative_to(ROOT)}:{first.line}")
        if "\0" in key:
            singular, plural = key.split("\0")
            print(f"msgid {_po_string(singular)}\nmsgid_plural {_po_string(plural)}")
            print('msgstr[0] ""\n')
        else:
            print(f'msgid {_po_string(key)}\nmsgstr ""\n')
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
