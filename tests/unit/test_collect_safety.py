"""The address policy: only public http(s) destinations unless private ones are allowed."""

import ipaddress

import pytest

from timeline.collect.safety import SafetyPolicy, address_problem
from timeline.errors import FetchError, UnsafeURLError


def resolver_for(table):
    def resolve(host, port):
        if host not in table:
            raise OSError(-2, "Name or service not known")
        return table[host]
    return resolve


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.10", "private"),
        ("172.16.5.4", "private"), ("169.254.169.254", "metadata"), ("169.254.10.10", "link-local"),
        ("fe80::1", "link-local"), ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "not a public"), ("::ffff:127.0.0.1", "loopback"), ("fd00:ec2::254", "metadata"),
    ],
)
def test_non_public_addresses_are_named(address, reason):
    assert reason in address_problem(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700:4700::1111", "8.8.8.8"])
def test_public_addresses_pass(address):
    assert address_problem(ipaddress.ip_address(address)) is None


def test_hostname_resolving_to_loopback_is_refused():
    policy = SafetyPolicy(resolver=resolver_for({"intranet.example": ["127.0.0.1"]}))
    with pytest.raises(UnsafeURLError, match=r"127\.0\.0\.1, a loopback address"):
        policy.check_url("http://intranet.example/admin")


def test_real_localhost_name_is_refused():
    # resolved by the system (from /etc/hosts, no network traffic)
    with pytest.raises(UnsafeURLError, match="loopback"):
        SafetyPolicy().check_url("http://localhost:6379/")


def test_a_name_with_one_private_answer_is_refused():
    policy = SafetyPolicy(resolver=resolver_for({"mixed.example": ["93.184.215.14", "10.0.0.5"]}))
    with pytest.raises(UnsafeURLError, match=r"10\.0\.0\.5"):
        policy.check_url("https://mixed.example/")


def test_public_name_returns_the_address_to_pin():
    policy = SafetyPolicy(resolver=resolver_for({"news.example": ["93.184.215.14"]}))
    assert policy.check_url("https://news.example/a") == "93.184.215.14"


def test_allow_private_admits_loopback_but_never_metadata():
    policy = SafetyPolicy(allow_private=True)
    assert policy.check_url("http://127.0.0.1:8000/") == "127.0.0.1"
    with pytest.raises(UnsafeURLError, match="cloud metadata"):
        policy.check_url("http://169.254.169.254/latest/meta-data/")


def test_exempt_admits_one_port_only():
    policy = SafetyPolicy(exempt=frozenset({("127.0.0.1", 8001)}))
    assert policy.check_url("http://127.0.0.1:8001/") == "127.0.0.1"
    with pytest.raises(UnsafeURLError):
        policy.check_url("http://127.0.0.1:8002/")


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "gopher://x/"])
def test_only_http_and_https(url):
    with pytest.raises(UnsafeURLError, match="scheme"):
        SafetyPolicy(allow_private=True).check_url(url)


def test_dns_failure_is_a_fetch_error_not_a_refusal():
    policy = SafetyPolicy(resolver=resolver_for({}))
    with pytest.raises(FetchError, match="dns: cannot resolve") as info:
        policy.check_url("https://no-such-host.example/")
    assert not isinstance(info.value, UnsafeURLError)
