"""GET /api/v1/notifications/ (own inbox, unread first); POST /api/v1/notifications/<id>/read."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .models import Notification


class NotificationOutput(serializers.ModelSerializer):
    is_read = serializers.BooleanField()

    class Meta:
        model = Notification
        fields = ["id", "subject", "body", "created_at", "read_at", "is_read"]


class InboxView(generics.ListAPIView):
    serializer_class = NotificationOutput

    def get_queryset(self):
        return selectors.inbox_for(self.request.user)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        response.data["unread"] = selectors.unread_count(request.user)
        return response


class MarkReadView(APIView):
    @extend_schema(request=None, responses=NotificationOutput, summary="标记站内信为已读")
    def post(self, request, pk: int):
        notification = get_object_or_404(selectors.inbox_for(request.user), pk=pk)
        services.mark_read(notification=notification, user=request.user)
        return Response(NotificationOutput(notification).data)
