from django.apps import AppConfig


class DisclosureRequestsConfig(AppConfig):
    name = "sunshine.disclosure_requests"
    label = "disclosure_requests"
    verbose_name = "依申请公开"

    def ready(self):
        from . import conversions, letters

        letters.register_kinds()  # the letters' kinds of document (sunshine.documents)
        conversions.register_converter()  # 转为依申请公开申请 (sunshine.caselinks.conversions), e.g. from the hotline
