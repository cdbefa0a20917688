"""A small SMTP server for crash tests: it keeps each message it accepts (the one answered 250 at
the end of DATA), and can be told to stop answering after a number of messages, so that a test
can kill a worker while it is in the middle of an SMTP conversation."""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes

from .clone import free_port


class _Handler(socketserver.StreamRequestHandler):
    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        server: SMTPServer = self.server.owner
        self._reply("220 crash-test ESMTP")
        rcpt: list[str] = []
        while True:
            line = self.rfile.readline()
            if not line:
                return  # the client went away: nothing it sent is kept
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self._reply("250 crash-test")
            elif verb == "MAIL":
                if not server.may_start():
                    server.held.release()
                    server.release.wait()  # the client waits for an answer that never comes
                    return
                rcpt = []
                self._reply("250 OK")
            elif verb == "RCPT":
                rcpt.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 go on")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data += chunk
                if not chunk:
                    return
                server.accept(rcpt, message_from_bytes(data))
                self._reply("250 queued")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("250 OK")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPServer:
    def __init__(self, hold_after: int | None = None):
        self.port = free_port()
        self.messages: list[tuple[list[str], object]] = []
        self.hold_after = hold_after
        self.held = threading.Semaphore(0)  # released once per conversation held
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._started = 0

    def may_start(self) -> bool:
        with self._lock:
            if self.hold_after is not None and self._started >= self.hold_after:
                return False
            self._started += 1
            return True

    def accept(self, rcpt: list[str], message) -> None:
        with self._lock:
            self.messages.append((rcpt, message))

    def received_by(self) -> dict[str, int]:
        with self._lock:
            counts: dict[str, int] = {}
            for rcpt, _ in self.messages:
                for address in rcpt:
                    counts[address] = counts.get(address, 0) + 1
            return counts

    def stop_holding(self) -> None:
        with self._lock:
            self.hold_after = None
        self.release.set()

    def start(self) -> SMTPServer:
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.owner = self
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()
