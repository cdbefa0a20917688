"""A GET through Django's WSGI handler, exactly as gunicorn's worker makes it.

The bench times what a server process spends on a request: build the request from the WSGI
environ, run the middleware and the view, send the body, close the response. Django's test
Client does more (it records templates and context, wraps the response, stores cookies) and
less: it turns off the request_started/finished signals that manage persistent database
connections, so it never pays Django's connection health check, which gunicorn does.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field


@dataclass
class Response:
    status_code: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)  # names lower-cased

    def __getitem__(self, name: str) -> str:
        return self.headers[name.lower()]

    def get(self, name: str, default=None):
        return self.headers.get(name.lower(), default)


def environ_for(url: str, headers: dict[str, str]) -> dict:
    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    environ.update(headers)  # HTTP_ACCEPT=..., as the test client takes them
    return environ


def wsgi_get(handler, url: str, **headers) -> Response:
    """GET `url` through `handler` (a django.core.handlers.wsgi.WSGIHandler): the body is read to
    the end and the response closed, as a WSGI server does."""
    started = []

    def start_response(status, response_headers, exc_info=None):
        started.append((status, response_headers))

    result = handler(environ_for(url, headers), start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()
    status, response_headers = started[0]
    return Response(int(status.split(" ", 1)[0]), body, {k.lower(): v for k, v in response_headers})
