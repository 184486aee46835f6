"""Use cases: each loads what it needs, asks the domain, and commits in one transaction.

The HTTP API, the Socket.IO handlers and the command line all call these, so a
rule holds the same way whichever door an action comes through.
"""
