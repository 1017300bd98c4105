"""The worker that runs core functions off the GUI thread."""

from __future__ import annotations

import threading

from evidencekit.gui.importing.progress_panel import ProgressPanel
from evidencekit.gui.worker import JobRunner


def test_progress_of_a_batch_larger_than_2_gb_reaches_the_bar(qapp, qtbot) -> None:
    """Qt's int is 32 bits; a 5 GB batch counted in bytes must be scaled, not overflow."""
    five_gb = 5 * 2**30

    def big_batch(*, progress, cancel: threading.Event) -> str:
        progress(0, five_gb, "Adding 1 of 2: video.mp4")
        progress(3 * 2**30, five_gb, "Adding 2 of 2: second.mp4")
        progress(five_gb, five_gb, "")
        return "done"

    panel = ProgressPanel()
    qtbot.addWidget(panel)
    seen: list[tuple[int, int, str]] = []
    jobs = JobRunner()
    results: list[object] = []
    failures: list[str] = []

    def show(done: int, total: int, label: str) -> None:
        seen.append((done, total, label))
        panel.update_progress(done, total, label)

    jobs.run(big_batch, on_progress=show, on_finished=results.append,
             on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(results or failures), timeout=10_000)
    assert results == ["done"]
    assert failures == []
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=5_000)
    assert all(0 < t <= 2**31 - 1 for _, t, _ in seen)
    assert seen[1][0] / seen[1][1] == 0.6
    assert panel.bar.value() == panel.bar.maximum()
    assert panel.text.text() == "Finishing…"
    jobs.wait(5000)
