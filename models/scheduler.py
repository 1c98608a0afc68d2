"""Connecting to a running Dask scheduler, within one overall timeout, and only to a Dask scheduler.

``distributed.Client`` bounds the TCP connection by its timeout but not the handshake that follows: a peer that
accepts and never speaks stalls it for minutes, and a peer that answers other bytes (a web server) makes it read a
length prefix of garbage and try to allocate exabytes. So the address is checked first (``tcp://HOST:PORT``), then
the scheduler's greeting is read with a plain socket and a deadline: Dask's scheduler speaks first, an 8-byte length
then a few small frames holding a msgpack map with its Python version and compression. Only then is a Client built.
"""

from __future__ import annotations

import re
import socket
import struct
import time

from models.errors import ModelError

ADDRESS = re.compile(r"^tcp://(?P<host>[A-Za-z0-9][A-Za-z0-9.\-]*|\[[0-9A-Fa-f:.]+\]):(?P<port>\d{1,5})$")
MAX_GREETING = 64 * 1024  # bytes; Dask's is about 60


def check_address(address: str) -> str:
    """``address`` as ``tcp://HOST:PORT`` (``HOST:PORT`` gets the ``tcp://``), or Dask's in-process ``inproc://``
    address; ModelError otherwise, before any connection."""
    text = str(address).strip()
    if text.startswith("inproc://"):
        return text
    text = text if "://" in text else f"tcp://{text}"
    match = ADDRESS.match(text)
    if not match or not 0 < int(match["port"]) < 65536:
        raise ModelError(f"--scheduler {address!r}: expected tcp://HOST:PORT, the address of a Dask scheduler")
    return text


def greet(address: str, timeout: float) -> None:
    """Read the Dask scheduler's greeting at ``address`` within ``timeout`` seconds overall; ModelError when nothing
    answers, nothing is said, or what is said is not Dask's protocol."""
    if address.startswith("inproc://"):
        return
    match = ADDRESS.match(address)
    host, port = match["host"].strip("[]"), int(match["port"])
    deadline = time.monotonic() + timeout
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            (size,) = struct.unpack("<Q", _read(sock, 8, deadline))
            if not 0 < size <= MAX_GREETING:
                raise ModelError(
                    f"{address} does not speak the Dask protocol (it announced {size:,} bytes): is it a Dask scheduler?"
                )
            if not _is_greeting(_read(sock, size, deadline)):
                raise ModelError(f"{address} does not speak the Dask protocol: is it a Dask scheduler?")
    except TimeoutError:
        raise ModelError(
            f"no answer from the Dask scheduler at {address} within {timeout:g} s: is it a Dask scheduler?"
        ) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ModelError(f"cannot reach the Dask scheduler at {address} within {timeout:g} s ({reason})") from None


def _read(sock: socket.socket, size: int, deadline: float) -> bytes:
    data = b""
    while len(data) < size:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        sock.settimeout(left)
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionResetError(0, "the connection was closed")
        data += chunk
    return data


def _is_greeting(payload: bytes) -> bool:
    """Dask's framing (a count of frames, their lengths, the frames) around a msgpack map naming 'python'."""
    import msgpack

    try:
        (count,) = struct.unpack_from("<Q", payload)
        lengths = struct.unpack_from(f"<{count}Q", payload, 8) if 0 < count <= 16 else ()
        start = 8 * (count + 1)
        if not lengths or start + sum(lengths) != len(payload):
            return False
        greeting = msgpack.unpackb(payload[start : start + lengths[0]])
    except (struct.error, ValueError, msgpack.UnpackException):
        return False
    return isinstance(greeting, dict) and "python" in greeting
