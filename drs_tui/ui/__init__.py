"""The Textual app. The only package of drs-tui that may import Textual.

Importing this package itself loads nothing heavy: `launch.launch(args)` builds the app,
`origin.ResultOrigin` describes where a result ZIP came from.
"""
