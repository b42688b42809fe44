"""Course pages and the course life cycle."""

from django.urls import path

from visitation import views_courses as views

urlpatterns = [
    path("courses/", views.course_list, name="course_list"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/replay/", views.course_replay, name="course_replay"),
    path("courses/<int:pk>/extend/", views.course_extend, name="course_extend"),
    path("courses/<int:pk>/level/", views.course_change_level, name="course_change_level"),
    path("courses/<int:pk>/end/", views.course_end, name="course_end"),
    path("courses/<int:pk>/reassign/", views.course_reassign, name="course_reassign"),
]
