from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_index, name="list"),
    path("new/", views.plan_new, name="new"),
    path("<str:code>/", views.plan_detail, name="detail"),
    path("<str:code>/edit/", views.plan_edit_page, name="edit"),
    path("<str:code>/compare/", views.plan_compare, name="compare"),
    path("<str:code>/rollup/", views.plan_rollup_page, name="rollup"),
    path("<str:code>/fulfilment/", views.plan_fulfilment_page, name="fulfilment"),
    path("<str:code>/fulfilment/<int:target_id>/", views.plan_completions, name="completions"),
    path("<str:code>/annex.xlsx", views.plan_annex, name="annex"),
    path("<str:code>/<str:action>/", views.plan_action, name="action"),
]
