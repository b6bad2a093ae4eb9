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

from drs_tui import exit_codes, i18n
from drs_tui.commands.output import cell_width, pad, print_json, printable
from drs_tui.i18n import N_, _


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "doctor",
        help=_("check this machine's setup"),
        description=_(
            "`drs-tui doctor`: what support asks first, in one report.\n\n"
            "Version, config file, keyring backend (and why the others are unusable), proxy "
            "and CA settings, terminal colours and the clock offset against a server: the "
            "--endpoint given, else the DRS endpoint of the active profile (DRS_TUI_PROFILE, "
            "else the default profile). Without either, nothing is contacted. No secret is "
            'ever printed; credential variables are reported as "set" only.'
        ),
    )
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help=_(
            "measure the clock offset against this server (default: the DRS endpoint of "
            "the active profile, when there is one)"
        ),
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
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
                (_("Version"), report.version),
                ("Python", report.python),
                (_("Platform"), report.platform),
            ],
        ),
        (
            _("Config"),
            [
                (
                    _("File"),
                    config["path"]
                    if config["exists"]
                    else _("{path} (not created yet)").format(path=config["path"]),
                ),
                (_("Mode"), config.get("file_mode", "-")),
                (_("Profiles"), ", ".join(config.get("profiles", [])) or _("none")),
                (_("Default profile"), config.get("default_profile") or _("none")),
                (_("Credential store"), keyring.store),
                (_("UI state"), keymap["ui_state"]),
                (_("Keymap"), bound or _("the default keys")),
            ],
        ),
        (
            _("Keyring"),
            [
                (_("Active backend"), f"{keyring.active} ({keyring.chosen_by})"),
                (
                    _("Usable"),
                    _("yes")
                    if keyring.usable
                    else _("no: {problem}").format(problem=keyring.problem),
                ),
                *[
                    (
                        "  " + str(b["name"]),
                        _("priority {priority:g}").format(priority=b["priority"])
                        if b["usable"]
                        else _("unusable: {reason}").format(reason=b["reason"]),
                    )
                    for b in keyring.backends
                ],
            ],
        ),
        (_("Network"), list(report.network.items()) or [(_("Proxy / CA"), _("none set"))]),
        (_("Terminal"), [(_label(key), value) for key, value in report.terminal.items()]),
        (
            _("Credentials in environment"),
            list(report.credentials_env.items()) or [(_("Variables"), _("none set"))],
        ),
    ]
    clock = report.clock
    if clock is not None:
        rows = [(_("Endpoint"), clock.endpoint), (_("Chosen by"), clock.source or "-")]
        if clock.error:
            rows.append((_("Result"), clock.error))
        else:
            offset = clock.offset_seconds or 0.0
            rows += [
                (_("Server time"), clock.server_time),
                (
                    _("Offset"),
                    _("{offset:+.0f} s (server minus this machine, +-1 s)").format(offset=offset),
                ),
            ]
        sections.append((_("Clock"), rows))
    for title, rows in sections:
        print(title)
        heads = [_("{label}:").format(label=label) for label, _value in rows]
        width = max(map(cell_width, heads), default=0)
        for head, (_unused, value) in zip(heads, rows, strict=True):
            print(f"  {pad(head, width)} {printable(value)}")  # the server's Date header
        print()
    warnings = [*report.warnings, *keymap["problems"]]
    if warnings:
        print(_("Warnings"))
        for warning in warnings:
            lines = warning.splitlines()
            print(f"  - {lines[0]}")
            for line in lines[1:]:
                print(f"    {line}")
    else:
        print(_("No problems found."))
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


_TERMINAL_LABELS = {
    "colour_depth": N_("Colour depth"),
    "ssh_session": N_("SSH session"),
    "encoding": N_("Encoding"),
}


def _label(key: str) -> str:
    """Environment variable names stay as they are; our own keys read as words."""
    if key in _TERMINAL_LABELS:
        return i18n._(_TERMINAL_LABELS[key])
    if key.startswith("tmux_"):  # tmux's own option names
        return "tmux " + key.removeprefix("tmux_").replace("_", "-")
    return key if key.isupper() else key.replace("_", " ").capitalize().replace("Ssh", "SSH")
