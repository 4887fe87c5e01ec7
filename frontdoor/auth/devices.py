"""What a user's session list shows about each session: a summary, never the raw data.

The raw User-Agent header and the full client address are not stored. A session row keeps only
"browser on system" and the client's network (an IPv4 /24 or an IPv6 /48), enough for a person
to recognise "that's my work laptop" or "that's not me" (ASVS 7.5.2), and no more.
"""

from __future__ import annotations

import ipaddress

# First match wins: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)


def device_summary(user_agent: str | None) -> str:
    """'Firefox on Windows', 'Safari on iPhone', or 'Unknown browser' for anything else."""
    agent = user_agent or ""
    browser = next((name for token, name in BROWSERS if token in agent), None)
    system = next((name for token, name in SYSTEMS if token in agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"Browser on {system}" if system else "Unknown browser")


def coarse_network(address: str | None) -> str | None:
    """The client's network, not its address: IPv4 to /24, IPv6 to /48."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))
