from config.settings.base import _tile_origin


def test_the_tile_servers_origin_is_allowed_for_images():
    assert _tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert _tile_origin("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == "https://*.tiles.example.org"
    assert _tile_origin("/static/test-tiles/{z}/{x}/{y}.png") == "'self'"
