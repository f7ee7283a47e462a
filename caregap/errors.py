"""Problems found in a dataset, reported by file, line and field."""

from __future__ import annotations

from dataclasses import dataclass

SHOWN_LINES = 5  # the check queries list the first five lines of each problem


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset: where it is and what is wrong."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None
    count: int = 1

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            unit = "row" if self.file.endswith(".parquet") else "line"
            where.append(f"{unit} {self.line}")
        if self.field:
            where.append(f"field {self.field}")
        more = f" ({self.count} cells in all)" if self.count > SHOWN_LINES else ""
        return f"{', '.join(where)}: {self.message}{more}"


class DatasetError(Exception):
    """A dataset breaks the contract; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def fail(file: str, message: str, line: int | None = None) -> DatasetError:
    """A DatasetError with one problem, to raise."""
    return DatasetError([Problem(file, message, line=line)])
