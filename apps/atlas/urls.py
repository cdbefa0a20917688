from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from . import views
from .sitemaps import SITEMAPS
from .views import cite, crawlers, images, oembed, stories

site_patterns = (
    [
        path("", views.SiteListView.as_view(), name="list"),
        path("<slug:slug>/", views.SiteDetailView.as_view(), name="detail"),
        path("<slug:slug>/card.png", images.site_card, name="card"),
        path("<slug:slug>/as-of/<str:day>/", cite.site_as_of, name="as-of"),
        path("<slug:slug>/cite.bib", cite.site_cite, {"format": "bib"}, name="cite-bib"),
        path("<slug:slug>/cite.ris", cite.site_cite, {"format": "ris"}, name="cite-ris"),
        path("<slug:slug>/cite.json", cite.site_cite, {"format": "json"}, name="cite-json"),
    ],
    "sites",
)
collective_patterns = (
    [
        path("", views.CollectiveListView.as_view(), name="list"),
        path("<slug:slug>/", views.CollectiveDetailView.as_view(), name="detail"),
    ],
    "collectives",
)

story_patterns = (
    [
        path("", stories.StoryListView.as_view(), name="list"),
        path("<slug:slug>/", stories.StoryView.as_view(), name="detail"),
    ],
    "stories",
)

# The pages, one address per language (/fr/..., /en/...: config/urls.py). A site's card and
# citation files are written in the page's language and name its address, so they go with it.
page_patterns = [
    path("", views.MapView.as_view(), name="map"),
    path("sites/", include(site_patterns)),
    path("collectives/", include(collective_patterns)),
    path("stories/", include(story_patterns)),
    path("press/", views.PressListView.as_view(), name="press"),
    path("stats/", views.StatsView.as_view(), name="stats"),
    path("quality/", views.QualityView.as_view(), name="quality"),
]

# The open data and what machines read keep one address; ?lang= chooses the language.
document_patterns = [
    path("embed/", views.EmbedView.as_view(), name="embed"),
    path("embed/stories/<slug:slug>/", stories.StoryEmbedView.as_view(), name="story-embed"),
    path("map/sites.json", views.map_data, name="map-data"),
    path("map.png", images.map_image, {"format": "png"}, name="map-png"),
    path("map.pdf", images.map_image, {"format": "pdf"}, name="map-pdf"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", crawlers.robots_txt, name="robots"),
    path("manifest.webmanifest", crawlers.web_manifest, name="manifest"),
    path("favicon.ico", crawlers.FaviconView.as_view(), name="favicon"),
    path("oembed", oembed.oembed, name="oembed"),
]
