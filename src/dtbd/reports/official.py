"""Statutory forms in their official layout, as Excel and PDF.

The layout every form shares: the form's number and legal basis, the reporting body at the
top left and the national motto at the top right, the title and the date, "Đơn vị tính:
người", a two-row header (groups over their columns), the numbered column row, the figures,
the total, and the signature blocks of the preparer and the head. Times New Roman throughout.
"""

import io
from dataclasses import dataclass
from typing import Any

from .render import SERIF

FONT = "Times New Roman"


@dataclass
class Form:
    code: str  # "Biểu số BM02/BNV"
    basis: str  # "Ban hành kèm theo Thông tư số 11/2012/TT-BNV"
    body: str  # the reporting unit's name
    title: str
    subtitle: str  # "(Tính đến ngày 31/12/2025)"
    # leading columns (heading, width), e.g. ("STT", 5), ("Tên đơn vị", 36)
    lead: list[tuple[str, int]]
    # figure columns: (heading, group heading or ""), in order
    figures: list[tuple[str, str]]
    # each row: leading cells then figures (ints, or None for an empty cell)
    rows: list[list[Any]]
    bold_rows: frozenset[int] = frozenset()  # indexes of rows printed bold (totals)


def _groups(figures: list[tuple[str, str]]) -> list[tuple[str, int, int]]:
    """(group heading, first index, last index) of consecutive figures sharing a group."""
    out: list[tuple[str, int, int]] = []
    for i, (_, group) in enumerate(figures):
        if out and group and out[-1][0] == group and out[-1][2] == i - 1:
            out[-1] = (group, out[-1][1], i)
        else:
            out.append((group, i, i))
    return out


def form_xlsx(form: Form) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Bieu"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    lead, figures = len(form.lead), len(form.figures)
    width = lead + figures
    normal = Font(name=FONT, size=12)
    bold = Font(name=FONT, size=12, bold=True)
    italic = Font(name=FONT, size=12, italic=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    half = max(lead + 1, width // 2)

    def put(row, col, value, font=normal, align=None, to_col=None):
        cell = sheet.cell(row, col, value)
        cell.font = font
        if align:
            cell.alignment = align
        if to_col and to_col > col:
            sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=to_col)
        return cell

    put(1, 1, form.code, bold, to_col=half - 1)
    put(1, half, form.basis, italic, Alignment(horizontal="right"), to_col=width)
    put(2, 1, form.body.upper(), bold, Alignment(horizontal="center"), to_col=half - 1)
    put(2, half, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold, centre, to_col=width)
    put(3, half, "Độc lập - Tự do - Hạnh phúc", bold, centre, to_col=width)
    put(5, 1, form.title, Font(name=FONT, size=14, bold=True), centre, to_col=width)
    put(6, 1, form.subtitle, italic, centre, to_col=width)
    put(7, 1, "Đơn vị tính: người", italic, Alignment(horizontal="right"), to_col=width)
    top, sub, numbers = 8, 9, 10
    for i, (heading, col_width) in enumerate(form.lead, start=1):
        put(top, i, heading, bold, centre)
        sheet.merge_cells(start_row=top, start_column=i, end_row=sub, end_column=i)
        sheet.column_dimensions[get_column_letter(i)].width = col_width
    for group, first, last in _groups(form.figures):
        col = lead + 1 + first
        if group:
            put(top, col, group, bold, centre, to_col=lead + 1 + last)
            for j in range(first, last + 1):
                put(sub, lead + 1 + j, form.figures[j][0], bold, centre)
        else:
            put(top, col, form.figures[first][0], bold, centre)
            sheet.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
    for j in range(figures):
        sheet.column_dimensions[get_column_letter(lead + 1 + j)].width = 9
    sheet.row_dimensions[sub].height = 48
    for col in range(1, width + 1):
        put(numbers, col, col, italic, centre)
        for row in (top, sub, numbers):
            sheet.cell(row, col).border = box
    for r, line in enumerate(form.rows):
        row = numbers + 1 + r
        font = bold if r in form.bold_rows else normal
        for col, value in enumerate(line, start=1):
            cell = put(row, col, value, font)
            cell.border = box
            if col > lead:
                cell.alignment = Alignment(horizontal="right")
    end = numbers + len(form.rows) + 2
    put(end, half, "......, ngày ..... tháng ..... năm ......", italic, centre, to_col=width)
    put(end + 1, 1, "NGƯỜI LẬP BIỂU", bold, centre, to_col=half - 1)
    put(end + 1, half, "THỦ TRƯỞNG ĐƠN VỊ", bold, centre, to_col=width)
    put(end + 2, 1, "(Ký, ghi rõ họ tên)", italic, centre, to_col=half - 1)
    put(end + 2, half, "(Ký tên, đóng dấu)", italic, centre, to_col=width)
    sheet.freeze_panes = sheet.cell(numbers + 1, lead + 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def form_pdf(form: Form) -> bytes:
    from django.template.loader import render_to_string
    from weasyprint import HTML

    groups = []
    for group, first, last in _groups(form.figures):
        groups.append(
            {
                "heading": group or form.figures[first][0],
                "span": last - first + 1,
                "grouped": bool(group),
            }
        )
    html = render_to_string(
        "reports/form.html",
        {
            "form": form,
            "groups": groups,
            "subheadings": [f for f in form.figures if f[1]],
            "numbers": range(1, len(form.lead) + len(form.figures) + 1),
            "rows": [(i in form.bold_rows, line) for i, line in enumerate(form.rows)],
            "lead": len(form.lead),
            "serif": SERIF,
        },
    )
    return HTML(string=html).write_pdf()
