"""Reading metrics.csv: the one parser of the file, for the writer (runs.py: resume, branch) and
the reader (run_reader.py: open, follow live, the "recent runs" list).

The file is a header line, then one line per step, each ended by a newline. Rules every reader
here keeps:

- A last line without a newline was cut off mid-write (SIGKILL, power cut) or is still being
  written: it is not a row, and is left out (the next read of a live file picks it up whole).
- A line with another number of cells than the header is malformed and skipped.
- A row's step is its "step" cell read as a finite number; a row without one is skipped where
  rows are selected by step or read as columns.
- A blank cell (the collapse meter's columns on the steps it was not evaluated) is "" in a row
  and NaN in a column.

torch-free: opening a run folder or listing runs must not load torch.
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path

import numpy as np

STEP = "step"
TAIL_BYTES = 65536  # tail_step reads this much of the file's end


def complete_end(data: bytes) -> int:
    """Where the complete lines of ``data`` end (just past its last newline; 0 when it has none).
    What follows is a torn or unfinished last line."""
    return data.rfind(b"\n") + 1


def split_cells(line: str) -> list[str]:
    return line.rstrip("\r").split(",")


def step_of(cell: str) -> int | None:
    """A step cell as an int; None when it is not a finite number."""
    try:
        value = float(cell)
    except ValueError:
        return None
    return int(value) if math.isfinite(value) else None


def number(cell: str) -> float:
    """A cell as a float: NaN when blank or not a number."""
    try:
        return float(cell) if cell else float("nan")
    except ValueError:
        return float("nan")


# ------------------------------------------------------------------ rows (dicts of strings)

def well_formed_lines(text: str) -> list[str]:
    """The header line, then the complete lines with as many cells as it, as they are written."""
    lines = text.split("\n")
    n_commas = lines[0].count(",")
    return [lines[0]] + [line for line in lines[1:-1] if line.count(",") == n_commas]


def read_metrics_text(text: str) -> list[dict[str, str]]:
    """The rows of metrics.csv text, column name → cell, in file order."""
    first, *lines = well_formed_lines(text)
    if not first:
        return []
    header = split_cells(first)
    return [dict(zip(header, split_cells(line))) for line in lines]


def read_metrics_rows(path: Path) -> list[dict[str, str]]:
    """The rows of the metrics.csv at ``path`` (see ``read_metrics_text``)."""
    return read_metrics_text(Path(path).read_text(encoding="utf-8", errors="replace"))


def rows_through(rows: list[dict[str, str]], last_step: int) -> list[dict[str, str]]:
    """The rows whose step is at most ``last_step``."""
    return [r for r in rows if (step := step_of(r.get(STEP, ""))) is not None and step <= last_step]


def rows_end(data: bytes, last_step: int) -> int:
    """Where the bytes of metrics.csv that a resume to ``last_step`` keeps end: just past the last
    complete row, fitting the header, whose step is at most ``last_step`` (past the header when
    there is none; 0 when the header itself is incomplete). Scans back from the end, so cutting
    a long file by a few rows reads only those."""
    header_end = data.find(b"\n")
    if header_end < 0:
        return 0
    n_cells = data[:header_end].count(b",") + 1
    end = complete_end(data)
    while end > header_end + 1:
        start = data.rfind(b"\n", 0, end - 1) + 1
        cells = data[start:end - 1].split(b",")
        step = step_of(cells[0].decode("ascii", "replace"))
        if len(cells) == n_cells and step is not None and step <= last_step:
            break
        end = start
    return end


def tail_step(path: Path) -> int:
    """The step of the last complete row of metrics.csv, reading only the file's end; 0 when
    there is none or the file cannot be read."""
    try:
        with open(path, "rb") as f:
            size = f.seek(0, os.SEEK_END)
            f.seek(max(0, size - TAIL_BYTES))
            tail = f.read()
    except OSError:
        return 0
    for line in reversed(tail.split(b"\n")[1:-1]):  # the first piece is the header or cut, the last unfinished
        step = step_of(line.split(b",", 1)[0].decode("ascii", "replace"))
        if step is not None:
            return step
    return 0


# ------------------------------------------------------------------ columns (float64 arrays)

def empty_columns(columns=(STEP,)) -> dict[str, np.ndarray]:
    return {k: np.empty(0, dtype=np.float64) for k in columns}


def parse_columns(block: str, header: list[str]) -> tuple[dict[str, np.ndarray], int]:
    """Complete CSV lines (``block`` ends in a newline) → column arrays (float64, NaN for blank
    cells) and the count of bad lines (wrong number of cells, or no step).

    Blank cells become "nan" by plain string replacement so numpy's C parser reads the block
    (about 20× faster than splitting in Python); a block it rejects is read line by line.
    """
    if not block.strip():
        return empty_columns(header), 0
    filled = ("\n" + block).replace("\n,", "\nnan,").replace(",,", ",nan,").replace(",,", ",nan,")
    filled = filled.replace(",\n", ",nan\n")[1:]
    try:
        values = np.loadtxt(io.StringIO(filled), delimiter=",", dtype=np.float64, ndmin=2,
                            comments=None)
        if values.shape[1] != len(header):
            raise ValueError("columns")
        lines = len(values)
    except ValueError:
        cells = [split_cells(line) for line in block.split("\n")[:-1]]
        good = [[number(c) for c in row] for row in cells if len(row) == len(header)]
        values = np.array(good, dtype=np.float64).reshape(len(good), len(header))
        lines = len(cells)
    values = values[np.isfinite(values[:, header.index(STEP)])]
    columns = values.T.copy()
    return {k: columns[i] for i, k in enumerate(header)}, lines - len(values)


def _concat(chunks: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    if len(chunks) == 1:
        return chunks[0]
    return {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]}


class MetricsFile:
    """One metrics.csv read as columns a piece at a time: each ``read_new`` reads only the bytes
    appended since the last, so following a live run costs what is new, not what is there.

    ``columns``: column → float64 array of every row read so far, always with "step".
    ``partial``: the torn or unfinished last line the last read left out. ``bad_rows``: malformed
    lines skipped so far. ``rewritten``: the last read found the file replaced or shorter (a
    resume dropped rows past its checkpoint) and read it again whole. A file without a step
    column says so once in ``problems`` and is read again only when it is replaced.
    """

    def __init__(self, path: Path, problems: list[str]):
        self.path = Path(path)
        self.problems = problems
        self.rewritten = False
        self.partial = b""
        self.bad_rows = 0
        self._ino = None
        self._offset = 0
        self._header: list[str] | None = None
        self._chunks: list[dict[str, np.ndarray]] = []
        self._unreadable_ino: int | None = None

    def read_new(self) -> dict[str, np.ndarray]:
        """Rows appended since the last read (all of them the first time, or after a rewrite)."""
        self.rewritten = False
        self.partial = b""
        try:
            f = open(self.path, "rb")
        except OSError:
            return empty_columns(self._header or (STEP,))
        with f:
            st = os.fstat(f.fileno())
            if st.st_ino == self._unreadable_ino:
                return empty_columns()
            if self._ino is not None and (st.st_ino != self._ino or st.st_size < self._offset):
                self.rewritten = True
                self._offset, self._header, self._chunks = 0, None, []
            self._ino = st.st_ino
            f.seek(self._offset)
            data = f.read()
        end = complete_end(data)
        self.partial = data[end:]
        if end == 0:
            return empty_columns(self._header or (STEP,))
        self._offset += end
        block = data[:end].decode("utf-8", "replace")
        if self._header is None:
            first, _, block = block.partition("\n")
            self._header = split_cells(first)
            if STEP not in self._header:
                self.problems.append(f"{self.path.name} has no step column; its rows cannot be shown.")
                self._header, self._unreadable_ino = [STEP], st.st_ino  # read again only if replaced
                return empty_columns()
        rows, bad = parse_columns(block, self._header)
        self.bad_rows += bad
        if len(rows[STEP]):
            self._chunks.append(rows)
        return rows

    @property
    def columns(self) -> dict[str, np.ndarray]:
        if not self._chunks:
            return empty_columns(self._header or (STEP,))
        if len(self._chunks) > 1:
            self._chunks = [_concat(self._chunks)]
        return self._chunks[0]
