"""The reports tests use the disclosure-request data set of the table 3 tests (tests may build a domain's cases;
the reports app itself never imports a domain)."""

from sunshine.disclosure_requests.tests.conftest import submit, zfb  # noqa: F401
from sunshine.disclosure_requests.tests.test_annual_table import dataset  # noqa: F401
from sunshine.disclosure_requests.tests.test_review_table import register, requests_  # noqa: F401
