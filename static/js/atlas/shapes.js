// A status marker drawn on the shared canvas: a circle marker whose outline is the status's
// shape (the same unit polygons as the legend), so colour is never the only cue and 10,000 of
// them draw in a fraction of a second (DOM markers take seconds).

export function shapeMarkerClass(L) {
  return L.CircleMarker.extend({
    options: { radius: 7, weight: 1.5, color: "#ffffff", opacity: 1, fillOpacity: 0.95, points: null },

    setStatusStyle(style) {
      L.setOptions(this, style);
      if (this._map) this.redraw();
      return this;
    },

    _updateBounds() {
      const r = this._radius * 1.2;
      const pad = r + this._clickTolerance();
      const offset = [pad, pad];
      this._pxBounds = new L.Bounds(this._point.subtract(offset), this._point.add(offset));
    },

    _updatePath() {
      const renderer = this._renderer;
      if (!renderer._drawing || this._empty()) return;
      const ctx = renderer._ctx;
      const p = this._point;
      const r = Math.max(Math.round(this._radius), 1);
      const points = this.options.points;
      ctx.beginPath();
      if (!points) {
        ctx.arc(p.x, p.y, r, 0, Math.PI * 2, false);
      } else {
        points.forEach(([x, y], i) => (i ? ctx.lineTo(p.x + x * r, p.y + y * r) : ctx.moveTo(p.x + x * r, p.y + y * r)));
        ctx.closePath();
      }
      renderer._fillStroke(ctx, this);
    },
  });
}

// Leaflet path options for a status, from the config's legend entry and shape table.
export function statusStyle(status, shapes) {
  if (!status) return {};
  if (status.shape === "ring") {
    return { points: null, color: status.colour, weight: 3, fillColor: "#ffffff", fillOpacity: 0.9, radius: 6 };
  }
  return {
    points: shapes[status.shape] || null,
    color: "#ffffff",
    weight: 1.5,
    fillColor: status.colour,
    fillOpacity: 0.95,
    radius: 7,
  };
}
