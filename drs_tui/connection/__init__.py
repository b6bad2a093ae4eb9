"""What a connection to DRS is made of: plain data and rules, no I/O.

- settings.py: `ConnectionSettings`, the credential records, `Secret` (never prints itself).
- endpoints.py: regions, DRS and IAM endpoints, the result API's enumerations.
- inputs.py: the checks every value passes before it reaches a URL, header or query.
- tunables.py: connect/read timeouts and retry count from flags, environment, profile.

Both the HTTP side (`drs_tui.api`) and the credentials layer (`drs_tui.credentials`)
build on this package; it imports nothing of drs-tui but `drs_tui.errors`.
"""
