"""Widgets of the drs-tui app; the long lists among them render only the visible window."""
