from django.urls import path

from reporting import views

urlpatterns = [
    path("reporting/", views.dashboard, name="dashboard"),
    path("reporting/export/<slug:table>.<slug:fmt>", views.dashboard_export,
         name="dashboard_export"),
    path("reporting/report.pdf", views.report_pdf, name="report_pdf"),
    path("reporting/simulator/", views.policy_simulator, name="policy_simulator"),
    path("reporting/costs/", views.costline_list, name="costline_list"),
    path("reporting/costs/new/", views.costline_create, name="costline_create"),
    path("reporting/costs/generate/", views.costline_generate, name="costline_generate"),
    path("reporting/costs/<int:pk>/", views.costline_edit, name="costline_edit"),
    path("reporting/costs/<int:pk>/delete/", views.costline_delete, name="costline_delete"),
]
