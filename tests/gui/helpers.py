"""Small helpers shared by the GUI tests."""

from __future__ import annotations

from pathlib import Path

from evidencekit.gui.main.main_window import MainScreen


def write_images(folder: Path, count: int, marker: str = "") -> list[Path]:
    from PIL import Image, PngImagePlugin

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", f"{marker} {n}")
        path = folder / f"capture-{n:04d}.png"
        Image.new("RGB", (40, 30), (n % 256, (n * 7) % 256, 90)).save(path, pnginfo=info)
        paths.append(path)
    return paths


def main_screen(composition: object) -> MainScreen:
    screen = composition.shell.current_screen  # type: ignore[attr-defined]
    assert isinstance(screen, MainScreen)
    return screen
