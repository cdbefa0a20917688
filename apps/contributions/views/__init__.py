from .contribute import AddClaimView, AddEventView, AddPressItemView, DeleteView, EditView, RestoreView
from .dashboard import DashboardView
from .history import RevertView, SiteHistoryView
from .moderation import ApproveView, ModerationQueueView, RejectView, SuggestionHandledView
from .suggest import SuggestView

__all__ = [
    "AddClaimView",
    "AddEventView",
    "AddPressItemView",
    "ApproveView",
    "DashboardView",
    "DeleteView",
    "EditView",
    "ModerationQueueView",
    "RejectView",
    "RestoreView",
    "RevertView",
    "SiteHistoryView",
    "SuggestView",
    "SuggestionHandledView",
]
