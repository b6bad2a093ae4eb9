"""Process exit codes of the scriptable commands (documented in README)."""

OK = 0
FAILURE = 1  # unexpected internal error
USAGE = 2  # bad flags or input values (argparse uses 2 as well)
AUTH = 3  # authentication failed: 401/403, missing or rejected credentials
API = 4  # the API answered with an error (4xx/5xx other than auth)
NETWORK = 5  # DNS, connect, TLS, timeout, connection cut
BAD_RESULT = 6  # the result file is not a usable ZIP, or a local file problem
INTERRUPTED = 130
