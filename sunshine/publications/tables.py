"""Village-affairs and 三资 tables (村务/三资公开表格): an uploaded XLSX shown as an accessible HTML table.

The first worksheet is read with openpyxl (read-only, cached values, bounded rows and columns) into a
plain text form: one line per row, cells separated by a tab, the first line the header. That text is
scanned for personal data like the body, masked by the reviewer's resolutions, and rendered with
`<th scope="col">` headers.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from sunshine.core.errors import DomainError

MAX_ROWS = 2000  # data rows shown, beyond the header
MAX_COLS = 30
MAX_CELL_CHARS = 500


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = " ".join(text.replace("\t", " ").split())
    return text[:MAX_CELL_CHARS]


def xlsx_to_text(data: bytes) -> tuple[str, bool]:
    """(tab-separated text, truncated?) from the first worksheet of an XLSX file."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise DomainError("无法读取该 Excel 表格，请上传 .xlsx 格式的文件。", field="table") from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        truncated = False
        for values in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS:
                truncated = True
                break
            if len(values) > MAX_COLS and any(v not in (None, "") for v in values[MAX_COLS:]):
                truncated = True
            cells = [_cell(v) for v in values[:MAX_COLS]]
            if any(cells):
                rows.append(cells)
    finally:
        workbook.close()
    if not rows:
        raise DomainError("表格为空：第一个工作表没有内容。", field="table")
    width = max(max((i + 1 for i, c in enumerate(r) if c), default=0) for r in rows)
    lines = ["\t".join((r + [""] * width)[:width]) for r in rows]
    return "\n".join(lines), truncated


def parse_table_text(text: str) -> Table | None:
    if not text:
        return None
    lines = text.split("\n")
    header = lines[0].split("\t")
    rows = [line.split("\t") for line in lines[1:]]
    return Table(header=header, rows=rows)
