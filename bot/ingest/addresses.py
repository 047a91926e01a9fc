"""Which IP addresses the fetcher may connect to, including IPv4 hidden inside IPv6 forms.

An IPv6 address can carry an IPv4 address that a gateway or relay forwards to: NAT64
(``64:ff9b::/96`` and the local-use ``64:ff9b:1::/48``), 6to4 (``2002::/16``), Teredo
(``2001::/32``, client address inverted), IPv4-mapped (``::ffff:a.b.c.d``), IPv4-translated
(``::ffff:0:a.b.c.d``) and the deprecated IPv4-compatible form (``::a.b.c.d``). Each embedded
address is judged like a plain IPv4 address, so ``[64:ff9b::a00:1]`` is refused as 10.0.0.1
would be. Cloud metadata addresses are refused whatever the settings allow.

Python's ``is_global`` differs between patch releases and calls several of these IPv6 forms
global, so the special-purpose ranges (IANA registries) are also listed here explicitly.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# AWS, GCP, Azure, Oracle and others serve instance credentials here; never fetched.
METADATA = frozenset(
    {ipaddress.IPv4Address("169.254.169.254"), ipaddress.IPv6Address("fd00:ec2::254")}
)
_NOT_PUBLIC_V4 = tuple(
    ipaddress.IPv4Network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)
_NOT_PUBLIC_V6 = tuple(
    ipaddress.IPv6Network(n)
    for n in (
        "::/96",
        "::ffff:0:0/96",
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "3fff::/20",
        "5f00::/16",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
_SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")
_TEREDO = ipaddress.IPv6Network("2001::/32")
_MAPPED = ipaddress.IPv6Network("::ffff:0:0/96")
_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")
_COMPATIBLE = ipaddress.IPv6Network("::/96")
# RFC 6052: where the IPv4 bits sit for each NAT64 prefix length a /48 can hold (bits 64-71
# are the reserved "u" octet). Each entry is (first bit, bit count) pairs.
_NAT64_LAYOUTS = (((48, 16), (72, 16)), ((56, 8), (72, 24)), ((72, 32),), ((96, 32),))
_THIS_NETWORK = ipaddress.IPv4Network("0.0.0.0/8")
_SETTING_HINT = "set BRIEFBOT_FETCH_ALLOW_PRIVATE=true to allow"


@dataclass(frozen=True, slots=True)
class Embedded:
    """An IPv4 address carried inside an IPv6 address, and the name of the form."""

    address: ipaddress.IPv4Address
    form: str


def _bits(value: int, first: int, count: int) -> int:
    return (value >> (128 - first - count)) & ((1 << count) - 1)


def _nat64_local(value: int) -> list[int]:
    found = []
    for layout in _NAT64_LAYOUTS:
        v4 = 0
        for first, count in layout:
            v4 = (v4 << count) | _bits(value, first, count)
        found.append(v4)
    return found


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[Embedded]:
    """Return the IPv4 addresses an IPv6 address carries (none for an ordinary address)."""
    value = int(address)
    low = ipaddress.IPv4Address(value & 0xFFFFFFFF)
    if address in _MAPPED:
        return [Embedded(low, "IPv4-mapped")]
    if address in _TRANSLATED:
        return [Embedded(low, "IPv4-translated")]
    if address in _COMPATIBLE:
        return [Embedded(low, "IPv4-compatible")]
    if address in _NAT64:
        return [Embedded(low, "NAT64")]
    if address in _NAT64_LOCAL:
        # The prefix length is the operator's choice: every possible layout must be safe.
        return [Embedded(ipaddress.IPv4Address(v), "NAT64") for v in _nat64_local(value)]
    if address in _SIX_TO_FOUR:
        return [Embedded(ipaddress.IPv4Address(_bits(value, 16, 32)), "6to4")]
    if address in _TEREDO:
        server = ipaddress.IPv4Address(_bits(value, 32, 32))
        client = ipaddress.IPv4Address(~value & 0xFFFFFFFF)
        return [Embedded(server, "Teredo server"), Embedded(client, "Teredo client")]
    return []


def is_public(address: IpAddress) -> bool:
    """Return whether an address is globally reachable (no private or special-purpose range)."""
    if address.is_multicast or not address.is_global:
        return False
    ranges: Iterable[IpNetwork] = (
        _NOT_PUBLIC_V4 if isinstance(address, ipaddress.IPv4Address) else _NOT_PUBLIC_V6
    )
    return not any(address in net for net in ranges)


def parse_ip_literal(host: str) -> IpAddress | None:
    """Return the address a URL host spells, or None for a host name.

    Besides the usual forms this reads what ``inet_aton`` (and so the system resolver) reads:
    ``2130706433``, ``0177.0.0.1``, ``0x7f.1`` and ``127.1`` are all 127.0.0.1.
    """
    text = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    parts = text.removesuffix(".").split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers = []
    for part in parts:
        number = _inet_aton_part(part)
        if number is None:
            return None
        numbers.append(number)
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 1 << (8 * (4 - len(leading))):
        return None
    value = 0
    for n in leading:
        value = value << 8 | n
    return ipaddress.IPv4Address(value << (8 * (4 - len(leading))) | last)


def _inet_aton_part(part: str) -> int | None:
    lowered = part.lower()
    try:
        if lowered.startswith("0x"):
            return int(lowered[2:] or "0", 16)
        if len(lowered) > 1 and lowered.startswith("0"):
            return int(lowered[1:], 8)
        return int(lowered, 10) if lowered.isdigit() else None
    except ValueError:
        return None


class AddressRefused(OSError):
    """A host resolved to (or spelt) an address the policy does not allow."""


class AddressPolicy:
    """Decides which IP addresses may be fetched: public ones, plus explicitly allowed ones."""

    def __init__(self, *, allow_private: bool = False, allow_networks: Iterable[str] = ()) -> None:
        self.allow_private = allow_private
        self.networks: list[IpNetwork] = [
            ipaddress.ip_network(n.strip(), strict=False) for n in allow_networks if n.strip()
        ]

    def allows(self, address: IpAddress) -> bool:
        """Return whether the address may be connected to."""
        return self.refusal(address) is None

    def refusal(self, address: IpAddress) -> str | None:
        """Return why the address is refused (a phrase after "is"), or None if it is allowed."""
        carried = embedded_ipv4(address) if isinstance(address, ipaddress.IPv6Address) else []
        if address in METADATA or any(e.address in METADATA for e in carried):
            return "a cloud metadata address (never fetched, whatever the settings)"
        if address.is_unspecified or address.is_multicast:
            return "an unspecified or multicast address"
        if self._listed(address):
            return None
        if not carried:
            if self.allow_private or is_public(address):
                return None
            return f"a private, loopback or link-local address ({_SETTING_HINT})"
        refused = [inner for inner in carried if not self._inner_allowed(inner.address)]
        if not refused:
            return None
        # A local-use NAT64 address is read in every layout; name the one that looks meant.
        shown = next((e for e in refused if e.address not in _THIS_NETWORK), refused[0])
        return (
            f"a {shown.form} address of {shown.address}, a private, loopback or"
            f" link-local address ({_SETTING_HINT})"
        )

    def _inner_allowed(self, address: ipaddress.IPv4Address) -> bool:
        if address.is_unspecified or address.is_multicast:
            return False
        return self._listed(address) or self.allow_private or is_public(address)

    def _listed(self, address: IpAddress) -> bool:
        return any(address in net for net in self.networks)

    def check(self, host: str, address: str) -> None:
        """Raise AddressRefused when ``host`` spelt or resolved to an address not allowed."""
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
        reason = self.refusal(parsed)
        if reason is not None:
            raise AddressRefused(f"refusing to fetch from {host}: {address} is {reason}")
