from .docs import ApiDocsView
from .lists import CollectiveListView, CompanyListView, EventListView, PressListView
from .sites import SiteCollectionView, SiteDetailView

__all__ = [
    "ApiDocsView",
    "CollectiveListView",
    "CompanyListView",
    "EventListView",
    "PressListView",
    "SiteCollectionView",
    "SiteDetailView",
]
