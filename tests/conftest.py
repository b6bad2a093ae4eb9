"""Test-wide fixtures live in tests/support; every test is cut off from the machine's
own keyring, config and terminal settings (see support/isolation.py)."""

pytest_plugins = ["tests.support.isolation", "tests.support.simulator"]
