"""Running a team: caseloads, handing over a caseload, the team leader's note on a course."""

from django.urls import path

from visitation import views_team as views

urlpatterns = [
    path("team/", views.team_caseloads, name="team_caseloads"),
    path("team/export/", views.team_caseloads_export, name="team_caseloads_export"),
    path("team/<int:team_pk>/mentors/<int:mentor_pk>/handover/", views.team_mentor_handover,
         name="team_mentor_handover"),
    path("team/<int:team_pk>/caseworkers/<int:user_pk>/handover/",
         views.team_caseworker_handover, name="team_caseworker_handover"),
    path("courses/<int:pk>/note/", views.course_note, name="course_note"),
]
