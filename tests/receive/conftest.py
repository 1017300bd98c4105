"""A real receiver on 127.0.0.1 (any free port) over a real vault, and a sender pinned to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from evidencekit.core.vault import Vault
from evidencekit.receive.server import Receiver
from evidencekit.receive.session import ReceiveSession
from tests.receive.sender import Sender


@pytest.fixture
def receiver(vault: Vault) -> Iterator[Receiver]:
    server = Receiver(vault, ReceiveSession("Phone"), address="127.0.0.1", port=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sender(receiver: Receiver) -> Sender:
    return Sender("127.0.0.1", receiver.port, receiver.fingerprint)
