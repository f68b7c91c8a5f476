"""Nothing leaves the machine and nothing else gets in, checked on the running server (issue 17: 13-15).

- The server runs under a Python audit hook (tests/e2e/audited.py) while Chromium visits every page
  and foreign origins knock on the websocket: not one name lookup, connect, send or bind off loopback.
- Only Poise's exact origin (http://localhost:PORT) may open the websocket; another port on
  localhost, 0.0.0.0, a foreign Host or no Origin at all gets HTTP 403 and no data.
- The OS sees Poise listening on 127.0.0.1 only (/proc/net/tcp and tcp6).
- Text a person stored (notes, ritual cues, activity names) never becomes an element of the page.
- An error drawn in the browser carries no link off the machine and not the error's text.
"""

from __future__ import annotations

import base64
import os
import socket
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest

from lib import store
from tests.e2e.browser import ROOT, URLS, open_page, serve

pytestmark = pytest.mark.e2e

HOSTILE = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>window.__pwned = 1</script>"


def websocket_handshake(port: int, origin: str | None, host: str | None = None) -> bytes:
    """Ask the server to open Streamlit's websocket with these headers; return every byte it answers."""
    key = base64.b64encode(os.urandom(16)).decode()
    headers = [
        "GET /_stcore/stream HTTP/1.1",
        f"Host: {host or f'localhost:{port}'}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Protocol: streamlit",
        *([f"Origin: {origin}"] if origin else []),
    ]
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())
        s.settimeout(2)
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
    return answer


def foreign_requests(port: int) -> dict[str, tuple[str | None, str | None]]:
    return {
        "another port on localhost": ("http://localhost:9999", None),
        "0.0.0.0 on Poise's port": (f"http://0.0.0.0:{port}", None),
        "a web page elsewhere": ("https://evil.example", None),
        "a foreign Host (DNS rebinding)": (f"http://evil.example:{port}", f"evil.example:{port}"),
        "127.0.0.1 with a localhost Host": (f"http://127.0.0.1:{port}", None),
        "no Origin at all": (None, None),
    }


def _hostile_file(path: Path) -> Path:
    con = store.open_database(path)
    try:
        today = date.today()
        store.save_checkin(
            con,
            day=today,
            pain_now=3,
            stiffness=2,
            sleep_hours=7.5,
            sleep_quality=7,
            stress=3,
            sitting_hours=6,
            notes=f"{HOSTILE} {SCRIPT} my private note",
            today=today,
        )
        store.save_ritual(con, cue=HOSTILE, movement=SCRIPT, minutes=3, today=today)
        store.add_psfs_activity(con, "<b>Gardening</b>", day=today)
    finally:
        con.close()
    return path


def _port(url: str) -> int:
    return urlparse(url).port  # type: ignore[return-value]


def _on_loopback(url: str, port: int) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or (
        parsed.hostname in ("localhost", "127.0.0.1") and parsed.port == port
    )


def test_nothing_leaves_the_machine_while_every_page_is_visited_and_foreign_origins_knock(page, tmp_path):
    audit = tmp_path / "off-loopback.txt"
    audit.touch()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    with serve(_hostile_file(tmp_path / "poise.duckdb"), tmp_path / "streamlit.log", audit_log=audit) as url:
        port = _port(url)
        for title in URLS:
            open_page(page, url, title)
        for origin, host in foreign_requests(port).values():
            websocket_handshake(port, origin, host)
        open_page(page, url, "Today")  # and the app still works after the knocking
        time.sleep(1)
    assert audit.read_text() == "", f"the server looked up or connected off the machine:\n{audit.read_text()}"
    assert requested and all(_on_loopback(u, port) for u in requested), [
        u for u in requested if not _on_loopback(u, port)
    ]


def test_the_audit_hook_does_see_a_lookup_off_the_machine(tmp_path):
    """The proof above could pass by seeing nothing: this runs the hook over one real lookup attempt."""
    import subprocess
    import sys

    audit = tmp_path / "off-loopback.txt"
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import socket\ntry:\n    socket.getaddrinfo('checkip.amazonaws.com', 80)\nexcept OSError:\n    pass\n"
    )
    subprocess.run(
        [sys.executable, str(ROOT / "tests" / "e2e" / "audited.py"), str(probe)],
        check=True,
        env={**os.environ, "POISE_AUDIT_LOG": str(audit)},
        timeout=30,
    )
    assert "checkip.amazonaws.com" in audit.read_text()


def test_only_poises_own_origin_may_open_the_websocket(tmp_path):
    with serve(_hostile_file(tmp_path / "poise.duckdb"), tmp_path / "streamlit.log") as url:
        port = _port(url)
        own = websocket_handshake(port, url)
        assert own.startswith(b"HTTP/1.1 101"), own[:200]
        for what, (origin, host) in foreign_requests(port).items():
            answer = websocket_handshake(port, origin, host)
            assert answer.startswith(b"HTTP/1.1 403"), (what, answer[:200])
            assert b"101" not in answer.split(b"\r\n")[0] and b"private note" not in answer, what


def _listening(port: int) -> list[str]:
    """Return the local addresses the OS lists as LISTENing on `port` (IPv4 and IPv6), as hex."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def test_the_os_sees_poise_listening_on_loopback_only(tmp_path):
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp on this system")
    loopback = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1 as /proc writes them
    with serve(tmp_path / "poise.duckdb", tmp_path / "streamlit.log") as url:
        addresses = _listening(_port(url))
    assert addresses and set(addresses) <= loopback, addresses


def test_stored_text_is_shown_as_text_and_never_becomes_an_element(page, tmp_path):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(_hostile_file(tmp_path / "poise.duckdb"), tmp_path / "streamlit.log") as url:
        for title in URLS:
            open_page(page, url, title)
            assert page.locator("img[src='x']").count() == 0, title
            assert page.locator("b", has_text="Gardening").count() == 0, title
            assert page.evaluate("window.__pwned") is None, title
        open_page(page, url, "Today")
        ritual = page.locator("[data-testid='stMain'] label", has_text="onerror")
        ritual.first.wait_for()  # the rituals come last on Today: on a slow machine, after the heading
        assert ritual.all_inner_texts() == [f"{HOSTILE} → {SCRIPT}"]  # the ritual's checkbox, shown as typed
    assert dialogs == []


def test_an_error_in_the_browser_shows_no_link_off_the_machine_and_not_its_text(page, tmp_path):
    script = tmp_path / "raises.py"
    script.write_text("import streamlit as st\nst.title('Raises')\nraise ValueError('secret diary text 4711')\n")
    with serve(tmp_path / "poise.duckdb", tmp_path / "streamlit.log", script=script) as url:
        page.goto(url)
        page.locator("[data-testid='stException']").wait_for()
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        assert all(_on_loopback(h, _port(url)) for h in links), links
        assert "secret diary text" not in page.content()
