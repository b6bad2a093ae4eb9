"""drs-tui: fetch and inspect Huawei Cloud DRS object-import-template results."""

__version__ = "0.1.0"
