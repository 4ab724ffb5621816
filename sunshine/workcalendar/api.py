"""Public API: the due-date calculator (期限计算)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.errors import DomainError

from . import services
from .forms import MAX_WORKING_DAYS, DueDateForm


class DueDateView(APIView):
    """Due date of a limit of N working days from a start date (the start date itself not counted)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        summary="计算办理期限",
        parameters=[
            OpenApiParameter("start", OpenApiTypes.DATE, required=True, description="起算日（不计入期限）"),
            # The range in the schema is the one the form enforces (schemathesis keeps the two equal).
            OpenApiParameter("working_days", {"type": "integer", "minimum": 0, "maximum": MAX_WORKING_DAYS},
                             required=True, description=f"工作日数（0–{MAX_WORKING_DAYS}）"),
        ],
        responses=inline_serializer("DueDate", {
            "start": serializers.DateField(), "working_days": serializers.IntegerField(),
            "due_date": serializers.DateField(), "provisional": serializers.BooleanField(),
        }),
    )
    def get(self, request):
        form = DueDateForm(request.query_params)
        if not form.is_valid():
            return Response({"detail": form.first_error(), "code": "invalid"}, status=400)
        start, n = form.cleaned_data["start"], form.cleaned_data["working_days"]
        try:
            due = services.add_working_days(start, n)
        except DomainError as exc:
            return Response({"detail": exc.message, "code": exc.code}, status=400)
        return Response({"start": start.isoformat(), "working_days": n, "due_date": due.date.isoformat(),
                         "provisional": due.provisional})
