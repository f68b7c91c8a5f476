"""The launcher's websocket origin rule, as a table: only Poise's exact origin may connect."""

from __future__ import annotations

import pytest
from streamlit import config, net_util

import serve

PORT = 8501
RULES = [  # (why, Origin, Host, allowed)
    ("Poise's own origin", "http://localhost:8501", "localhost:8501", True),
    ("the same by address", "http://127.0.0.1:8501", "127.0.0.1:8501", True),
    ("another port on localhost", "http://localhost:9999", "localhost:8501", False),
    ("0.0.0.0 on Poise's port", "http://0.0.0.0:8501", "localhost:8501", False),
    ("a page elsewhere", "https://evil.example", "localhost:8501", False),
    ("https on Poise's port", "https://localhost:8501", "localhost:8501", False),
    ("a foreign Host, same origin (DNS rebinding)", "http://evil.example:8501", "evil.example:8501", False),
    ("origin and Host on another port", "http://localhost:9999", "localhost:9999", False),
    ("origin by address, Host by name", "http://127.0.0.1:8501", "localhost:8501", False),
    ("no Origin header", None, "localhost:8501", False),
    ("no Host header", "http://localhost:8501", None, False),
]


@pytest.fixture
def on_port():
    before = config.get_option("server.port")
    config.set_option("server.port", PORT)
    yield
    config.set_option("server.port", before)


@pytest.mark.parametrize(("origin", "host", "allowed"), [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_only_the_exact_origin_poise_is_served_on_may_open_the_websocket(on_port, origin, host, allowed):
    assert serve.origin_allowed(origin, host) is allowed


def test_the_launcher_answers_address_questions_without_the_network(monkeypatch):
    monkeypatch.setattr(net_util, "get_external_ip", net_util.get_external_ip)
    monkeypatch.setattr(net_util, "get_internal_ip", net_util.get_internal_ip)
    from streamlit.web.server.starlette import starlette_websocket

    monkeypatch.setattr(starlette_websocket, "_is_origin_allowed", starlette_websocket._is_origin_allowed)
    serve.install()
    assert net_util.get_external_ip() is None
    assert net_util.get_internal_ip() == "127.0.0.1"
    assert starlette_websocket._is_origin_allowed is serve.origin_allowed
