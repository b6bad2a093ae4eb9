"""HTTP side of drs-tui: authentication, the DRS/IAM client and its errors.

What a connection is made of (settings, endpoints, input checks) is in
`drs_tui.connection`. Nothing here imports Textual.
"""
