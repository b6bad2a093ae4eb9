"""`drs-tui doctor`: what support asks first, in one report.

Version, config file, keyring backend (and why the others are unusable), proxy and CA
settings, terminal colours and the clock offset against a server: the --endpoint given,
else the DRS endpoint of the active profile (DRS_TUI_PROFILE, else the default profile).
Without either, nothing is contacted. No secret is ever printed; credential variables
are reported as "set" only.
"""

from __future__ import annotations

import argparse
from typing import Any

from drs_tui import exit_codes
from drs_tui.commands.output import print_json, printable
from drs_tui.i18n import _


def register(sub: Any) -> None:
    parser = sub.add_parser("doctor", help="check this machine's setup", description=__doc__)
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help="measure the clock offset against this server (default: the DRS endpoint of "
        "the active profile, when there is one)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from drs_tui.credentials.diagnostics import collect

    report = collect(args.endpoint)
    keymap = keymap_findings()
    if args.json:
        print_json({**report.to_dict(), "keymap": keymap})
        return exit_codes.OK
    config = report.config
    keyring = report.keyring
    bound = ", ".join(f"{key} = {value}" for key, value in keymap["bindings"].items())
    sections: list[tuple[str, list[tuple[str, str]]]] = [
        (
            "drs-tui",
            [
                ("Version", report.version),
                ("Python", report.python),
                ("Platform", report.platform),
            ],
        ),
        (
            "Config",
            [
                ("File", config["path"] + ("" if config["exists"] else " (not created yet)")),
                ("Mode", config.get("file_mode", "-")),
                ("Profiles", ", ".join(config.get("profiles", [])) or "none"),
                ("Default profile", config.get("default_profile") or "none"),
                ("Credential store", keyring.store),
                (_("UI state"), keymap["ui_state"]),
                (_("Keymap"), bound or _("the default keys")),
            ],
        ),
        (
            "Keyring",
            [
                ("Active backend", f"{keyring.active} ({keyring.chosen_by})"),
                ("Usable", "yes" if keyring.usable else f"no: {keyring.problem}"),
                *[
                    (
                        "  " + str(b["name"]),
                        f"priority {b['priority']:g}"
                        if b["usable"]
                        else f"unusable: {b['reason']}",
                    )
                    for b in keyring.backends
                ],
            ],
        ),
        ("Network", list(report.network.items()) or [("Proxy / CA", "none set")]),
        ("Terminal", [(_label(key), value) for key, value in report.terminal.items()]),
        (
            "Credentials in environment",
            list(report.credentials_env.items()) or [("Variables", "none set")],
        ),
    ]
    clock = report.clock
    if clock is not None:
        rows = [("Endpoint", clock.endpoint), ("Chosen by", clock.source or "-")]
        if clock.error:
            rows.append(("Result", clock.error))
        else:
            offset = clock.offset_seconds or 0.0
            rows += [
                ("Server time", clock.server_time),
                ("Offset", f"{offset:+.0f} s (server minus this machine, +-1 s)"),
            ]
        sections.append(("Clock", rows))
    for title, rows in sections:
        print(title)
        width = max((len(label) for label, _ in rows), default=0) + 1
        for label, value in rows:
            print(f"  {label + ':':<{width}} {printable(value)}")  # the server's Date header
        print()
    warnings = [*report.warnings, *keymap["problems"]]
    if warnings:
        print("Warnings")
        for warning in warnings:
            lines = warning.splitlines()
            print(f"  - {lines[0]}")
            for line in lines[1:]:
                print(f"    {line}")
    else:
        print("No problems found.")
    return exit_codes.OK


def keymap_findings() -> dict[str, Any]:
    """The `[keymap]` of config.toml and its problems, as the app reports them at start
    (checking it loads the app's screens, so only when there is one), and where the
    app's state file is."""
    from drs_tui.credentials.config_location import configured_keymap, state_dir

    setting = configured_keymap()
    problems = [_("Keymap: {problem}").format(problem=p) for p in setting.problems]
    if setting.keys:
        from drs_tui.ui.keymap import check_keymap

        checked = check_keymap(setting.keys).problems
        problems += [_("Keymap: {problem}").format(problem=p) for p in checked]
    ui_state = str(state_dir() / "ui-state.json")  # i18n: keep
    return {"bindings": setting.keys, "problems": problems, "ui_state": ui_state}


def _label(key: str) -> str:
    """Environment variable names stay as they are; our own keys read as words."""
    if key.startswith("tmux_"):  # tmux's own option names
        return "tmux " + key.removeprefix("tmux_").replace("_", "-")
    return key if key.isupper() else key.replace("_", " ").capitalize().replace("Ssh", "SSH")
