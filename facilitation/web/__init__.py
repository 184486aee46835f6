"""Thin adapters: HTTP pages and API, Socket.IO handlers. Validate, call a service, emit, answer."""
