"""Profiles, secrets and the settings of a session. Never imports Textual.

- profiles.py: `Profile` and the config file (`ProfileFile`, `config_path()`).
- secret_store.py: `SecretStore`, the session-only `MemorySecretStore`,
  `open_secret_store(kind)`; keyring_store.py: the OS keyring (the only keyring user).
- resolve.py: `resolve_settings(ConnectionFlags(...))`, precedence documented there.
- catalog.py: `ProfileCatalog`, what the profile commands and the credentials screen use.
  Its `check(name, connect=...)` tests a profile through the `connect` it is given
  (`check_connection` of api/connection_check.py): this layer never imports the HTTP
  side, only the plain data of `drs_tui.connection`.
- mfa.py: one-time MFA passcodes of `mfa = true` profiles (never stored).
- prompts.py: asking at a terminal (profile secrets, a missing secret or an MFA code for
  one command); `resolve_on_terminal(flags)` is what `jobs` and `fetch` call.
- diagnostics.py: the `doctor` report.
"""
