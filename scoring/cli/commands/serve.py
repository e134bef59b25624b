"""``jixiao serve``: the local web page for department clerks and evaluators."""

from __future__ import annotations

import argparse
import secrets
import sys
import threading
import webbrowser
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(subparsers: Any) -> None:
    """Add the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="start the local web page: upload a 自评表, see the scores, download the results",
        description="Serve the 评分, 模板, 检查 and 方案 pages on this computer. Uploads are "
        "limited to 50 MB (.xlsx, .xls, .csv, .zip of an evaluation folder, .txt for the "
        "template), never executed, and kept in a temporary folder removed once downloaded "
        "or after an hour. Bound to 127.0.0.1 by default; on any other address an access "
        "token is printed and required.",
    )
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default: {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (default: {DEFAULT_PORT})")
    parser.add_argument("--open", action="store_true", help="open the page in the browser")
    parser.set_defaults(handler=run)


def page_address(host: str, port: int, token: str | None) -> str:
    """The address to open: with the token as a query parameter when one is needed."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    shown = "127.0.0.1" if shown in ("0.0.0.0", "[::]") else shown
    return f"http://{shown}:{port}/score" + (f"?token={token}" if token else "")


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; 2 when the port is not usable."""
    import uvicorn

    from scoring.web import LOOPBACK_HOSTS, create_app

    if not 0 < args.port < 65536:
        print(f"jixiao serve: --port must be 1–65535, got {args.port}", file=sys.stderr)
        return 2
    token = None if args.host in LOOPBACK_HOSTS else secrets.token_urlsafe(24)
    app = create_app(token=token, host=args.host)
    address = page_address(args.host, args.port, token)
    print(f"jixiao serve: {address}", flush=True)
    if token:
        print(f"jixiao serve: bound to {args.host}; the page needs the access token {token}",
              flush=True)
    if args.open:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning",
                            server_header=False)
    server = uvicorn.Server(config)
    try:
        server.run()
    except (OSError, SystemExit):
        print(f"jixiao serve: cannot serve on {args.host}:{args.port} (is the port in use?)",
              file=sys.stderr)
        return 2
    return 0
