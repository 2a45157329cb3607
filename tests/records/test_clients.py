"""Which client a log-in is counted against, behind trusted and untrusted proxies."""

from __future__ import annotations

import pytest

from geo.records.clients import (
    TRUSTED_PROXIES_ENV,
    ProxySettingError,
    client_address,
    parse_networks,
    trusted_proxies,
)

PROXIES = parse_networks("10.0.0.0/30, 192.168.1.9, fd00::/64")


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address("203.0.113.7", "198.51.100.1", proxies=()) == "203.0.113.7"


def test_a_browser_cannot_choose_its_client_by_sending_the_header():
    # The peer is not a trusted proxy, so what it claims to forward is not believed.
    assert client_address("203.0.113.7", "10.0.0.1, 198.51.100.1", proxies=PROXIES) == (
        "203.0.113.7"
    )


def test_behind_a_trusted_proxy_the_browser_address_is_the_client():
    assert client_address("10.0.0.2", "198.51.100.1", proxies=PROXIES) == "198.51.100.1"


def test_a_forged_left_entry_loses_to_what_the_proxy_appended():
    forged = "1.2.3.4, 198.51.100.1"  # the browser sent 1.2.3.4; the proxy appended its address
    assert client_address("10.0.0.2", forged, proxies=PROXIES) == "198.51.100.1"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    chain = "198.51.100.1, 192.168.1.9, 10.0.0.3"
    assert client_address("10.0.0.1", chain, proxies=PROXIES) == "198.51.100.1"


def test_the_network_boundary_decides_trust():
    # 10.0.0.0/30 holds 10.0.0.0 to 10.0.0.3; 10.0.0.4 is outside it, so it is the client.
    assert client_address("10.0.0.3", "10.0.0.4", proxies=PROXIES) == "10.0.0.4"
    assert client_address("10.0.0.4", "198.51.100.1", proxies=PROXIES) == "10.0.0.4"


def test_ipv6_clients_and_proxies():
    assert client_address("fd00::5", "2001:db8::1", proxies=PROXIES) == "2001:db8::1"


def test_a_malformed_hop_falls_back_to_the_proxy_itself():
    assert client_address("10.0.0.2", "<script>, 10.0.0.1", proxies=PROXIES) == "10.0.0.2"


def test_all_hops_trusted_or_no_header_give_the_peer():
    assert client_address("10.0.0.2", "10.0.0.1", proxies=PROXIES) == "10.0.0.2"
    assert client_address("10.0.0.2", None, proxies=PROXIES) == "10.0.0.2"


def test_no_usable_peer_is_unknown():
    assert client_address(None, "198.51.100.1", proxies=PROXIES) == "unknown"
    assert client_address("not an address", None, proxies=PROXIES) == "unknown"


def test_a_bad_setting_is_refused_whole(monkeypatch):
    monkeypatch.setenv(TRUSTED_PROXIES_ENV, "10.0.0.1, proxy.example")
    with pytest.raises(ProxySettingError, match="proxy.example"):
        trusted_proxies()
    monkeypatch.setenv(TRUSTED_PROXIES_ENV, "")
    assert trusted_proxies() == ()
