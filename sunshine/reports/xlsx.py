"""Excel export of tables 2, 3 and 4 in the official layout (国办公开办函〔2021〕30号): table 3 with merged header
cells, the 三 section and its groups as merged label columns, on the first sheet; table 4 (one row of 15) on the
second; the checks of both on the last.

Written from the plain table of the disclosure-request provider (`annual_request_table`): rows by `kind` (section,
heading, group, leaf, total), columns as given (自然人, the five 法人或其他组织 columns, 总计)."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from sunshine.core.text import spreadsheet_cell

SHEET_NAME = "三、收到和处理政府信息公开申请情况"
PROACTIVE_SHEET_NAME = "二、主动公开政府信息情况"
REVIEW_SHEET_NAME = "四、政府信息公开行政复议、行政诉讼情况"
CHECK_SHEET_NAME = "勾稽关系校验"
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
FIRST_VALUE_COLUMN = 4  # D: 自然人; E–I: 法人或其他组织; J: 总计
HEADER_ROWS = 3


def _title(table) -> str:
    who = table.department.name if table.department is not None else "全县（全部部门）"
    return f"{who}{table.year}年度政府信息公开工作年度报告 · 三、收到和处理政府信息公开申请情况"


def workbook_bytes(table, review_table=None, proactive=None) -> bytes:
    """Table 2 (when given) first, then table 3, table 4 (when given), every check on the last sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    bold = Font(bold=True)
    last_col = FIRST_VALUE_COLUMN + len(table.columns) - 1

    ws.cell(row=1, column=1, value=spreadsheet_cell(_title(table))).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    ws.cell(row=1, column=1).alignment = center
    top = 2  # first header row

    # Header: A–C merged over three rows with the balance note; 申请人情况 over the seven value columns.
    ws.cell(row=top, column=1, value=spreadsheet_cell(BALANCE_NOTE))
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 2, end_column=3)
    ws.cell(row=top, column=FIRST_VALUE_COLUMN, value=spreadsheet_cell("申请人情况"))
    ws.merge_cells(start_row=top, start_column=FIRST_VALUE_COLUMN, end_row=top, end_column=last_col)
    column_keys = [key for key, _ in table.columns]
    labels = dict(table.columns)
    legal_person_keys, total_key = column_keys[1:-1], column_keys[-1]  # 法人或其他组织 between 自然人 and 总计
    group_labels = {row.key: row.label for row in table.rows if row.kind == "group"}
    heading = next(row for row in table.rows if row.kind == "heading")  # 三、本年度办理结果
    ws.cell(row=top + 1, column=FIRST_VALUE_COLUMN, value=spreadsheet_cell(labels[column_keys[0]]))
    ws.merge_cells(start_row=top + 1, start_column=FIRST_VALUE_COLUMN, end_row=top + 2, end_column=FIRST_VALUE_COLUMN)
    first_lp = FIRST_VALUE_COLUMN + 1
    ws.cell(row=top + 1, column=first_lp, value=spreadsheet_cell("法人或其他组织"))
    ws.merge_cells(start_row=top + 1, start_column=first_lp, end_row=top + 1,
                   end_column=first_lp + len(legal_person_keys) - 1)
    for offset, key in enumerate(legal_person_keys):
        ws.cell(row=top + 2, column=first_lp + offset, value=spreadsheet_cell(labels[key]))
    ws.cell(row=top + 1, column=last_col, value=spreadsheet_cell(labels[total_key]))
    ws.merge_cells(start_row=top + 1, start_column=last_col, end_row=top + 2, end_column=last_col)

    # Body: the official layout has no subtotal lines for （三）–（六）: their labels span their leaves.
    body = [row for row in table.rows if row.kind not in ("group", "heading")]
    r = top + HEADER_ROWS
    first_result_row = None
    group_spans: dict[str, list[int]] = {}
    for row in body:
        for offset, key in enumerate(column_keys):
            ws.cell(row=r, column=FIRST_VALUE_COLUMN + offset, value=spreadsheet_cell(row.values[key]))
        if row.kind == "section":  # 一、二、四
            ws.cell(row=r, column=1, value=spreadsheet_cell(row.label))
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        else:
            if first_result_row is None:
                first_result_row = r
            if row.group:
                group_spans.setdefault(row.group, []).append(r)
                ws.cell(row=r, column=3, value=spreadsheet_cell(row.label))
            else:  # （一）, （二）, （七）总计
                ws.cell(row=r, column=2, value=spreadsheet_cell(row.label))
                ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        if row.kind == "total":
            last_result_row = r
        r += 1
    ws.cell(row=first_result_row, column=1, value=spreadsheet_cell(heading.label))
    ws.merge_cells(start_row=first_result_row, start_column=1, end_row=last_result_row, end_column=1)
    for group, rows in group_spans.items():
        ws.cell(row=rows[0], column=2, value=spreadsheet_cell(group_labels[group]))
        ws.merge_cells(start_row=rows[0], start_column=2, end_row=rows[-1], end_column=2)

    for row_cells in ws.iter_rows(min_row=top, max_row=r - 1, min_col=1, max_col=last_col):
        for cell in row_cells:
            cell.border = border
            if cell.column >= FIRST_VALUE_COLUMN or cell.row < top + HEADER_ROWS:
                cell.alignment = center
            else:
                cell.alignment = left
            if cell.row < top + HEADER_ROWS:
                cell.font = bold
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 44
    for col in range(FIRST_VALUE_COLUMN, last_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = 11
    ws.freeze_panes = ws.cell(row=top + HEADER_ROWS, column=FIRST_VALUE_COLUMN)

    if review_table is not None:
        _review_sheet(wb, review_table, border=border, center=center, bold=bold)
    if proactive is not None:
        _proactive_sheet(wb, proactive, border=border, center=center, bold=bold)

    checks = wb.create_sheet(CHECK_SHEET_NAME)
    checks.append(["校验项", "结果", "说明"])
    for check in [*table.checks, *(review_table.checks if review_table is not None else [])]:
        checks.append([spreadsheet_cell(check.name), "通过" if check.passed else "未通过",
                       spreadsheet_cell(check.detail)])
    for cell in checks[1]:
        cell.font = bold
    checks.column_dimensions["A"].width = 48
    checks.column_dimensions["B"].width = 10
    checks.column_dimensions["C"].width = 80

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _review_sheet(wb, review_table, *, border, center, bold) -> None:
    """Table 4 in the official layout: 行政复议 (5 columns) | 行政诉讼 over 未经复议直接起诉 (5) and 复议后起诉 (5),
    one row of 15 numbers; the cases not counted below it."""
    ws = wb.create_sheet(REVIEW_SHEET_NAME)
    ws.cell(row=1, column=1, value=spreadsheet_cell(_review_title(review_table))).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=15)
    ws.cell(row=1, column=1).alignment = center
    blocks = review_table.blocks()
    ws.cell(row=2, column=1, value=spreadsheet_cell(blocks[0]["label"]))
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=5)
    ws.cell(row=2, column=6, value="行政诉讼")
    ws.merge_cells(start_row=2, start_column=6, end_row=2, end_column=15)
    ws.cell(row=3, column=6, value="未经复议直接起诉")
    ws.merge_cells(start_row=3, start_column=6, end_row=3, end_column=10)
    ws.cell(row=3, column=11, value="复议后起诉")
    ws.merge_cells(start_row=3, start_column=11, end_row=3, end_column=15)
    col = 1
    for block in blocks:
        for cell in block["cells"]:
            ws.cell(row=4, column=col, value=spreadsheet_cell(cell["label"]))
            ws.cell(row=5, column=col, value=cell["value"])
            col += 1
    for row_cells in ws.iter_rows(min_row=2, max_row=5, min_col=1, max_col=15):
        for cell in row_cells:
            cell.border = border
            cell.alignment = center
            if cell.row < 5:
                cell.font = bold
    for c in range(1, 16):
        ws.column_dimensions[get_column_letter(c)].width = 10
    row = 7
    ws.cell(row=row, column=1, value="不计入本表的案件").font = bold
    for item in review_table.as_dict()["not_counted"]:
        row += 1
        ws.cell(row=row, column=1, value=spreadsheet_cell(item["label"]))
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=13)
        ws.cell(row=row, column=14, value=item["count"])


