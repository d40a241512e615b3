"""Invitation letters benchmark: 2,000 confirmed people, against python-docx's floor.

App: ``services.documents.write_invitations`` (one letter per person with the official
styles, page breaks, signature, atomic save and its check). Floor: python-docx's default
document with the same paragraphs (a title, a salutation and the letter's paragraphs per
person, a page break before each title), each added at the end of the body directly (not
with ``add_paragraph``, whose search for the end makes 2,000 letters take ten times as long),
then saved. Runs alternate; medians.
Budget: app <= 1.5x floor.

Usage: python bench/invitations.py [--people N] [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ratio import timed, verdict  # noqa: E402
from openday_desktop.domain.models import INV_CONFIRMED  # noqa: E402
from openday_desktop.storage import Store, open_store  # noqa: E402
from openday_desktop.storage.demo import fill_demo  # noqa: E402
from openday_desktop.storage.demo_district import fill_district  # noqa: E402

BUDGET = 1.5


def prepare(folder: Path, people: int) -> tuple[Store, int]:
    """A store whose upcoming event has ``people`` confirmed people."""
    store = open_store(folder / "inv.db")
    fill_demo(store)
    fill_district(store, people=people, events=1, feedback=0)
    event_id = int(store.db.execute("SELECT MAX(id) FROM events").fetchone()[0])
    with store.transaction():
        store.db.execute("DELETE FROM invitations WHERE event_id = ?", [event_id])
        store.db.executemany(
            "INSERT INTO invitations (event_id, person_id, status) VALUES (?, ?, ?)",
            [
                (event_id, pid, INV_CONFIRMED)
                for (pid,) in store.db.execute(
                    "SELECT id FROM people ORDER BY id DESC LIMIT ?", [people]
                ).fetchall()
            ],
        )
        store.db.execute(
            "UPDATE events SET date = date('now', '+20 days'), status = '代表已公示' WHERE id = ?",
            [event_id],
        )
    return store, event_id


def floor(path: Path, names: list[str], lines: list[str]) -> None:
    """The same text in python-docx's default document, no styling, added the fastest way.

    ``Document.add_paragraph`` searches the whole body for its end on every call (quadratic
    in the letters); the floor, like the app, puts each paragraph straight before the body's
    section properties and its text straight into one run.
    """
    from docx import Document
    from docx.oxml import OxmlElement

    doc = Document()
    end = doc.element.body.sectPr

    def add(text: str) -> Any:
        element = OxmlElement("w:p")
        end.addprevious(element)
        element.add_r().add_t(text)
        return element

    for index, name in enumerate(names):
        title = add(f"邀请函（{name}）")
        if index:
            title.get_or_add_pPr().pageBreakBefore_val = True
        add(f"尊敬的{name}先生：")
        for line in lines:
            add(line)
    doc.save(str(path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from docx import Document

    from openday_desktop.services.documents import write_invitations

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store, event_id = prepare(folder, args.people)
        app_path = folder / "app.docx"
        write_invitations(store, event_id, app_path)  # warm-up; also gives the floor its text
        paragraphs = [p.text for p in Document(str(app_path)).paragraphs]
        per_letter = len(paragraphs) // args.people
        lines = [p for p in paragraphs[2:per_letter] if p]
        names = [f"代表{i}" for i in range(args.people)]
        apps, floors = [], []
        for _ in range(args.runs):
            apps.append(timed(lambda: write_invitations(store, event_id, app_path)))
            floors.append(timed(lambda: floor(folder / "floor.docx", names, lines)))
        store.close()
    return verdict(f"invitations, {args.people:,} letters", apps, floors, BUDGET)


if __name__ == "__main__":
    raise SystemExit(main())
