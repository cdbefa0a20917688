from .docs import ApiDocsView
from .lists import CollectiveListView, CompanyListView, EventListView, PressListView
from .sites import SiteClustersView, SiteCollectionView, SiteDetailView

__all__ = [
    "ApiDocsView",
    "CollectiveListView",
    "CompanyListView",
    "EventListView",
    "PressListView",
    "SiteClustersView",
    "SiteCollectionView",
    "SiteDetailView",
]
