"""`drs-tui demo-server`: run the loopback IAM + DRS simulator in the foreground."""

from __future__ import annotations

import argparse
from typing import Any

from drs_tui import exit_codes
from drs_tui.errors import UsageError
from drs_tui.i18n import _


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "demo-server",
        help=_("run the IAM + DRS simulator on 127.0.0.1"),
        description=_(
            "`drs-tui demo-server`: run the loopback IAM + DRS simulator in the foreground."
        ),
    )
    parser.add_argument("--port", type=_port, default=0, help=_("port (default: a free one)"))
    parser.add_argument("--latency", type=float, default=0.0, help=_("seconds before each answer"))
    parser.add_argument("--throttle", type=int, default=0, help=_("answer the next N with 429"))
    parser.add_argument("--bad-gateway", type=int, default=0, help=_("answer the next N with 502"))
    parser.add_argument(
        "--big-result",
        type=int,
        default=0,
        metavar="BYTES",
        help=_("serve every result as a stored ZIP of about this size"),
    )
    parser.add_argument("--quiet", action="store_true", help=_("do not print each request"))
    parser.set_defaults(handler=run)


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(_("{value} is not a port (0-65535)").format(value=value))
    return value


def run(args: argparse.Namespace) -> int:
    from drs_tui.simulator import Simulator
    from drs_tui.simulator.accounts import DEMO
    from drs_tui.simulator.server import SeenRequest

    def log(seen: SeenRequest) -> None:
        print(f"{seen.status} {seen.method} {seen.path}  request-id={seen.request_id}", flush=True)

    try:
        sim = Simulator(port=args.port, log=None if args.quiet else log)
    except OSError as exc:
        raise UsageError(
            _("Cannot listen on 127.0.0.1:{port}: {reason}.").format(
                port=args.port, reason=exc.strerror or exc
            ),
            hint=_("Pick another --port, or leave it out to get a free one."),
        ) from None
    sim.faults.latency = args.latency
    sim.faults.throttle = args.throttle
    sim.faults.bad_gateway = args.bad_gateway
    sim.faults.big_result = args.big_result
    print(_("DRS simulator on {url} (IAM and DRS paths alike)").format(url=sim.base_url))
    print(
        _("  region {region}, project {project}").format(
            region=DEMO.region, project=DEMO.project_id
        )
    )
    print(_("  token:    {token}").format(token=DEMO.token))
    print(
        _("  password: domain {domain}, user {user}, password {password}").format(
            domain=DEMO.domain_name, user=DEMO.user_name, password=DEMO.password
        )
    )
    print(f"  AK/SK:    {DEMO.access_key} / {DEMO.secret_key}")  # i18n: keep
    print(
        _(
            "Try: drs-tui jobs --endpoint {url} --iam-endpoint {url} --region {region}  "
            "(with HUAWEICLOUD_SDK_AK/SK set to the demo pair)"
        ).format(url=sim.base_url, region=DEMO.region)
    )
    print(_("Ctrl-C stops it."), flush=True)
    try:
        sim.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop_serving()
    return exit_codes.OK
