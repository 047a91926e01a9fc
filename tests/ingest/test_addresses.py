"""The address policy: IPv4 inside IPv6 forms, odd IPv4 spellings, metadata, and redirects."""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator

import pytest

from bot.errors import IngestError
from bot.ingest.addresses import AddressPolicy, embedded_ipv4, parse_ip_literal
from bot.ingest.fetch import Fetcher
from tests.ingest.conftest import Site

# Every IPv6 form that carries an IPv4 address, each carrying 10.0.0.1 (private).
CARRYING_PRIVATE = {
    "NAT64": "64:ff9b::a00:1",
    "NAT64 local-use /96": "64:ff9b:1::a00:1",
    "NAT64 local-use /48": "64:ff9b:1:a00:0:100::",
    "6to4": "2002:a00:1::1",
    "Teredo client": "2001:0:4136:e378:8000:63bf:f5ff:fffe",
    "IPv4-mapped": "::ffff:10.0.0.1",
    "IPv4-translated": "::ffff:0:10.0.0.1",
    "IPv4-compatible": "::10.0.0.1",
}
# The same forms carrying a public address (198.41.0.4, a root name server): allowed.
CARRYING_PUBLIC = {
    "NAT64": "64:ff9b::c629:4",
    "6to4": "2002:c629:4::1",
    "IPv4-mapped": "::ffff:198.41.0.4",
}
# Spellings the system resolver reads as 127.0.0.1.
LOOPBACK_SPELLINGS = ["2130706433", "0177.0.0.1", "0x7f.1", "127.1", "0x7f000001", "017700000001"]


@pytest.mark.parametrize("form", sorted(CARRYING_PRIVATE))
def test_ipv6_forms_carrying_a_private_address_are_refused(form: str) -> None:
    """Each IPv6 form is unwrapped and judged by the private IPv4 address inside it."""
    address = ipaddress.ip_address(CARRYING_PRIVATE[form])
    reason = AddressPolicy().refusal(address)
    assert reason is not None
    assert "private, loopback or link-local" in reason


def test_teredo_client_address_is_the_inverted_low_bits() -> None:
    """The Teredo client address is read from the inverted last 32 bits, as RFC 4380 says."""
    carried = embedded_ipv4(ipaddress.IPv6Address(CARRYING_PRIVATE["Teredo client"]))
    assert [(e.form, str(e.address)) for e in carried] == [
        ("Teredo server", "65.54.227.120"),
        ("Teredo client", "10.0.0.1"),
    ]


@pytest.mark.parametrize("form", sorted(CARRYING_PUBLIC))
def test_ipv6_forms_carrying_a_public_address_are_allowed(form: str) -> None:
    """Unwrapping does not refuse an embedded address that is public."""
    assert AddressPolicy().allows(ipaddress.ip_address(CARRYING_PUBLIC[form]))


@pytest.mark.parametrize(
    "address",
    ["169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe"],
)
def test_metadata_addresses_are_refused_whatever_is_allowed(address: str) -> None:
    """Cloud metadata is refused even with private addresses and its network allowed."""
    policy = AddressPolicy(
        allow_private=True, allow_networks=["169.254.0.0/16", "fd00::/8", "::/0"]
    )
    reason = policy.refusal(ipaddress.ip_address(address))
    assert reason is not None
    assert "metadata" in reason


@pytest.mark.parametrize(
    "address",
    [
        *("127.0.0.1", "10.1.2.3", "192.168.0.1", "100.64.0.1", "169.254.1.1", "::1", "fe80::1"),
        *("fc00::1", "0.0.0.0", "::", "224.0.0.1", "ff02::1", "198.18.0.1", "2001:db8::1"),
    ],
)
def test_private_and_special_addresses_stay_refused(address: str) -> None:
    """Loopback, private, link-local, shared, multicast and documentation ranges are refused."""
    assert not AddressPolicy().allows(ipaddress.ip_address(address))


def test_allowed_network_covers_its_mapped_and_nat64_forms() -> None:
    """Allowing an intranet network also allows the IPv6 forms that reach it, nothing else."""
    policy = AddressPolicy(allow_networks=["10.1.0.0/16"])
    assert policy.allows(ipaddress.ip_address("::ffff:10.1.0.5"))
    assert policy.allows(ipaddress.ip_address("64:ff9b::a01:5"))
    assert not policy.allows(ipaddress.ip_address("64:ff9b::a02:5"))


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_short_decimal_octal_and_hex_spellings_are_read_as_addresses(host: str) -> None:
    """Hosts the resolver reads as 127.0.0.1 are recognised as that address."""
    assert parse_ip_literal(host) == ipaddress.IPv4Address("127.0.0.1")


@pytest.mark.parametrize("host", ["news.example", "1.2.3.4.5", "256.1", "08.0.0.1", "1e3", "0xg.1"])
def test_host_names_are_not_mistaken_for_addresses(host: str) -> None:
    """Names and impossible numbers are left to the resolver."""
    assert parse_ip_literal(host) is None


@pytest.fixture
async def strict() -> AsyncIterator[Fetcher]:
    client = Fetcher(timeout=2.0)
    yield client
    await client.close()


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    """Yield a fetcher that may reach the test server on 127.0.0.1 and nothing else private."""
    client = Fetcher(timeout=2.0, policy=AddressPolicy(allow_networks=["127.0.0.1/32"]))
    yield client
    await client.close()


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
async def test_loopback_spellings_are_refused_before_connecting(
    strict: Fetcher, site: Site, host: str
) -> None:
    """http://2130706433/ and friends are refused by name of the address they spell."""
    port = site.url("/").rsplit(":", 1)[1].split("/")[0]
    with pytest.raises(IngestError, match=r"refusing to fetch from .*: 127\.0\.0\.1 is a private"):
        await strict.fetch(f"http://{host}:{port}/")
    assert site.requests == []


@pytest.mark.parametrize("form", sorted(CARRYING_PRIVATE))
async def test_redirect_into_each_ipv6_form_is_refused(
    fetcher: Fetcher, site: Site, form: str
) -> None:
    """A page on an allowed server that redirects into a tunnelled private address fails."""
    url = site.redirect("/r", f"http://[{CARRYING_PRIVATE[form]}]:8080/admin")
    with pytest.raises(IngestError, match=r"10\.0\.0\.1, a private"):
        await fetcher.fetch(url)


@pytest.mark.parametrize(
    "target",
    [
        *("http://167772161/", "http://012.0.0.1/", "http://0xa.1/", "http://10.1/"),
        *("http://2852039166/latest/meta-data/", "http://[fd00:ec2::254]/latest/"),
    ],
)
async def test_redirect_into_odd_spellings_and_metadata_is_refused(
    fetcher: Fetcher, site: Site, target: str
) -> None:
    """Redirects to 10.0.0.1 spelt as one number, octal or hex, and to metadata, fail."""
    url = site.redirect("/r", target)
    with pytest.raises(IngestError, match=r"refusing to fetch"):
        await fetcher.fetch(url)
    assert [r.path for r in site.requests] == ["/r"]


async def test_nat64_url_from_the_issue_is_refused(strict: Fetcher) -> None:
    """The URL from the issue, "http://[64:ff9b::7f00:1]:9/x", is refused instead of connecting."""
    with pytest.raises(IngestError, match=r"NAT64 address of 127\.0\.0\.1"):
        await strict.fetch("http://[64:ff9b::7f00:1]:9/x")
