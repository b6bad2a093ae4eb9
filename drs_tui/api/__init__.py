"""HTTP side of drs-tui: settings, authentication, the DRS/IAM client and its errors.

Nothing here imports Textual.
"""
