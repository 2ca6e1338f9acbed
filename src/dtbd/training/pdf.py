"""Printed forms: the sign-in sheet of a session and a certificate (WeasyPrint).

Times New Roman's metric twin (Liberation Serif) or DejaVu Serif carry every Vietnamese
letter; the font is named in @page too, so page headers and footers print in it.
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from .models import Certificate, Course, Session


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    with translation.override("vi"):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def signin_sheet(
    *, course: Course, session: Session, learners: list, names: dict[int, str]
) -> bytes:
    rows = [(n, e, names.get(e.sending_unit_id, "")) for n, e in enumerate(learners, 1)]
    return _pdf(
        "training/pdf/signin.html",
        {
            "course": course,
            "session": session,
            "rows": rows,
            "organiser": names.get(course.organizer_unit_id, ""),
        },
    )


def qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=3, border=1)


def certificate(*, certificate: Certificate, verify_url: str) -> bytes:
    from .results import institution_text

    enrolment = certificate.enrolment
    course = enrolment.course
    return _pdf(
        "training/pdf/certificate.html",
        {
            "certificate": certificate,
            "person": enrolment.person,
            "course": course,
            "programme": course.programme.name if course.programme_id else course.name,
            "institution": institution_text(course),
            "qr": qr_svg(verify_url),
            "verify_url": verify_url,
        },
    )
