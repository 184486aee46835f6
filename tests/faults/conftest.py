"""The live-server fixtures, shared."""
from ..live.conftest import async_mode, start_server  # noqa: F401  (every fault under gevent and eventlet)
