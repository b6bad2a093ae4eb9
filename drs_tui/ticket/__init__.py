"""Something to attach to a ticket: the --debug log, the last request, replay, the report.

- state_folder.py: the user state folder (`$XDG_STATE_HOME/drs-tui`), owner-only.
- debug_flag.py, debug_log.py: `--debug` / DRS_TUI_DEBUG=1, one log file per run in `logs/`.
- last_request.py: a small, secret-free record of the last request, kept between runs.
- replay.py: the request as curl (token as `$DRS_TUI_TOKEN`) or as a `drs-tui fetch` line.
- report.py: versions, profile, endpoints, last request and doctor's findings in one text.

Headless: no Textual here; the CLI and the app both use it.
"""
