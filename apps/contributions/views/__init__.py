from .contribute import AddClaimView, AddEventView, AddPressItemView, DeleteView, EditView, RestoreView
from .dashboard import DashboardView
from .history import MarkCheckedView, RevertView, SiteHistoryView
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
    "MarkCheckedView",
    "ModerationQueueView",
    "RejectView",
    "RestoreView",
    "RevertView",
    "SiteHistoryView",
    "SuggestView",
    "SuggestionHandledView",
]
