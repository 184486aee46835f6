"""The live-server fixtures, shared."""
from ..live.conftest import start_server  # noqa: F401
