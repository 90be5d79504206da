// The map pane's content (see map_view.hpp).
#include <tui/map_view.hpp>
#include <tui/text.hpp>
#include <tui/views.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>

namespace fieldops::dashboard {

namespace {

GeoBox zoomed(const GeoBox& whole, const MapView& v) {
  const double scale = std::ldexp(1.0, -std::clamp(v.zoom, 0, kMaxZoom));
  const double latSpan = (whole.maxLat - whole.minLat) * scale;
  const double lonSpan = (whole.maxLon - whole.minLon) * scale;
  const double lat = (whole.minLat + whole.maxLat) / 2 + v.panNorth * latSpan / 4;
  const double lon = (whole.minLon + whole.maxLon) / 2 + v.panEast * lonSpan / 4;
  return {lat - latSpan / 2, lat + latSpan / 2, lon - lonSpan / 2, lon + lonSpan / 2};
}

// Cells taken so far; the nearest free cell to a wanted one (within two cells), if any.
class Grid {
 public:
  Grid(int h, int w) : h_(h), w_(w), taken_(static_cast<std::size_t>(h * w), false) {}
  bool free(Cell c) const {
    return c.row >= 0 && c.col >= 0 && c.row < h_ && c.col < w_ &&
           !taken_[static_cast<std::size_t>(c.row * w_ + c.col)];
  }
  void take(Cell c) { taken_[static_cast<std::size_t>(c.row * w_ + c.col)] = true; }
  std::optional<Cell> nearest(Cell want) const {
    for (int r = 0; r <= 2; ++r) {
      for (int dr = -r; dr <= r; ++dr) {
        for (int dc = -r; dc <= r; ++dc) {
          if (std::max(std::abs(dr), std::abs(dc)) != r) continue;
          const Cell c{want.row + dr, want.col + dc};
          if (free(c)) return c;
        }
      }
    }
    return std::nullopt;
  }
  int width() const { return w_; }

 private:
  int h_, w_;
  std::vector<bool> taken_;
};

MapKind unitKind(UnitStatus s) {
  switch (s) {
    case UnitStatus::AVAILABLE: return MapKind::unitAvailable;
    case UnitStatus::BUSY: return MapKind::unitBusy;
    case UnitStatus::OFF_DUTY: return MapKind::unitOffDuty;
    case UnitStatus::LOST: return MapKind::unitLost;
  }
  return MapKind::unitAvailable;
}

std::string countText(std::size_t n, char single) {
  if (n <= 1) return std::string(1, single);
  return n <= 9 ? std::to_string(n) : std::string("+");
}

}  // namespace

char unitMarker(std::size_t i) {
  // Capitals only: digits are the sightings' counts, m marks minors.
  return i < 26 ? static_cast<char>('A' + i) : '@';
}

MapPicture mapPicture(const Picture& p, const MapView& view, int h, int w,
                      std::size_t recentSightings) {
  MapPicture out;
  const auto area = operationArea(p, recentSightings);
  if (!area || h <= 0 || w <= 0) return out;
  out.empty = false;
  const GeoBox box = fitAspect(zoomed(*area, view), h, w);
  Grid grid(h, w);
  const auto place = [&](const Position& pos, std::string text, MapKind kind) {
    const auto at = project(box, pos, h, w);
    if (!at) return false;
    const auto cell = grid.nearest(*at);
    if (!cell) return false;
    grid.take(*cell);
    out.marks.push_back({*cell, std::move(text), kind});
    return true;
  };
  // Sightings first, where they were seen: one mark per cell and class, with a count.
  struct Group {
    Position pos;
    std::size_t n = 0;
  };
  std::map<std::pair<int, int>, std::array<Group, 3>> groups;  // by cell: hit, minors, other
  std::size_t n = 0;
  for (auto it = p.sightings.rbegin(); it != p.sightings.rend() && n < recentSightings; ++it, ++n) {
    const StoredSighting& s = it->second;
    if (!known(s.sighting.position)) continue;
    const auto at = project(box, s.sighting.position, h, w);
    if (!at) continue;
    const SightingRow row = classify(s);
    const std::size_t cls = row.screeningHit ? 0 : row.minors ? 1 : 2;
    Group& g = groups[{at->row, at->col}][cls];
    g.pos = s.sighting.position;
    ++g.n;
  }
  for (std::size_t cls = 0; cls < 3; ++cls) {  // hits placed first: nearest their spot
    for (const auto& [cell, classes] : groups) {
      const Group& g = classes[cls];
      if (g.n == 0) continue;
      const char glyph = cls == 0 ? '!' : cls == 1 ? 'm' : '*';
      place(g.pos, countText(g.n, glyph),
            cls == 0 ? MapKind::hit : cls == 1 ? MapKind::minors : MapKind::sighting);
    }
  }
  // Posts and units: beside the sightings, never on them.
  std::vector<std::pair<std::size_t, const PostView*>> posts;
  for (const auto& [name, post] : p.posts) {
    if (!known(post.position)) continue;
    if (place(post.position, "#", MapKind::post)) posts.emplace_back(out.marks.size() - 1, &post);
  }
  std::size_t index = 0;
  for (const auto& [callsign, u] : p.units) {
    const char marker = unitMarker(index++);
    if (!known(u.position)) continue;
    if (place(u.position, std::string(1, marker), unitKind(u.status))) {
      out.legend.push_back(std::string(1, marker) + " " + printable(callsign));
    }
  }
  // Post labels where every cell they need is free, never over anything: right of the mark,
  // else left of it, else on the row above or below; shortened (down to 3 columns) to fit.
  const auto freeRun = [&](int row, int from, int len) {
    for (int c = from; c < from + len; ++c) {
      if (!grid.free({row, c})) return false;
    }
    return true;
  };
  for (const auto& [i, post] : posts) {
    const Cell at = out.marks[i].cell;
    const std::string full = printable(post->name);
    bool placed = false;
    for (int len = std::min(16, displayWidth(full)); len >= 3 && !placed; --len) {
      const std::string name = clipToWidth(full, len);
      const int w = displayWidth(name);
      // Where the label starts, with a blank column kept between it and the mark beside it.
      const Cell tries[] = {{at.row, at.col + 2}, {at.row, at.col - w - 1},
                            {at.row - 1, at.col}, {at.row + 1, at.col}};
      for (const Cell& c : tries) {
        const bool beside = c.row == at.row;
        const int from = beside ? std::min(c.col, at.col + 1) : c.col;
        const int span = beside ? w + 1 : w;
        if (c.col < 0 || !freeRun(c.row, from, span)) continue;
        for (int k = from; k < from + span; ++k) grid.take({c.row, k});
        out.marks.push_back({c, name, MapKind::post, true});
        placed = true;
        break;
      }
    }
  }
  return out;
}

}  // namespace fieldops::dashboard
