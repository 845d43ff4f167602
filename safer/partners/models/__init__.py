"""The partners app's tables: agencies and their sites, information-sharing agreements, partner
accounts, partnership forums, and ASB Case Reviews. One module a topic."""

from safer.partners.models.agencies import Agency, AgencyContact, AgencyKind, PartnerAccount, Site
from safer.partners.models.casereview import (
    CaseReviewApplication,
    CaseReviewComplaint,
    CaseReviewRecommendation,
    CaseReviewSettings,
)
from safer.partners.models.forums import Forum, ForumAction, ForumMeeting, MeetingAttendance
from safer.partners.models.sharing import (
    DATA_ITEMS,
    AgreementReview,
    LegalBasis,
    SharingAgreement,
)

__all__ = [
    "DATA_ITEMS",
    "Agency",
    "AgencyContact",
    "AgencyKind",
    "AgreementReview",
    "CaseReviewApplication",
    "CaseReviewComplaint",
    "CaseReviewRecommendation",
    "CaseReviewSettings",
    "Forum",
    "ForumAction",
    "ForumMeeting",
    "LegalBasis",
    "MeetingAttendance",
    "PartnerAccount",
    "SharingAgreement",
    "Site",
]
