"""Serve Poise: `streamlit run app.py` with two of Streamlit's network habits taken away.

    python serve.py [script.py] [streamlit options, e.g. --server.port 8502]

`make run`, `make demo` and the browser tests all start Poise through this file, so what they
test is what you run. `.streamlit/config.toml` does the rest (loopback only, no usage
statistics, no error details). What configuration alone cannot do in Streamlit 1.67:

1. **No lookups off the machine.** When a websocket arrives from an origin Streamlit does not
   know, its origin check (`server_util.is_url_from_allowed_origins`) asks for the machine's
   network address (a UDP connect towards 8.8.8.8) and its external IP (an HTTP request to
   checkip.amazonaws.com, with a DNS query), on every attempt: any web page open in the browser
   could make Poise's server do that. Here both answers are fixed: no external IP, and the
   internal address is 127.0.0.1.
2. **Only Poise's own origin may open the websocket.** Streamlit accepts any Origin whose host
   name is localhost, 0.0.0.0 or 127.0.0.1, whatever the port, so a page served by another
   program on this machine (http://localhost:9999) could read the diary. `origin_allowed`
   replaces that check: the Host must be one `server.allowedHosts` names, on the port Poise
   serves, and the Origin exactly that same http://host:port. Anything else gets HTTP 403
   before the connection opens, and no data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit import config, net_util
from streamlit.web import cli
from streamlit.web.server.starlette import starlette_websocket

ROOT = Path(__file__).resolve().parent
APP = ROOT / "app.py"


def own_origins() -> set[str]:
    """Return the exact origins Poise is served on: http://localhost:PORT and http://127.0.0.1:PORT."""
    port = config.get_option("server.port")
    return {f"http://{host}:{port}" for host in ("localhost", "127.0.0.1")}


def origin_allowed(origin: str | None, host: str | None) -> bool:
    """Return whether a websocket with this Origin and Host header may connect. Pure; never looks anything up."""
    if origin is None or host is None or not starlette_websocket.is_host_allowed(host):
        return False
    return origin == f"http://{host}" and origin in own_origins()


def install() -> None:
    """Put Poise's origin check and the offline address answers into Streamlit (this process only)."""
    net_util.get_external_ip = lambda: None
    net_util.get_internal_ip = lambda: "127.0.0.1"
    starlette_websocket._is_origin_allowed = origin_allowed


def main(argv: list[str]) -> None:
    """Run Streamlit on `argv`: an optional script (default app.py), then streamlit run's options."""
    script = str(APP)
    if argv and not argv[0].startswith("-"):
        script, argv = argv[0], argv[1:]
    install()
    cli.main(args=["run", script, *argv], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
