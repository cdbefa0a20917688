"""Reading the reference files."""

from __future__ import annotations

from pathlib import Path

import yaml

FILES = ("sources", "companies", "networks", "collectives", "sites")
# Files read when present (stories are built on the rest of the record).
OPTIONAL_FILES = ("stories",)


class ReferenceDataError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def read_files(directory: Path) -> dict[str, list[dict]]:
    data, problems = {}, []
    for name in FILES + OPTIONAL_FILES:
        path = directory / f"{name}.yaml"
        if not path.exists():
            if name in OPTIONAL_FILES:
                data[name] = []
            else:
                problems.append(f"{path}: file missing")
            continue
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            problems.append(f"{path}: not valid YAML: {exc}")
            continue
        if not isinstance(content, list) or not all(isinstance(r, dict) for r in content):
            problems.append(f"{path}: expected a list of records")
            continue
        data[name] = content
    if problems:
        raise ReferenceDataError(problems)
    return data
