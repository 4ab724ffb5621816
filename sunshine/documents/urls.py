from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/<slug:fmt>/", views.download, name="download"),
]
