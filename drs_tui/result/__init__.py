"""The result engine: list, check, preview and extract result ZIPs. No Textual here."""
