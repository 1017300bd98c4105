"""Which addresses the receiver may listen on and accept from: loopback and the local network.

Listening on 0.0.0.0 or on a public address would offer the vault's intake to the internet;
the receiver binds one chosen address, and each request's peer must be local too (a routed
packet from outside is refused even if it reaches the socket).
"""

from __future__ import annotations

import ipaddress
import socket

from evidencekit.core.errors import UsageError
from evidencekit.i18n import _

_LOCAL_V4 = [ipaddress.ip_network(n) for n in
             ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16")]
_LOCAL_V6 = [ipaddress.ip_network(n) for n in ("::1/128", "fc00::/7", "fe80::/10")]


def is_local(address: str) -> bool:
    """Loopback, private (RFC 1918, unique local) or link-local; never unspecified or public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    networks = _LOCAL_V4 if isinstance(ip, ipaddress.IPv4Address) else _LOCAL_V6
    return any(ip in net for net in networks)


def check_listen_address(address: str) -> str:
    if not is_local(address):
        raise UsageError(_("{address}: the receiver only listens on this computer (127.0.0.1) "
                           "or on a local network address (such as 192.168.x.x); this address "
                           "is refused.").format(address=address))
    return address


def local_addresses() -> list[str]:
    """This computer's local-network IPv4 addresses, found without sending anything."""
    found: set[str] = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(str(info[4][0]))
    except OSError:
        pass
    # A UDP "connect" sends no packet; it only asks the kernel which source address it would use.
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.168.255.255", 9))
        found.add(str(probe.getsockname()[0]))
    except OSError:
        pass
    finally:
        probe.close()
    return sorted(a for a in found if is_local(a) and not a.startswith("127."))
