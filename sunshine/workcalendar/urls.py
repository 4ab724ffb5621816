from django.urls import path

from . import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.calculator, name="calculator"),
]
