"""Make the district-sized benchmark database through ``openday-cli demo --people ...``.

Usage: python bench/make_big_db.py OUT.db [PEOPLE [EVENTS [FEEDBACK]]]
(default 100,000 people, 50 events, 20,000 suggestions; about 200,000 invitations).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openday_desktop.cli import main as cli_main  # noqa: E402

DISTRICT = (100_000, 50, 20_000)


def make_big_db(
    path: Path, people: int = DISTRICT[0], events: int = DISTRICT[1], feedback: int = DISTRICT[2]
) -> Path:
    """Create ``path`` (replacing it) with a seeded district-sized sample."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    args = ["--people", str(people), "--events", str(events), "--feedback", str(feedback)]
    code = cli_main(["--db", str(path), "demo", *args])
    if code:
        raise SystemExit(code)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "big.db")
    sizes = [int(a) for a in sys.argv[2:5]]
    make_big_db(target, *sizes)
