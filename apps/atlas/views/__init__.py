from .collectives import CollectiveDetailView, CollectiveListView
from .map import EmbedView, MapView, map_data
from .press import PressListView
from .quality import QualityView
from .sites import SiteDetailView, SiteListView
from .stats import StatsView

__all__ = [
    "CollectiveDetailView",
    "CollectiveListView",
    "EmbedView",
    "MapView",
    "PressListView",
    "QualityView",
    "SiteDetailView",
    "SiteListView",
    "StatsView",
    "map_data",
]
