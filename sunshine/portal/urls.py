from django.urls import path

from sunshine.accounts import views as account_views

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", account_views.SunshineLoginView.as_view(), name="login"),
    path("logout/", account_views.SunshineLogoutView.as_view(), name="logout"),
    path("after-login/", account_views.after_login, name="after-login"),
    path("register/", account_views.register, name="register"),
    path("my/", views.my, name="my"),
    path("workbench/", views.workbench, name="workbench"),
    path("font-size/", views.font_size, name="font-size"),
    path("script/", views.reader_script_switch, name="reader-script"),
]
