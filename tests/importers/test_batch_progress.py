"""The progress a batch import reports: one bar over the whole batch, never going back."""

from __future__ import annotations

import threading
from pathlib import Path

from evidencekit.core.vault import Vault
from evidencekit.importers.batch import ImportOptions, import_paths


def _files(folder: Path) -> list[Path]:
    folder.mkdir()
    sizes = [3 * 2**20 + 17, 10, 0, 2**20, 5]  # a multi-chunk file, small ones, an empty one
    paths = []
    for n, size in enumerate(sizes):
        path = folder / f"{n:02d}-capture.bin"
        path.write_bytes(bytes([n + 1]) * size)
        paths.append(path)
    return paths


def test_the_bar_runs_once_from_zero_to_the_batch_size(vault: Vault, tmp_path: Path) -> None:
    paths = _files(tmp_path / "batch")
    reports: list[tuple[int, int, str]] = []
    outcomes = import_paths(vault, [tmp_path / "batch"], ImportOptions(case="Karim"),
                            lambda d, t, label: reports.append((d, t, label)))
    # The empty file is refused (nothing to keep) but still moves the bar by its one byte.
    assert [o.status for o in outcomes] == ["imported"] * 2 + ["refused"] + ["imported"] * 2
    expected_total = sum(max(p.stat().st_size, 1) for p in paths)
    assert {t for _, t, _ in reports} == {expected_total}
    done = [d for d, _, _ in reports]
    assert done == sorted(done), "the bar went back"
    assert done[0] == 0 and done[-1] == expected_total
    # The big file moves the bar while it is read, chunk by chunk.
    assert len({d for d in done if 0 < d < paths[0].stat().st_size}) >= 3
    labels = [label for _, _, label in reports if label]
    assert labels[0] == "Adding 1 of 5: 00-capture.bin"
    assert labels[-1] == "Adding 5 of 5: 04-capture.bin"
    assert reports[-1][2] == ""  # the end: "Finishing…"


def test_cancelling_stops_between_files_and_keeps_what_was_added(vault: Vault,
                                                                  tmp_path: Path) -> None:
    _files(tmp_path / "batch")
    cancel = threading.Event()

    def progress(_done: int, _total: int, label: str) -> None:
        if label.startswith("Adding 2 of"):
            cancel.set()

    outcomes = import_paths(vault, [tmp_path / "batch"], ImportOptions(case="Karim"),
                            progress, cancel)
    # The second file saw the cancel before its first byte: nothing of it was kept.
    # The files after it were never tried, and are said to be so, one by one.
    assert [o.status for o in outcomes] == ["imported", "refused"] + ["not-tried"] * 3
    assert "cancelled" in outcomes[1].message
    assert outcomes[4].message.endswith("04-capture.bin: not added; the import was stopped "
                                        "before it.")
    count = vault.conn.execute("SELECT COUNT(*) FROM originals").fetchone()[0]
    assert count == 1


def test_a_file_given_twice_never_takes_the_bar_past_its_end(vault: Vault,
                                                             tmp_path: Path) -> None:
    paths = _files(tmp_path / "batch")
    reports: list[tuple[int, int, str]] = []
    # The big file twice, once by itself and once inside its folder.
    outcomes = import_paths(vault, [paths[0], tmp_path / "batch"], ImportOptions(case="Karim"),
                            lambda d, t, label: reports.append((d, t, label)))
    assert [o.status for o in outcomes].count("duplicate") == 1
    done = [d for d, _, _ in reports]
    total = reports[0][1]
    assert done == sorted(done) and max(done) == total


def test_a_stopped_batch_does_not_show_a_full_bar(vault: Vault, tmp_path: Path) -> None:
    _files(tmp_path / "batch")
    cancel = threading.Event()
    reports: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, label: str) -> None:
        reports.append((done, total, label))
        if label.startswith("Adding 2 of"):
            cancel.set()

    import_paths(vault, [tmp_path / "batch"], ImportOptions(case="Karim"), progress, cancel)
    assert reports[-1][0] < reports[-1][1]
