"""The README's gallery: three figures of a real run, downscaled for the repository.

`make gallery` runs the report on FarExStance (../shared/corpora/farexstance when it is there,
else the public copy `framing datasets fetch farexstance` puts in data/external/) into
build/gallery/, then calls this script to copy three of its figures into docs/gallery/, at most
880 px wide. These PNGs are the one exception to "figures are generated, not committed": the
README shows them so a reader sees what a report looks like before running one.

    python scripts/gallery.py build/gallery/reports docs/gallery
"""

from __future__ import annotations

import sys
from pathlib import Path

FIGURES = ("loadedness", "category_heatmap", "quoted_groups")
MAX_WIDTH = 880


def main(reports: str, out: str) -> int:
    from PIL import Image

    src, dst = Path(reports) / "figures", Path(out)
    missing = [f"{n}.png" for n in FIGURES if not (src / f"{n}.png").is_file()]
    if missing:
        print(f"gallery: {src} lacks {', '.join(missing)}: run the report first (make gallery does)", file=sys.stderr)
        return 1
    dst.mkdir(parents=True, exist_ok=True)
    total = 0
    for name in FIGURES:
        with Image.open(src / f"{name}.png") as im:
            im = im.convert("RGB")
            if im.width > MAX_WIDTH:
                im = im.resize((MAX_WIDTH, round(im.height * MAX_WIDTH / im.width)), Image.Resampling.LANCZOS)
            target = dst / f"{name}.png"
            im.save(target, optimize=True)
        total += target.stat().st_size
        print(f"gallery: {target} ({im.width}x{im.height}, {target.stat().st_size // 1024} KB)")
    print(f"gallery: {total // 1024} KB in all")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
