from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.course_index, name="list"),
    path("new/", views.course_new, name="new"),
    path("my/", views.my_training, name="my"),
    path("programmes/", views.programmes, name="programmes"),
    path("lecturers/", views.lecturers, name="lecturers"),
    path("verify/", views.verify, name="verify_search"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke_view, name="certificate_revoke"),
    path("enrolments/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<str:code>/", views.course_detail, name="detail"),
    path("<str:code>/status/", views.course_status, name="status"),
    path("<str:code>/sessions/", views.session_new, name="session_new"),
    path("<str:code>/quotas/", views.quota_new, name="quota_new"),
    path("<str:code>/budget/", views.budget_new, name="budget_new"),
    path("<str:code>/nominate/", views.nominate, name="nominate"),
    path("<str:code>/waiting-list/", views.approve_waiting, name="approve_waiting"),
    path("<str:code>/enrolments/<int:pk>/", views.enrolment_action, name="enrolment_action"),
    path("<str:code>/sessions/<int:session_id>/attendance/", views.attendance, name="attendance"),
    path(
        "<str:code>/sessions/<int:session_id>/sign-in.pdf", views.signin_sheet, name="signin_sheet"
    ),
    path("<str:code>/results/", views.results, name="results"),
    path("<str:code>/certificates/", views.certificates_new, name="certificates_new"),
]
