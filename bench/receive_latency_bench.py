"""How long the receiver takes to answer the LocalSend app's small requests, Nagle on and off.

The app looks an address up with `GET /api/localsend/v1/info` under its discovery timeout
(500 ms by default), then sends `prepare-upload`; each answer is headers and a body written in
two TLS records. The baseline is the same receiver with Nagle's algorithm left on (what the
handler did before), run side by side: the second record then waited for the client's delayed
ACK. One new connection per request, as the app's discovery client makes them.
Usage: python bench/receive_latency_bench.py [REQUESTS]   (default 50 of each)
"""

from __future__ import annotations

import http.client
import json
import ssl
import statistics
import sys
import time

from common import Row, emit, scratch

from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault
from evidencekit.receive import server
from evidencekit.receive.session import ReceiveSession

PHONE = {"alias": "Bench Phone", "version": "2.1", "deviceModel": "bench", "deviceType": "mobile",
         "fingerprint": "00" * 32, "port": 53317, "protocol": "https", "download": False}


def ask(port: int, method: str, path: str, body: bytes | None = None) -> float:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    start = time.perf_counter()
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
    conn.request(method, path, body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status not in (200, 401):
        raise SystemExit(f"{path}: {response.status}")
    return time.perf_counter() - start


def medians(vault: Vault, nagle_off: bool, n: int) -> tuple[float, float]:
    server._Handler.disable_nagle_algorithm = nagle_off
    receiver = server.Receiver(vault, ReceiveSession("bench"), port=0)
    receiver.start()
    try:
        body = json.dumps({"info": PHONE, "files": {"a": {
            "id": "a", "fileName": "a.jpg", "size": 1, "fileType": "image/jpeg"}}}).encode()
        info = [ask(receiver.port, "GET", "/api/localsend/v1/info") for _ in range(n)]
        # Without a PIN: answered 401 at once, as the app's first request is (20 at most: the
        # session allows 20 a minute).
        prep = [ask(receiver.port, "POST", "/api/localsend/v2/prepare-upload", body)
                for _ in range(min(n, 20))]
        return statistics.median(info) * 1000, statistics.median(prep) * 1000
    finally:
        receiver.stop()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    with scratch("receive-latency") as work:
        vault, _key = Vault.create(work / "vault", "bench passphrase", kdf=TEST_PARAMS)
        try:
            before = medians(vault, False, n)
            after = medians(vault, True, n)
        finally:
            server._Handler.disable_nagle_algorithm = True
            vault.close()
    emit([
        Row("receive", "GET v1/info round trip (median), ms", after[0], "ms", before[0],
            "well under the app's 500 ms", after[0] < 100),
        Row("receive", "prepare-upload without PIN, 401 (median), ms", after[1], "ms",
            before[1], "", None),
    ])


if __name__ == "__main__":
    main()
