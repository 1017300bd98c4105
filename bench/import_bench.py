"""Import of about 1 GB of screenshots, against `sha256sum` plus a plain copy of the same files;
then one video of the same size (kept as a sealed file, core/sealed.py) against the same.

Target (design.md): at most 1.5x the baseline, measured in the same run on the same files.
Usage: python bench/import_bench.py [TOTAL_MB]   (default 1024)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from common import Row, emit, peak_rss_mb, scratch, timed

from evidencekit.core.intake import import_file
from evidencekit.core.kdf import TEST_PARAMS
from evidencekit.core.vault import Vault


def make_screenshots(folder, total_mb: int) -> list:  # type: ignore[no-untyped-def]
    """PNG screenshots of phone size with noisy content, so they do not compress away."""
    from PIL import Image

    files = []
    width, height = 1080, 1600  # about 5 MB each at compress_level=0
    n = max(1, total_mb * 1024 * 1024 // (width * height * 3))
    for i in range(n):
        img = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
        path = folder / f"Screenshot_2026-11-{i % 28 + 1:02d}-{i:04d}.png"
        img.save(path, compress_level=0)
        files.append(path)
    return files


def main() -> None:
    total_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    with scratch("import") as work:
        src = work / "captures"
        src.mkdir()
        files = make_screenshots(src, total_mb)
        size_mb = sum(f.stat().st_size for f in files) / 2**20
        copy_dir = work / "copy"
        copy_dir.mkdir()
        subprocess.run(["sync"], check=False)

        def baseline() -> None:
            subprocess.run(["sha256sum", *map(str, files)], check=True, stdout=subprocess.DEVNULL)
            for f in files:
                shutil.copyfile(f, copy_dir / f.name)
            subprocess.run(["sync", "-f", str(copy_dir)], check=False)

        vault, _ = Vault.create(work / "vault", "bench passphrase for import", kdf=TEST_PARAMS)

        def ours() -> None:
            for f in files:
                outcome = import_file(vault, f, case="bench")
                assert outcome.status == "imported", outcome.message

        base_t, _ = timed(baseline)
        ours_t, _ = timed(ours)
        vault.close()
        base_t2, _ = timed(lambda: (shutil.rmtree(copy_dir), copy_dir.mkdir(), baseline()))
        baseline_t = min(base_t, base_t2)
        ratio_ok = ours_t / baseline_t <= 1.5
        video_t, video_base_t = one_video(work, total_mb)
        emit([
            Row("import", f"import {len(files)} screenshots ({size_mb:.0f} MB)", ours_t, "s",
                baseline_t, "<= 1.5x sha256sum + copy", ratio_ok),
            Row("import", "throughput", size_mb / ours_t, "MB/s"),
            Row("import", f"import one video ({total_mb} MB, sealed file)", video_t, "s",
                video_base_t, "<= 1.5x sha256sum + copy", video_t / video_base_t <= 1.5),
            Row("import", "peak RSS during import", peak_rss_mb(), "MB", None, "flat", None),
        ])


def one_video(work, total_mb: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    video = work / "VID_20261112_210501.mp4"
    with open(video, "wb") as fh:
        for _ in range(total_mb):
            fh.write(os.urandom(1024 * 1024))
    subprocess.run(["sync"], check=False)
    copy = work / "video-copy.mp4"

    def baseline() -> None:
        subprocess.run(["sha256sum", str(video)], check=True, stdout=subprocess.DEVNULL)
        shutil.copyfile(video, copy)
        subprocess.run(["sync", "-f", str(copy)], check=False)

    vault, _ = Vault.create(work / "vault-video", "bench passphrase for import", kdf=TEST_PARAMS)

    def ours() -> None:
        outcome = import_file(vault, video, case="bench")
        assert outcome.status == "imported", outcome.message

    base_t, _ = timed(baseline)
    ours_t, _ = timed(ours)
    vault.close()
    copy.unlink()
    base_t2, _ = timed(baseline)
    return ours_t, min(base_t, base_t2)


if __name__ == "__main__":
    main()
