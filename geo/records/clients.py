"""Which client a log-in comes from, behind a reverse proxy the deployment trusts.

Failed log-ins are counted per user name and client (:mod:`geo.records.lockout`). Behind a
reverse proxy every browser reaches the app from the proxy's address, so all visitors would
share one client and a stranger could lock an administrator out. A proxy states the browser's
address in ``X-Forwarded-For``, but any browser can send that header too, so it is believed only
when the connection comes from a proxy the deployment names (``ROUTE_ATLAS_TRUSTED_PROXIES``:
addresses or networks, comma-separated). The client is then the right-most address of the
header that is not itself a trusted proxy: each proxy appends the address it saw, so entries to
the left of that one are the browser's own claims.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Sequence

from geo.errors import CuratedDataError

TRUSTED_PROXIES_ENV = "ROUTE_ATLAS_TRUSTED_PROXIES"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ProxySettingError(CuratedDataError, ValueError):
    """``ROUTE_ATLAS_TRUSTED_PROXIES`` names something that is not an address or network."""


def parse_networks(text: str) -> tuple[Network, ...]:
    """Networks from a comma-separated list of addresses and CIDR networks (empty: none).

    Raises
    ------
    ProxySettingError
        When an entry is neither an address nor a network; the setting is refused whole, so a
        typo never trusts more (or fewer) proxies than meant without saying so.
    """
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as err:
            raise ProxySettingError(
                f"{TRUSTED_PROXIES_ENV}: {entry[:60]!r} is not an address or network"
            ) from err
    return tuple(networks)


def trusted_proxies() -> tuple[Network, ...]:
    """The proxies this deployment trusts, from ``ROUTE_ATLAS_TRUSTED_PROXIES``."""
    return parse_networks(os.environ.get(TRUSTED_PROXIES_ENV, ""))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: object, proxies: Sequence[Network]) -> bool:
    return any(address in network for network in proxies)


def client_address(
    peer: str | None, forwarded_for: str | None, *, proxies: Sequence[Network]
) -> str:
    """The address to count a log-in against.

    Parameters
    ----------
    peer
        The address the connection comes from (Streamlit's ``st.context.ip_address``).
    forwarded_for
        The request's ``X-Forwarded-For`` header, if any.
    proxies
        The trusted proxies (:func:`trusted_proxies`).

    Returns
    -------
    str
        ``peer`` unless it is a trusted proxy; then the right-most address of the header that is
        not a trusted proxy. ``"unknown"`` when there is no usable address.
    """
    address = _address(peer or "")
    if address is None:
        return "unknown"
    if not _trusted(address, proxies) or not forwarded_for:
        return str(address)
    for entry in reversed(forwarded_for.split(",")):
        hop = _address(entry)
        if hop is None:
            return str(address)  # a malformed hop: nothing left of it can be believed
        if not _trusted(hop, proxies):
            return str(hop)
    return str(address)  # every hop is a proxy: the nearest one is the client
