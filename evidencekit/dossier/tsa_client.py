"""Asking a timestamp authority (RFC 3161 over HTTP) for a token, and which authorities to ask.

Timestamping is off unless the user turns it on (`--tsa`, or the setting in the app): the app
never reaches the network by itself. What a TSA learns is a SHA-256 (never a file, a name or a
note) and the computer's IP address at the time of the export: for someone hiding from a
harasser who shares the network or watches the connection, that is a choice to make knowingly.

The default list holds free public TSAs whose certificates chain to roots of Mozilla's store (as
shipped by certifi), so a recipient's verifier can check them without being handed anything:
DigiCert (DigiCert Trusted Root G4) and Sectigo (USERTrust RSA). FreeTSA is free too, but its
root is its own, in no public store: usable with `--tsa https://freetsa.org/tsr --tsa-ca
cacert.pem`, and the recipient must be given the same file.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    decode_timestamp_response,
)

from evidencekit.i18n import N_, deferred

DEFAULT_TSAS: tuple[str, ...] = (
    "http://timestamp.digicert.com",
    "http://timestamp.sectigo.com",
)
TIMEOUT_SECONDS = 10.0
MAX_RESPONSE_BYTES = 1024 * 1024
MAX_TSAS = 5


class TimestampError(Exception):
    """The TSA could not be reached or gave an answer we cannot use (the text says which).

    Its message is `deferred` (English, shown with `localize`): it is written to the custody log.
    """


@dataclass(frozen=True)
class TimestampSettings:
    """Which TSAs to ask (none: timestamping off, no network) and extra CA files to trust."""

    urls: tuple[str, ...] = ()
    extra_ca: tuple[Path, ...] = field(default_factory=tuple)

    @property
    def enabled(self) -> bool:
        return bool(self.urls)

    @classmethod
    def from_choices(cls, urls: Iterable[str], extra_ca: Iterable[Path | str] = ()
                     ) -> TimestampSettings:
        """`urls` as the user typed them; the word "default" stands for DEFAULT_TSAS."""
        chosen: list[str] = []
        for raw in urls:
            for url in str(raw).split():
                for one in DEFAULT_TSAS if url.lower() == "default" else (url,):
                    if one not in chosen:
                        chosen.append(one)
        for url in chosen:
            check_url(url)
        return cls(tuple(chosen[:MAX_TSAS]), tuple(Path(p).expanduser() for p in extra_ca))


def check_url(url: str) -> None:
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in ("http", "https") or not urllib.parse.urlsplit(url).netloc:
        raise TimestampError(deferred(N_("The timestamp authority's address must start with "
                                         "http:// or https:// ({url})."), url=url[:200]))


def request_token(url: str, data: bytes, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Ask the TSA at `url` for a token over SHA-256(`data`); returns the DER TimeStampResp.

    The answer is checked for status, nonce and message imprint here; whether its signer is
    trustworthy is `tsa_verify.check_token`'s job, with the trust store.
    """
    check_url(url)
    query = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256) \
        .cert_request(cert_request=True).build()
    request = urllib.request.Request(  # noqa: S310 - scheme checked just above
        url, data=query.as_bytes(), method="POST",
        headers={"Content-Type": "application/timestamp-query",
                 "Accept": "application/timestamp-reply"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            body = answer.read(MAX_RESPONSE_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise TimestampError(deferred(N_("The timestamp authority {url} did not answer "
                                         "({reason})."), url=url,
                                      reason=str(getattr(exc, "reason", exc)))) from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise TimestampError(deferred(N_("The answer of {url} is too large to be a token."),
                                      url=url))
    try:
        response = decode_timestamp_response(body)
    except ValueError:
        raise TimestampError(deferred(N_("The answer of {url} is not an RFC 3161 token."),
                                      url=url)) from None
    if response.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        raise TimestampError(deferred(N_("The timestamp authority {url} refused the request "
                                         "(status {s})."), url=url, s=str(response.status)))
    # The nonce ties the answer to this request, so a replayed old token is not accepted.
    if query.nonce is not None and response.tst_info.nonce != query.nonce:
        raise TimestampError(deferred(N_("The answer of {url} does not match the request."),
                                      url=url))
    return bytes(body)

