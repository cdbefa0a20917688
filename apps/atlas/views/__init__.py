from .collectives import CollectiveDetailView, CollectiveListView
from .map import EmbedView, MapView, map_data
from .press import PressListView
from .sites import SiteDetailView, SiteListView
from .stats import StatsView

__all__ = [
    "CollectiveDetailView",
    "CollectiveListView",
    "EmbedView",
    "MapView",
    "PressListView",
    "SiteDetailView",
    "SiteListView",
    "StatsView",
    "map_data",
]
