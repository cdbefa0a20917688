from .articles import fetch_article, request_article, save_article
from .feeds import parse_feed, poll_feed
from .ingest import Entry, ingest
from .review import confirm_suggestion, dismiss_item

__all__ = [
    "Entry",
    "confirm_suggestion",
    "dismiss_item",
    "fetch_article",
    "ingest",
    "parse_feed",
    "poll_feed",
    "request_article",
    "save_article",
]
