"""POST /api/v1/files/ (staff, multipart field `file`, optional `purpose`): store an attachment."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import StoredFile
from .services import FileRejected, store_upload


class IsStaffMember(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and getattr(user, "kind", "") == "staff")


class UploadInput(serializers.Serializer):
    file = serializers.FileField(error_messages={"required": "请选择要上传的文件。", "empty": "文件为空，请重新选择。",
                                                 "invalid": "没有收到文件。"})
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=100)


class StoredFileOutput(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = StoredFile
        fields = ["id", "name", "mime", "kind", "size", "sha256", "text_extracted", "created_at"]


class UploadView(APIView):
    permission_classes = [IsStaffMember]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": UploadInput}, responses={201: StoredFileOutput},
                   summary="上传附件")
    def post(self, request):
        data = UploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            stored = store_upload(uploaded_file=data.validated_data["file"], actor=request.user,
                                  purpose=data.validated_data.get("purpose", ""))
        except FileRejected as exc:
            exc.field = exc.field or "file"
            raise
        return Response(StoredFileOutput(stored).data, status=status.HTTP_201_CREATED)
