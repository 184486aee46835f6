"""Rate limits: a token bucket per key (a client address, a participant, a connection), in memory.

Each key has a bucket holding up to ``burst`` tokens; it refills at ``per_minute`` tokens a
minute; every allowed event takes one token, and an event that finds the bucket empty is refused
(and takes nothing). So ``burst`` events may arrive at once, and after that ``per_minute`` a minute.

The buckets live in this process's memory only: nothing about a client (its address least of
all) is written anywhere, a restart forgets them, and with several server processes each process
limits on its own. A bucket that has filled up again is the same as no bucket, so such buckets are
dropped from time to time and memory stays bounded by the keys active in the last ``burst /
per_minute`` minutes.
"""
import threading
import time
from collections.abc import Callable, Hashable

from ..domain.errors import DomainError


class TooMany(DomainError):
    """An event over its rate limit; it is refused and changes nothing."""

    status = 429


class RateLimit:
    """A token bucket per key: ``burst`` at once, then ``per_minute`` a minute."""

    def __init__(self, per_minute: float, burst: float | None = None,
                 clock: Callable[[], float] = time.monotonic, prune_every: int = 1000):
        if per_minute <= 0:
            raise ValueError("a rate limit must be positive")
        self.rate = per_minute / 60.0
        self.burst = float(burst if burst is not None else per_minute)
        if self.burst < 1:
            raise ValueError("a burst must allow at least one event")
        self.clock = clock
        self.prune_every = prune_every
        self._buckets: dict[Hashable, tuple[float, float]] = {}  # key -> (tokens, at)
        self._calls = 0
        self._lock = threading.Lock()

    def _level(self, key, now: float) -> float:
        tokens, at = self._buckets.get(key, (self.burst, now))
        return min(self.burst, tokens + max(0.0, now - at) * self.rate)

    def allow(self, key: Hashable) -> bool:
        """Take one token for ``key`` if there is one; False (and nothing taken) if not."""
        with self._lock:
            now = self.clock()
            self._calls += 1
            if self._calls % self.prune_every == 0:
                self._prune(now)
            tokens = self._level(key, now)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            return True

    def wait(self, key: Hashable) -> float:
        """Seconds until ``key`` may send one more event (0 if it may now)."""
        with self._lock:
            missing = 1.0 - self._level(key, self.clock())
        return max(0.0, missing / self.rate)

    def forget(self, key: Hashable) -> None:
        """Drop ``key``'s bucket (e.g. when its connection closes)."""
        with self._lock:
            self._buckets.pop(key, None)

    def _prune(self, now: float) -> None:
        full = [k for k in self._buckets if self._level(k, now) >= self.burst]
        for key in full:
            del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)


class Limits:
    """The server's limits: new participants per client address, and events per participant or connection."""

    def __init__(self, joins_per_minute: float, join_burst: float | None, events_per_minute: float,
                 event_burst: float | None, clock: Callable[[], float] = time.monotonic):
        self.joins = RateLimit(joins_per_minute, join_burst, clock)
        self.events = RateLimit(events_per_minute, event_burst, clock)

    @classmethod
    def from_config(cls, config) -> "Limits":
        return cls(config["JOIN_RATE_LIMIT"], config.get("JOIN_RATE_BURST"),
                   config["EVENT_RATE_LIMIT"], config.get("EVENT_RATE_BURST"))

    def new_participant(self, address: str) -> None:
        """Charge a new identity to the client address, or raise TooMany."""
        if not self.joins.allow(("address", address)):
            raise TooMany("Too many people joined from this network just now — wait a moment and try again")

    def event(self, key: tuple) -> None:
        """Charge one event to a participant ``("participant", id)`` or a connection ``("connection", sid)``."""
        if not self.events.allow(key):
            raise TooMany("Too many messages from this phone — wait a moment and try again")


def client_address(remote_addr: str | None, forwarded_for: str | None, trusted_proxies: frozenset[str]) -> str:
    """The address a client connected from.

    Behind a trusted reverse proxy (``remote_addr`` is one of ``trusted_proxies``) it is the last
    entry of ``X-Forwarded-For``: the one that proxy appended, i.e. the hop next to us. Entries
    further left were written by the client and could be anything, so they are never used.
    """
    remote = remote_addr or "unknown"
    if forwarded_for and remote in trusted_proxies:
        hop = forwarded_for.split(",")[-1].strip()
        if hop:
            return hop[:64]
    return remote


def trusted_proxies(setting) -> frozenset[str]:
    """``TRUSTED_PROXY``: one address, a comma-separated list, or a list; empty means none."""
    if not setting:
        return frozenset()
    items = setting.split(",") if isinstance(setting, str) else setting
    return frozenset(str(item).strip() for item in items if str(item).strip())
