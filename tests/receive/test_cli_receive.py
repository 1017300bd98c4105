"""`evidencekit receive` as a user runs it: a child process, a sender on 127.0.0.1, Ctrl-C."""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliResult
from tests.receive.sender import Sender, generated, generated_sha256, offer


class ReceiveProcess:
    def __init__(self, vault: Path, passphrase: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "evidencekit", "--vault", str(vault), "--passphrase-file",
             str(passphrase), "receive", "--case", "Phone", "--port", "0", "--json", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
        self.start = self.event()
        assert self.start["event"] == "listening", self.start
        self.sender = Sender("127.0.0.1", self.start["port"], self.start["fingerprint"])

    def event(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, self.proc.stderr.read() if self.proc.stderr else ""
        return dict(json.loads(line))

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise AssertionError("no VmHWM")

    def interrupt(self) -> tuple[int, str, str]:
        self.proc.send_signal(signal.SIGINT)
        out, err = self.proc.communicate(timeout=60)
        return self.proc.returncode, out, err


@pytest.fixture
def receiving(cli, vault_dir: Path, passphrase_file: Path) -> Iterator[ReceiveProcess]:  # type: ignore[no-untyped-def]
    assert cli("init", "--no-recovery-key").code == 0
    process = ReceiveProcess(vault_dir, passphrase_file)
    yield process
    if process.proc.poll() is None:
        process.proc.kill()
        process.proc.wait()


def test_receive_prints_the_session_then_each_file_and_stops_on_ctrl_c(
        receiving: ReceiveProcess, cli) -> None:  # type: ignore[no-untyped-def]
    start = receiving.start
    assert len(start["pin"]) == 6 and start["pin"].isdigit()
    assert len(start["fingerprint"]) == 64 and start["address"] == "127.0.0.1"
    replies = receiving.sender.send(start["pin"], {"note.txt": b"rendez-vous demain 8h"})
    assert replies[0].status == 200
    arrival = receiving.event()
    assert arrival["event"] == "arrival" and arrival["status"] == "imported"
    code, _out, err = receiving.interrupt()
    assert code == 0
    # --port 0: the app would not find this port by itself, and the command says so.
    assert f"port {start['port']} too" in err and "53317" in err
    listed: CliResult = cli("list", "--json")
    items = json.loads(listed.out)["items"]
    assert [i["original_name"] for i in items] == ["note.txt"]
    log = json.loads(cli("log", "--json").out)["entries"]
    received = [e for e in log if e["action"] == "received-from-device"]
    assert received and received[0]["detail"]["receiver_fingerprint"] == start["fingerprint"]
    verified = cli("verify")  # the new log entries and the streamed original check out
    assert verified.code == 0, verified.out + verified.err


def test_a_refused_file_makes_exit_code_3(receiving: ReceiveProcess) -> None:
    lie = offer("a", "a.jpg", b"other bytes") | {"size": 5}
    answer = receiving.sender.prepare({"a": lie}, receiving.start["pin"]).json()
    assert receiving.sender.upload(answer["sessionId"], "a", answer["files"]["a"], [b"abcde"],
                                   5).status == 400
    assert receiving.event()["status"] == "refused"
    code, _out, _err = receiving.interrupt()
    assert code == 3


def test_three_wrong_pins_end_the_command(receiving: ReceiveProcess) -> None:
    wrong = "000000" if receiving.start["pin"] != "000000" else "111111"
    for _ in range(3):
        receiving.sender.prepare({"a": offer("a", "a.txt", b"x")}, wrong)
    receiving.proc.wait(timeout=30)
    assert receiving.proc.returncode == 1


def test_usage_errors_are_one_sentence(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--no-recovery-key").code == 0
    result = cli("receive", "--address", "0.0.0.0")
    assert result.code == 2 and "is refused" in result.err and "Traceback" not in result.err
    result = cli("receive", "--timeout", "0")
    assert result.code == 2 and result.err.startswith("error:")


@pytest.mark.slow
def test_a_2_gb_file_is_streamed_into_the_vault_in_bounded_memory(
        receiving: ReceiveProcess, cli) -> None:  # type: ignore[no-untyped-def]
    size = 2 * 1024**3
    sha = generated_sha256(size)
    files = {"v": offer("v", "long-video.mp4", b"") | {"size": size, "sha256": sha}}
    answer = receiving.sender.prepare(files, receiving.start["pin"]).json()
    reply = receiving.sender.upload(answer["sessionId"], "v", answer["files"]["v"],
                                    generated(size), size)
    assert reply.status == 200
    arrival = receiving.event()
    assert arrival["status"] == "imported", arrival
    peak = receiving.peak_rss_mb()
    print(f"receiver peak RSS after 2 GB: {peak:.0f} MB")  # the figure in docs/benchmarks.md
    code, _out, _err = receiving.interrupt()
    assert code == 0
    # The receiver's whole peak (Python, Qt-free CLI, SQLCipher cache) stays far below the file.
    assert peak < 300, f"peak RSS {peak:.0f} MB"
    shown = json.loads(cli("show", str(arrival["item_id"]), "--json").out)
    assert shown["sha256"] == sha and shown["size"] == size


def test_a_vault_opened_read_only_on_a_full_disk_receives_nothing(tmp_path: Path) -> None:
    from tests.faults.test_disk_full_unlock import wal_cannot_grow
    from tests.faults.test_fault_points import build, run_cli

    folder, secret, _inputs, _exports = build(tmp_path, "evidence")
    result = run_cli(folder, secret, ["receive", "--port", "0", "--json"],
                     preexec=wal_cannot_grow())  # type: ignore[arg-type]
    assert result.returncode == 1 and result.stdout == ""  # no PIN: nothing ever listened
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "read-only" in errors[0], result.stderr


def _signal_thread(pid: int, tid: int, signum: int) -> None:
    """tgkill(2): a signal aimed at one thread of another process."""
    number = {"x86_64": 234, "aarch64": 131}.get(os.uname().machine)
    if number is None:
        pytest.skip("tgkill's number is not known for this machine")
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.syscall(number, pid, tid, signum) != 0:
        raise OSError(ctypes.get_errno(), "tgkill")


def test_ctrl_c_stops_the_command_whichever_thread_it_reaches(
        receiving: ReceiveProcess) -> None:
    # The kernel hands a terminal's SIGINT to any thread of the process; when it is not the main
    # thread, the main thread only sees it when it next wakes up. It used to sleep for the whole
    # session (15 minutes), so Ctrl-C often did nothing.
    pid = receiving.proc.pid
    others = [int(t) for t in os.listdir(f"/proc/{pid}/task") if int(t) != pid]
    assert others, "the receiver runs in its own thread"
    _signal_thread(pid, others[0], signal.SIGINT)
    receiving.proc.wait(timeout=20)
    assert receiving.proc.returncode == 0