def _proactive_sheet(wb, proactive, *, border, center, bold) -> None:
    """Table 2 in the official layout: one block per article item (its label row, its column headings, its rows),
    the notes (统计口径, missing apps) below."""
    data = proactive.as_dict()
    ws = wb.create_sheet(PROACTIVE_SHEET_NAME, 0)  # first: the report's order is 二、三、四
    who = data["department"]["name"] if data["department"] else "全县（全部部门）"
    ws.cell(row=1, column=1, value=spreadsheet_cell(f"{who}{data['year']}年度政府信息公开工作年度报告 · "
                                                    f"{PROACTIVE_SHEET_NAME}")).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    r = 2
    for section in data["sections"]:
        ws.cell(row=r, column=1, value=spreadsheet_cell(section["label"]))
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        ws.cell(row=r + 1, column=1, value="信息内容")
        for offset, column in enumerate(section["columns"]):
            ws.cell(row=r + 1, column=2 + offset, value=spreadsheet_cell(column["label"]))
        for cells in ws.iter_rows(min_row=r, max_row=r + 1, min_col=1, max_col=4):
            for cell in cells:
                cell.font, cell.border, cell.alignment = bold, border, center
        r += 2
        for row in section["rows"]:
            ws.cell(row=r, column=1, value=spreadsheet_cell(row["label"]))
            for offset, column in enumerate(section["columns"]):
                value = row[column["key"]]
                if column["key"] == "amount_wan" and value != "—":
                    value = Decimal(value)  # a number in the sheet, four decimals as given
                ws.cell(row=r, column=2 + offset, value=spreadsheet_cell(value))
            for cells in ws.iter_rows(min_row=r, max_row=r, min_col=1, max_col=4):
                for cell in cells:
                    cell.border, cell.alignment = border, center
            r += 1
    r += 1
    for note in data["notes"]:
        ws.cell(row=r, column=1, value=spreadsheet_cell(note))
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        r += 1
    ws.column_dimensions["A"].width = 22
    for c in ("B", "C", "D"):
        ws.column_dimensions[c].width = 26


def _review_title(review_table) -> str:
    who = review_table.department.name if review_table.department is not None else "全县（全部部门）"
    return f"{who}{review_table.year}年度政府信息公开工作年度报告 · {REVIEW_SHEET_NAME}"


def filename(table) -> str:
    who = table.department.code if table.department is not None else "county"
    return f"request-table-{table.year}-{who}.xlsx"
