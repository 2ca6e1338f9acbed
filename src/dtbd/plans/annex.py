"""The plan as an Excel annex of a provincial plan decision ("Phụ lục … kèm theo Quyết định").

Laid out as provinces file it: the national motto and the unit at the top, the title with the
period and the approving decision, a numbered column row, one row per target with a total,
the budget by funding source, and the signature block; Times New Roman 12–13 pt. An official
document of the province, so it is always in Vietnamese.
"""

import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from dtbd.core.codes import Level, Measure, ProgramCategory
from dtbd.organisation.models import UnitVersion

from .models import FundingSource, Plan, PlanKind, PlanVersion

FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADERS = ("TT", "Nội dung", "Cấp", "Đơn vị tính", "Chỉ tiêu", "Số lớp trong nước",
           "Số lớp nước ngoài", "Kinh phí (đồng)", "Ghi chú")  # fmt: skip
WIDTHS = (6, 42, 12, 12, 11, 11, 11, 16, 18)


def _period_text(version: PlanVersion) -> str:
    start, end = version.period_start, version.period_end
    if version.kind == PlanKind.YEAR and start.year == end.year:
        return f"NĂM {start.year}"
    if start.year != end.year:
        return f"GIAI ĐOẠN {start.year}–{end.year}"
    return f"TỪ {start:%d/%m/%Y} ĐẾN {end:%d/%m/%Y}"


def _unit_name(plan: Plan, version: PlanVersion) -> str:
    found = UnitVersion.objects.filter(
        unit_id=plan.unit_id, valid_from__lte=version.period_start,
        valid_to__gte=version.period_start,
    ).first() or UnitVersion.objects.filter(unit_id=plan.unit_id).last()  # fmt: skip
    return found.name if found else plan.unit.code


def annex_workbook(plan: Plan, version: PlanVersion) -> bytes:
    with translation.override("vi"):
        return _build(plan, version)


def _cell(ws, row: int, col: int, value, *, bold=False, size=12, align=None, box=False):
    cell = ws.cell(row=row, column=col, value=value)
    cell.font = Font(name=FONT, size=size, bold=bold)
    if align is not None:
        cell.alignment = align
    if box:
        cell.border = BOX
    return cell


def _build(plan: Plan, version: PlanVersion) -> bytes:
    categories = dict(ProgramCategory.choices)
    levels = dict(Level.choices)
    measures = {Measure.PERSON_TIMES: "Lượt người", Measure.PEOPLE: "Người"}
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    last = get_column_letter(len(HEADERS))
    unit = _unit_name(plan, version)

    ws.merge_cells("A1:C1")
    _cell(ws, 1, 1, unit.upper(), bold=True, align=CENTER)
    ws.merge_cells(f"D1:{last}1")
    _cell(ws, 1, 4, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align=CENTER)
    ws.merge_cells(f"D2:{last}2")
    _cell(ws, 2, 4, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align=CENTER)
    ws.merge_cells(f"A4:{last}4")
    _cell(ws, 4, 1, "PHỤ LỤC", bold=True, size=13, align=CENTER)
    ws.merge_cells(f"A5:{last}5")
    _cell(ws, 5, 1, "KẾ HOẠCH ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC "
          + _period_text(version), bold=True, size=13, align=CENTER)  # fmt: skip
    ws.merge_cells(f"A6:{last}6")
    if version.decision_no and version.decision_date:
        basis = (f"(Kèm theo Quyết định số {version.decision_no} ngày "
                 f"{version.decision_date:%d/%m/%Y})")  # fmt: skip
    else:
        basis = f"(Dự thảo, phiên bản {version.number} — chưa được phê duyệt)"
    _cell(ws, 6, 1, basis, align=Alignment(horizontal="center", vertical="center"))
    ws.cell(row=6, column=1).font = Font(name=FONT, size=12, italic=True)

    row = 8
    for col, text in enumerate(HEADERS, start=1):
        _cell(ws, row, col, text, bold=True, align=CENTER, box=True)
    row += 1
    for col in range(1, len(HEADERS) + 1):
        _cell(ws, row, col, f"({col})", align=CENTER, box=True)
    targets = list(version.targets.order_by("program_category", "level", "measure"))
    totals = {"home": 0, "abroad": 0, "budget": 0}
    for n, t in enumerate(targets, start=1):
        row += 1
        values = (n, str(categories.get(t.program_category, t.program_category)),
                  str(levels.get(t.level, "Các cấp")) if t.level else "Các cấp",
                  measures.get(t.measure, t.measure), t.target, t.classes_home,
                  t.classes_abroad, t.budget_vnd, t.note)  # fmt: skip
        for col, value in enumerate(values, start=1):
            align = CENTER if col != 2 else Alignment(vertical="center", wrap_text=True)
            cell = _cell(ws, row, col, value, align=align, box=True)
            if col in (5, 6, 7, 8):
                cell.number_format = "#,##0"
        totals["home"] += t.classes_home
        totals["abroad"] += t.classes_abroad
        totals["budget"] += t.budget_vnd or 0
    row += 1
    _cell(ws, row, 1, "", box=True)
    _cell(ws, row, 2, "Tổng số lớp, kinh phí", bold=True, box=True)
    for col, value in ((6, totals["home"]), (7, totals["abroad"]), (8, totals["budget"] or None)):
        _cell(ws, row, col, value, bold=True, align=CENTER, box=True).number_format = "#,##0"
    for col in (3, 4, 5, 9):
        _cell(ws, row, col, "", box=True)

    budgets = list(version.budgets.order_by("source"))
    if budgets:
        row += 2
        _cell(ws, row, 2, "Kinh phí theo nguồn (đồng)", bold=True)
        sources = dict(FundingSource.choices)
        for b in budgets:
            row += 1
            _cell(ws, row, 2, str(sources.get(b.source, b.source)), box=True)
            _cell(ws, row, 8, b.amount_vnd, box=True).number_format = "#,##0"
        row += 1
        _cell(ws, row, 2, "Cộng", bold=True, box=True)
        _cell(ws, row, 8, sum(b.amount_vnd for b in budgets), bold=True,
              box=True).number_format = "#,##0"  # fmt: skip

    row += 2
    ws.merge_cells(start_row=row, start_column=6, end_row=row, end_column=9)
    _cell(ws, row, 6, "NGƯỜI KÝ QUYẾT ĐỊNH", bold=True, align=CENTER)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    _cell(ws, row, 1, "NGƯỜI LẬP BIỂU", bold=True, align=CENTER)
    row += 1
    for start, end in ((1, 3), (6, 9)):
        ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)
        cell = _cell(ws, row, start, "(Ký, ghi rõ họ tên)", align=CENTER)
        cell.font = Font(name=FONT, size=12, italic=True)
    ws.print_options.horizontalCentered = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
