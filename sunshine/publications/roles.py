"""Default capabilities of the roles for proactive disclosure (主动公开)."""

from sunshine.accounts.roles import CLERK, OFFICE_HEAD, REVIEWER, SUPERVISOR

ROLE_CAPABILITIES = {
    CLERK: ["publications.draft_publication", "publications.submit_publication"],
    REVIEWER: ["publications.draft_publication", "publications.submit_publication",
               "publications.review_confidentiality", "publications.review_legality",
               "publications.publish_publication", "publications.edit_guide"],
    OFFICE_HEAD: ["publications.review_confidentiality", "publications.review_legality",
                  "publications.publish_publication", "publications.withdraw_publication",
                  "publications.edit_guide", "publications.import_publications"],
    SUPERVISOR: [],
}
