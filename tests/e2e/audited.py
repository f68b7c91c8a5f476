"""Run a launcher (serve.py) under a Python audit hook that records every socket target off loopback.

    POISE_AUDIT_LOG=targets.txt python tests/e2e/audited.py serve.py [its arguments]

Used only by the privacy test. The hook sees every name lookup (socket.getaddrinfo,
gethostbyname) and every connect, sendto and bind of any socket the server process opens
(requests, urllib, asyncio and uvicorn all come down to these), and writes one line per target
that is not loopback: "socket.getaddrinfo checkip.amazonaws.com". An empty file means nothing
left the machine.
"""

from __future__ import annotations

import ipaddress
import os
import runpy
import sys

LOOPBACK_NAMES = {"localhost", "localhost.", "ip6-localhost"}
EVENTS = {
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyname_ex",
    "socket.gethostbyaddr",
    "socket.connect",
    "socket.sendto",
    "socket.sendmsg",
    "socket.bind",
}

# Opened once, for the whole run: writing to an open file fires no audit event.
_log = open(os.environ["POISE_AUDIT_LOG"], "a", buffering=1)  # noqa: SIM115


def off_loopback(host: object) -> bool:
    """Return whether `host` (a name, an address or None) can be anything but this machine's loopback."""
    if host is None or host == b"" or host == "":
        return False  # getaddrinfo(None, port): the local wildcard, checked at bind
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if not isinstance(host, str):
        return False
    if host.lower() in LOOPBACK_NAMES:
        return False
    try:
        return not ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return True  # any other name needs a lookup that may leave the machine


def _hook(event: str, args: tuple) -> None:
    if event not in EVENTS:
        return
    if event == "socket.getaddrinfo" or event.startswith("socket.gethostby"):
        host = args[0]
    else:
        address = args[1] if len(args) > 1 else None
        if not isinstance(address, tuple) or not address:  # AF_UNIX paths and the like stay on the machine
            return
        host = address[0]
    if off_loopback(host):
        _log.write(f"{event} {host!r}\n")


sys.addaudithook(_hook)
launcher, sys.argv = sys.argv[1], sys.argv[1:]
runpy.run_path(launcher, run_name="__main__")
