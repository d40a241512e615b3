"""Make a database with the demo sample plus a pool of N people (default 100,000).

Usage: python bench/make_big_db.py OUT.db [N]
"""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openday_desktop.domain.models import Person  # noqa: E402
from openday_desktop.storage import open_store  # noqa: E402
from openday_desktop.storage.demo import (  # noqa: E402
    GIVEN,
    PEOPLE_PLAN,
    SURNAMES,
    VILLAGES,
    demo_id_number,
    fill_demo,
)
from openday_desktop.storage.repositories import person_columns  # noqa: E402


def make_big_db(path: Path, people: int = 100_000) -> Path:
    """Create ``path`` (replacing it) with the demo sample and ``people`` extra people."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(path)
    fill_demo(store)
    rng = random.Random(7)
    categories = [plan[0] for plan in PEOPLE_PLAN]
    used: set[str] = set(filter(None, (p.id_number for p in store.people.list())))
    rows = []
    key_cache: dict[str, tuple[str, str]] = {}
    for _ in range(people):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        male = rng.random() < 0.5
        birth = date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
        while True:
            id_number = demo_id_number(rng, birth, male)
            if id_number not in used:
                used.add(id_number)
                break
            birth = date(birth.year, birth.month, rng.randint(1, 28))
        village = rng.choice(VILLAGES)
        person = Person(
            name=name,
            sex="男" if male else "女",
            id_number=id_number,
            birth_date=birth,
            phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            unit=f"{village}村民",
            village=village,
            category=rng.choice(categories),
        )
        if name not in key_cache:  # pinyin per distinct name only: names repeat a lot
            columns = person_columns(person)
            key_cache[name] = (columns["name_pinyin"], columns["name_initials"])
        pinyin, initials = key_cache[name]
        rows.append(
            (
                person.name,
                person.sex,
                person.id_number,
                person.birth_date.isoformat(),
                person.phone,
                person.unit,
                person.village,
                person.category,
                person.source,
                pinyin,
                initials,
            )
        )
    with store.transaction():
        store.db.conn.executemany(
            "INSERT INTO people (name, sex, id_number, birth_date, phone, unit, village, category, "
            "source, name_pinyin, name_initials) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    store.close()
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "big.db")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    make_big_db(target, count)
    print(f"{target}: demo + {count} people")
