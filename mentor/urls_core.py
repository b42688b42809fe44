"""Core pages: citizens (list, form, detail) and the policy screens."""


urlpatterns: list = []
