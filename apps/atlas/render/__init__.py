"""Images drawn on the server with Pillow: a site's preview card and the map as an image.

`canvas` holds what both draw with (fonts, the Web Mercator projection, the outline base map,
the status shapes of apps/atlas/legend.py); `card` and `mapimage` lay them out.
"""
