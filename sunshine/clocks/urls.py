from django.urls import path

from . import views

app_name = "clocks"
urlpatterns = [
    path("", views.clock_list, name="clock-list"),
    path("<int:pk>/", views.clock_detail, name="clock-detail"),
]
