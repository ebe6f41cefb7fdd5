"""`briefgen serve`: a live preview that rebuilds and reloads on every save."""

from __future__ import annotations

import signal
import threading

from briefgen.commands.report import usage_error
from briefgen.options import BuildOptions, UsageError


def add_parser(commands, parents) -> None:
    parser = commands.add_parser(
        "serve",
        parents=parents,
        help="preview the site, rebuilt and reloaded on every save",
        description=__doc__,
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8000,
        help="port to listen on (default: 8000; the next free one when it is taken)",
    )
    parser.add_argument("--open", action="store_true", help="open the site in a browser")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="serve under this URL's path, as the published site will be (wins over "
        "base_url in briefgen.yaml)",
    )
    parser.add_argument("--drafts", action="store_true", help="include draft articles")
    parser.set_defaults(run=run, needs_archive=True)


def run(args) -> int:
    # Imported here so that other commands do not load watchdog and the server.
    from briefgen.serve.preview import Preview

    if not 0 <= args.port <= 65535:
        return usage_error(f"--port {args.port} is not a port number (0-65535)")
    options = BuildOptions(base_url=args.base_url, drafts=args.drafts, serving=True)
    preview = Preview(args.root, options, host=args.host, port=args.port)
    try:
        preview.start()
    except UsageError as exc:
        preview.stop()
        return usage_error(str(exc))
    except KeyboardInterrupt:
        preview.stop()
        if not preview.url:  # interrupted before serving: as any interrupted command
            raise
        # Ctrl-C once the "serving" line is out, before start() returned: a reader
        # who saw it stops the server, as later.
        preview.say("stopping")
        return 0
    except BaseException:
        preview.stop()
        raise
    try:
        # Inside the try: a Ctrl-C as soon as start() returns is a clean stop too.
        # Stopped by a service manager or `kill`: end as cleanly as on Ctrl-C.
        signal.signal(signal.SIGTERM, lambda *_: preview.stopping.set())
        if args.open:
            import webbrowser

            threading.Thread(target=webbrowser.open, args=(preview.url,), daemon=True).start()
        while not preview.stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        preview.say("stopping")
    finally:
        preview.stop()
    return 0
