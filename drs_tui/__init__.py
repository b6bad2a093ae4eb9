"""drs-tui: fetch and inspect Huawei Cloud DRS object-import-template results."""

import logging

__version__ = "0.1.0"

# Library convention: our log records go nowhere unless the user configures logging, so they
# never spill onto stderr or into the terminal UI. Errors reach people as DrsTuiError texts.
logging.getLogger(__name__).addHandler(logging.NullHandler())
