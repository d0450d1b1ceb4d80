"""Score what the archive makes of the labeled development articles (`dev-labels.json`).

Shared by `bench/eval_extraction.py` and the corpus test, so that both measure the same thing.
The labels' rules are in the corpus folder's LABELS.md.
"""

import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.reference import name_key

TARGETS = {"relevance_f1": 0.90, "partner_exact": 0.90, "date_accuracy": 1.0, "people_recall": 0.85}


def load_labels(corpus_dir: Path) -> list[dict]:
    return json.loads((corpus_dir / "dev-labels.json").read_text(encoding="utf-8"))


def labeled_files(corpus: Path, wanted: set[str]) -> Iterator[tuple[str, bytes]]:
    """(member name, bytes) for each wanted member, from the tarball (streamed) or an unpacked folder."""
    if corpus.is_dir():
        for name in sorted(wanted):
            yield name, (corpus / name).read_bytes()
        return
    with tarfile.open(corpus, mode="r|*") as archive:
        left = set(wanted)
        for member in archive:
            if member.name in left:
                handle = archive.extractfile(member)
                yield member.name, handle.read() if handle else b""
                left.discard(member.name)
                if not left:
                    return


def _person_found(label: dict, found: list[dict]) -> bool:
    keys = {name_key(n) for n in (label.get("name_th"), label.get("name_en")) if n}
    for person in found:
        for name in (person.get("name_th"), person.get("name_en")):
            if name and name_key(name) in keys:
                return True
    return False


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    partner_hits: int = 0
    partner_total: int = 0
    date_hits: int = 0
    date_total: int = 0
    people_hits: int = 0
    people_total: int = 0
    found_hits: int = 0  # people extracted from positives that the labels name (for precision)
    found_total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def figures(self) -> dict[str, float]:
        return {
            "relevance_precision": self.precision,
            "relevance_recall": self.recall,
            "relevance_f1": self.f1,
            "partner_exact": self.partner_hits / max(self.partner_total, 1),
            "date_accuracy": self.date_hits / max(self.date_total, 1),
            "people_recall": self.people_hits / max(self.people_total, 1),
            "people_precision": self.found_hits / max(self.found_total, 1),
        }

    def table(self) -> str:
        counts = {
            "relevance_precision": f"{self.tp}/{self.tp + self.fp}",
            "relevance_recall": f"{self.tp}/{self.tp + self.fn}",
            "relevance_f1": "",
            "partner_exact": f"{self.partner_hits}/{self.partner_total}",
            "date_accuracy": f"{self.date_hits}/{self.date_total}",
            "people_recall": f"{self.people_hits}/{self.people_total}",
            "people_precision": f"{self.found_hits}/{self.found_total}",
        }
        rows = [f"| {'measure':<20} | {'value':>6} | {'count':>7} | {'target':>7} |",
                f"|{'-' * 22}|{'-' * 8}|{'-' * 9}|{'-' * 9}|"]
        for name, value in self.figures().items():
            target = f">= {TARGETS[name]:.2f}" if name in TARGETS else ""
            rows.append(f"| {name:<20} | {value:6.3f} | {counts[name]:>7} | {target:>7} |")
        return "\n".join(rows)

    def below_targets(self) -> list[str]:
        figures = self.figures()
        return [f"{k} {figures[k]:.3f} < {v}" for k, v in TARGETS.items() if figures[k] < v]


def score(labels: list[dict], records: dict[str, dict]) -> Scores:
    """records: member name -> the `inspect` record the archive made of it."""
    s = Scores()
    for label in labels:
        tag = f"{label['source_url'].rsplit('/', 1)[-1]} [{label['lang']}]"
        record = records.get(label["path"])
        if record is None or "error" in record:
            s.misses.append(f"{tag} not read: {record and record.get('error')}")
            if label["relevant"]:
                s.fn += 1
            else:
                s.tn += 1
            continue
        predicted = bool(record["relevant"])
        if label["relevant"] and predicted:
            s.tp += 1
        elif label["relevant"]:
            s.fn += 1
            s.misses.append(f"{tag} relevance: missed positive (score {record['score']}); {label['why']}")
        elif predicted:
            s.fp += 1
            s.misses.append(f"{tag} relevance: false positive (score {record['score']}); {label['why']}")
        else:
            s.tn += 1
        s.date_total += 1
        if record["date"] == label["date"]:
            s.date_hits += 1
        else:
            s.misses.append(f"{tag} date: {record['date']} != {label['date']}")
        if not label["relevant"]:
            continue
        s.partner_total += 1
        if sorted(record["partners"]) == sorted(label["partners"]):
            s.partner_hits += 1
        else:
            s.misses.append(f"{tag} partners: {record['partners']} != {label['partners']}")
        for found in record["people"]:
            s.found_total += 1
            s.found_hits += _person_found(found, label["people"])
        for person in label["people"]:
            s.people_total += 1
            if _person_found(person, record["people"]):
                s.people_hits += 1
            else:
                name = person["name_th"] or person["name_en"]
                s.misses.append(f"{tag} person missed: {name} ({person['country']}, {person['role']})")
    return s
