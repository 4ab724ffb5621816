from django.urls import path

from sunshine.publications import api

urlpatterns = [
    path("", api.PublicationListView.as_view(), name="api-publications"),
    path("drafts/", api.DraftCreateView.as_view(), name="api-publication-draft-create"),
    path("drafts/<int:pk>", api.DraftDetailView.as_view(), name="api-publication-draft"),
    path("drafts/<int:pk>/attachments", api.DraftAttachView.as_view(), name="api-publication-attach"),
    path("drafts/<int:pk>/findings/<int:finding_id>", api.FindingResolveView.as_view(),
         name="api-publication-finding"),
    *[path(f"drafts/<int:pk>/{a}", api.DraftActionView.as_view(action_name=a), name=f"api-publication-{a}")
      for a in ("submit", "approve", "return", "publish", "withdraw")],
    path("<path:index_number>", api.PublicationDetailView.as_view(), name="api-publication-detail"),
]
