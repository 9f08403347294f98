"""IP addresses in a folded text: IPv4 dotted quads and IPv6, full or `::`-compressed.

Takes a folded text (see `folding`); gives the (start, end) spans of the addresses in it, each
valid as `ipaddress.ip_address` reads it (the rules are repeated here: `ip_address` takes
25 µs an address, 10 MB of them 10 s; tests compare the two on random candidates).
"""

from __future__ import annotations

import re

# Possessive digit groups: a group is followed by its separator or by nothing that counts, so
# giving digits back never helps (and cost a try per digit at every number).
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}+\.){3}\d{1,3}+(?![\w.]{0,64}\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}+:){2,7}[0-9A-Fa-f]{0,4}+(?![\w:])")
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"  # no leading zeros, as ipaddress
_VALID_IPV4 = re.compile(rf"(?:{_OCTET}\.){{3}}{_OCTET}")


def find(text: str) -> list[tuple[int, int]]:
    """The spans of the IP addresses in the folded `text`, IPv4 ones first."""
    found = []
    if "." in text:
        found += [m.span() for m in _IPV4.finditer(text) if _VALID_IPV4.fullmatch(m.group())]
    for match in _IPV6.finditer(text) if ":" in text else ():
        candidate = match.group(0)
        # "14:03:00" and "1:02:03" are times: only full or `::`-compressed addresses count.
        if ("::" in candidate or candidate.count(":") >= 5) and is_ipv6(candidate):
            found.append(match.span())
    return found


def is_ipv6(candidate: str) -> bool:
    """Whether hex groups and colons make an IPv6 address, by the rules of `ipaddress`."""
    parts = candidate.split(":")
    if not 3 <= len(parts) <= 9:
        return False
    empty = [i for i in range(1, len(parts) - 1) if not parts[i]]
    if len(empty) > 1:
        return False  # at most one "::"
    if not empty:
        return len(parts) == 8 and all(0 < len(p) <= 4 for p in parts)
    high, low = empty[0], len(parts) - empty[0] - 1
    if not parts[0]:
        high -= 1
        if high:
            return False  # a leading ":" only as part of "::"
    if not parts[-1]:
        low -= 1
        if low:
            return False
    used = parts[:high] + parts[len(parts) - low :]
    return high + low < 8 and all(0 < len(p) <= 4 for p in used)
