"""Build and run the app for `drs-tui` and `drs-tui --demo` (and `drs-tui open`).

Demo mode binds a free loopback port for the simulator, which the app starts in a thread
once its first screen is drawn, and signs in with the built-in demo profile; no keyring
or config file is touched. Normal mode resolves flags, environment and the default
profile inside the app, in a worker, so a hanging keyring never freezes the terminal.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from drs_tui import exit_codes


def flags_from(args: argparse.Namespace) -> object:
    from drs_tui.credentials.resolve import ConnectionFlags

    return ConnectionFlags(
        profile=getattr(args, "profile", None),
        region=getattr(args, "region", None),
        project_id=getattr(args, "project_id", None),
        endpoint=getattr(args, "endpoint", None),
        iam_endpoint=getattr(args, "iam_endpoint", None),
        credential_store=getattr(args, "credential_store", None),
        language=getattr(args, "lang", None),
        connect_timeout=getattr(args, "connect_timeout", None),
        read_timeout=getattr(args, "read_timeout", None),
        retry_count=getattr(args, "retry_count", None),
    )


def launch(args: argparse.Namespace) -> int:
    from drs_tui.credentials.config_location import configured_keymap
    from drs_tui.ui.app import DrsApp
    from drs_tui.ui.remembered import Remembered

    keymap = configured_keymap()  # read in the demo too: the keys are the user's
    if getattr(args, "demo", False):
        import os

        from drs_tui.connection.tunables import from_environment
        from drs_tui.credentials.resolve import ConnectionFlags
        from drs_tui.simulator.listener import DemoListener
        from drs_tui.ui.session import tune_demo

        flags = flags_from(args)
        assert isinstance(flags, ConnectionFlags)
        tune_demo((flags.tunables, "flag"), (from_environment(os.environ), "environment"))

        with DemoListener() as listener:
            app = DrsApp(demo_server=listener, remembered=Remembered(None), keymap=keymap)
            app.run()
    else:
        from drs_tui.credentials.resolve import ConnectionFlags

        flags = flags_from(args)
        assert isinstance(flags, ConnectionFlags)
        app = DrsApp(flags=flags, remembered=Remembered.in_state_dir(), keymap=keymap)
        app.run()
    return app.return_code or exit_codes.OK


def launch_viewer(path: Path) -> int:
    """`drs-tui open FILE.zip`: the result viewer alone, no credentials at all."""
    from drs_tui.credentials.config_location import configured_keymap
    from drs_tui.ui.remembered import Remembered
    from drs_tui.ui.viewer_app import ViewerApp

    app = ViewerApp(path, remembered=Remembered.in_state_dir(), keymap=configured_keymap())
    app.run()
    return app.return_code or exit_codes.OK
