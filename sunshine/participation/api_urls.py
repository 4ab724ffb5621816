"""Participation API, mounted at /api/v1/topics/."""

from django.urls import path

from .api import EchoWallAPIView, TopicSubmitAPIView

urlpatterns = [
    path("", TopicSubmitAPIView.as_view(), name="api-topic-submit"),
    path("echo-wall", EchoWallAPIView.as_view(), name="api-topic-echo-wall"),
]
