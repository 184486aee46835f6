import pytest

from .server import Server


@pytest.fixture(params=["eventlet", "gevent"])
def async_mode(request):
    return request.param


@pytest.fixture
def start_server(tmp_path):
    servers = []

    def start(async_mode, **kw):
        server = Server(tmp_path, async_mode, **kw).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
