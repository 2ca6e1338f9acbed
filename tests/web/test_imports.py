"""The import page: upload, follow the job, read the summary or the errors; downloads."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from dtbd.exchange.models import ImportJob
from dtbd.organisation.models import Unit
from dtbd.people.models import Person
from tests.web.conftest import user_with_grant
from tests.web.markup import text_of

pytestmark = pytest.mark.django_db

UNITS_CSV = (
    "code,name,level,parent_code,kind\n"
    "30,Tỉnh Hải Dương,province,,area\n"
    "30.SNV,Sở Nội vụ Hải Dương,province,30,state\n"
)
PEOPLE_HEADER = "person_code,full_name,birth_date,gender,unit_code,category,professional\n"


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def post_import(client, django_capture_on_commit_callbacks, **fields):
    data = {"kind": "units", "as_of": "2026-01-01", **fields}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/imports/", data)


def test_import_page_renders_with_today_and_the_recent_imports(admin_client, today):
    response = admin_client.get("/imports/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert f'value="{today:%Y-%m-%d}"' in html
    assert "Chưa có lượt nhập nào." in html
    columns = text_of(html, "file-columns")
    assert "person_code, full_name, birth_date, gender, unit_code, category" in columns
    assert "code, name, level, parent_code" in columns


def test_a_job_that_crashed_says_so_without_details(admin_client):
    job = ImportJob.objects.create(
        kind="units",
        file_name="units.csv",
        as_of=dt.date(2026, 1, 1),
        status=ImportJob.Status.FAILED,
        message="RuntimeError('disk full')",
    )
    html = admin_client.get(f"/imports/{job.pk}/").content.decode()
    assert "lỗi ngoài dự kiến" in text_of(html, "job-summary")
    assert "disk full" not in html  # for the operator's log, not the page
    assert 'hx-trigger="every 1s"' not in html


def test_good_file_is_imported_and_the_summary_shown(
    admin_client, django_capture_on_commit_callbacks
):
    response = post_import(
        admin_client, django_capture_on_commit_callbacks, file=upload("units.csv", UNITS_CSV)
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    page = admin_client.get(response["Location"])
    summary = text_of(page.content.decode(), "job-summary")
    assert "Đã nhập" in summary
    assert "tạo mới 2, cập nhật 0, không đổi 0" in summary
    assert set(Unit.objects.values_list("code", flat=True)) == {"30", "30.SNV"}
    assert 'hx-trigger="every 1s"' not in page.content.decode()  # finished: no more polling
    listing = admin_client.get("/imports/").content.decode()
    assert "units.csv" in text_of(listing, "recent-imports")
    assert "tạo mới 2, cập nhật 0, không đổi 0" in text_of(listing, "recent-imports")


def test_bad_file_lists_file_row_column_errors_and_writes_nothing(
    admin_client, province, django_capture_on_commit_callbacks
):
    text = PEOPLE_HEADER + (
        "HD001,Nguyễn Văn Cừ,1980-01-02,male,27.SNV,civil_servant,university\n"
        "HD002,Trần Thị Ánh,1985-02-03,nu,27.SNV,civil_servant,university\n"
        "HD003,Lê Văn An,02/03/1990,male,NOWHERE,civil_servant,\n"
    )
    response = post_import(
        admin_client,
        django_capture_on_commit_callbacks,
        kind="people",
        file=upload("people.csv", text),
    )
    html = admin_client.get(response["Location"]).content.decode()
    assert "Tệp bị từ chối" in text_of(html, "job-summary")
    assert "2 lỗi" in text_of(html, "job-summary")
    errors = text_of(html, "job-errors")
    assert "people.csv:3:gender: unknown gender 'nu'" in errors
    assert "people.csv:4:unit_code:" in errors
    assert not Person.objects.filter(code__startswith="HD").exists()


def test_only_the_first_thousand_errors_are_listed_with_the_total(
    admin_client, province, django_capture_on_commit_callbacks
):
    rows = "".join(
        f"HD{i:04d},Nguyễn Văn An,1980-01-02,unknown,27.SNV,civil_servant,\n" for i in range(1005)
    )
    response = post_import(
        admin_client,
        django_capture_on_commit_callbacks,
        kind="people",
        file=upload("many.csv", PEOPLE_HEADER + rows),
    )
    response = admin_client.get(response["Location"])
    html = response.content.decode()
    assert "1.005 lỗi" in text_of(html, "job-summary")
    assert "Dưới đây là 1.000 lỗi đầu tiên." in text_of(html, "job-summary")
    assert html.count("many.csv:") == 1000


def test_check_only_writes_nothing_and_says_so(admin_client, django_capture_on_commit_callbacks):
    response = post_import(
        admin_client,
        django_capture_on_commit_callbacks,
        file=upload("units.csv", UNITS_CSV),
        dry_run="on",
    )
    html = admin_client.get(response["Location"]).content.decode()
    assert "Tệp hợp lệ; chưa ghi dữ liệu" in text_of(html, "job-summary")
    assert "tạo mới 2" in text_of(html, "job-summary")
    assert not Unit.objects.exists()


def test_unknown_columns_can_be_ignored(admin_client, django_capture_on_commit_callbacks):
    text = "code,name,level,parent_code,note\n40,Tỉnh Nghệ An,province,,ghi chú\n"
    refused = post_import(
        admin_client, django_capture_on_commit_callbacks, file=upload("u.csv", text)
    )
    assert "u.csv:1:note: unknown column" in admin_client.get(refused["Location"]).content.decode()
    accepted = post_import(
        admin_client,
        django_capture_on_commit_callbacks,
        file=upload("u.csv", text),
        ignore_unknown="on",
    )
    page = admin_client.get(accepted["Location"]).content.decode()
    assert "tạo mới 1" in text_of(page, "job-summary")


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (None, "Trường này là bắt buộc."),
        (
            SimpleUploadedFile("report.pdf", b"%PDF-1.4"),
            "“report.pdf” không phải tệp CSV hay XLSX.",
        ),
        (SimpleUploadedFile("empty.csv", b""), "Tệp không có dữ liệu."),
    ],
    ids=["missing", "not-csv-or-xlsx", "empty"],
)
def test_bad_uploads_get_a_clear_form_error(admin_client, file, message):
    data = {"kind": "units", "as_of": "2026-01-01"}
    if file is not None:
        data["file"] = file
    response = admin_client.post("/imports/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "is-invalid" in html
    assert not ImportJob.objects.exists()


def test_running_job_shows_a_progress_bar_that_polls(admin_client):
    # Without running the on-commit hook the job stays queued, as it would for the worker.
    response = admin_client.post(
        "/imports/", {"kind": "units", "as_of": "2026-01-01", "file": upload("u.csv", UNITS_CSV)}
    )
    job = ImportJob.objects.get()
    page = admin_client.get(response["Location"]).content.decode()
    assert f'hx-get="/imports/{job.pk}/progress/"' in page and 'hx-trigger="every 1s"' in page
    assert "Đang chờ tiến trình nền" in page
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    cache.set(f"import-progress:{job.pk}", (0.42, 1234))
    partial = admin_client.get(f"/imports/{job.pk}/progress/").content.decode()
    assert 'data-progress="42"' in partial and "1.234" in partial
    assert 'hx-trigger="every 1s"' in partial
    from dtbd.exchange.services import import_job_run

    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    import_job_run(job.pk)
    done = admin_client.get(f"/imports/{job.pk}/progress/").content.decode()
    assert "hx-trigger" not in done
    assert "tạo mới 2, cập nhật 0, không đổi 0" in text_of(done, "job-summary")


def test_import_needs_write_rights(client, province):
    client.force_login(user_with_grant("viewer", province.bac_ninh))
    page = client.get("/imports/")
    assert page.status_code == 403
    assert "Bạn không có quyền" in page.content.decode()
    posted = client.post(
        "/imports/", {"kind": "units", "as_of": "2026-01-01", "file": upload("u.csv", UNITS_CSV)}
    )
    assert posted.status_code == 403
    assert client.get("/imports/export/?kind=people&format=csv&on=2026-01-01").status_code == 403
    assert not ImportJob.objects.exists()


def test_a_manager_may_import_and_sees_only_their_jobs(
    client, admin_client, province, django_capture_on_commit_callbacks
):
    post_import(
        admin_client, django_capture_on_commit_callbacks, file=upload("admin.csv", UNITS_CSV)
    )
    manager = user_with_grant("manager", province.bac_ninh)
    client.force_login(manager)
    page = client.get("/imports/")
    assert page.status_code == 200
    assert "admin.csv" not in page.content.decode()
    admin_job = ImportJob.objects.get()
    assert client.get(f"/imports/{admin_job.pk}/").status_code == 404


def test_export_units_csv_as_of_2022(admin_client, province):
    response = admin_client.get("/imports/export/?kind=units&format=csv&on=2022-01-01")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="units-2022-01-01.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_code = {r["code"]: r for r in rows}
    assert by_code["256"]["name"] == "Huyện Yên Phong" and by_code["256"]["parent_code"] == "27"
    assert by_code["256"]["valid_to"] == "2025-06-30"


def test_export_people_xlsx_limited_to_the_grant(client, people, province):
    client.force_login(user_with_grant("manager", province.ha_noi))
    response = client.get("/imports/export/?kind=people&format=xlsx&on=2026-01-01")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:2] == ("person_code", "full_name")
    assert [r[0] for r in rows[1:]] == ["HN001"]


def test_export_with_a_bad_date_shows_the_form_error(admin_client):
    response = admin_client.get("/imports/export/?kind=people&format=csv&on=yesterday")
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()


def test_exported_people_file_imports_back_unchanged(
    admin_client, people, django_capture_on_commit_callbacks
):
    on = dt.date(2026, 1, 1)
    exported = admin_client.get(f"/imports/export/?kind=people&format=csv&on={on}")
    text = b"".join(exported.streaming_content).decode()
    response = post_import(
        admin_client,
        django_capture_on_commit_callbacks,
        kind="people",
        as_of=str(on),
        file=upload("people.csv", text),
    )
    html = admin_client.get(response["Location"]).content.decode()
    assert "tạo mới 0, cập nhật 0, không đổi 7" in text_of(html, "job-summary")
