"""The facilitation domain: plain Python, no Flask, no Socket.IO, no SQL.

Functions here take and return plain values and dataclasses and raise
:class:`~facilitation.domain.errors.DomainError` subclasses when a rule is
broken. Adapters (HTTP, Socket.IO, CLI) and the store build on them.
"""
