from django.urls import path

from reporting import views_money

urlpatterns = [
    path("money/limit/", views_money.money_limit, name="money_limit"),
    path("money/limit/settings/", views_money.money_limit_settings,
         name="money_limit_settings"),
    path("money/limit/basis/", views_money.money_limit_basis,
         name="money_limit_basis"),
    path("money/norms/", views_money.money_norms, name="money_norms"),
    path("money/providers/", views_money.money_providers, name="money_providers"),
    path("money/trends/", views_money.money_trends, name="money_trends"),
]
