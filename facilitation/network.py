"""The machine's LAN address, which phones at the venue use to reach the server."""
import fcntl
import ipaddress
import socket
import struct

SIOCGIFADDR = 0x8915


def _interface_addresses() -> list[str]:
    """IPv4 addresses of this machine's interfaces (Linux ioctl; no packet is sent anywhere)."""
    found = []
    for _index, name in socket.if_nameindex():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                packed = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, struct.pack("256s", name[:15].encode()))
            except OSError:
                continue
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def lan_address() -> str:
    """The best address for phones: a private LAN address if there is one, else loopback."""
    try:
        candidates = _interface_addresses()
    except (OSError, AttributeError):
        candidates = []
    try:
        candidates.append(socket.gethostbyname(socket.gethostname()))
    except OSError:
        pass
    for text in candidates:
        address = ipaddress.ip_address(text)
        if address.is_private and not address.is_loopback and not address.is_link_local:
            return text
    return "127.0.0.1"
