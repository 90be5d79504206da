// What the map pane shows, cell by cell: posts, units and recent sightings placed so that none
// hides another (an item whose cell is taken goes to the nearest free cell), sightings gathered
// per cell and class (screening hit, minors, other) with a count, units with distinct markers
// and a legend, post labels only where they overwrite nothing; zoomed and panned from the
// keyboard. Pure, tested without a terminal.
#pragma once

#include <string>
#include <tui/projection.hpp>
#include <vector>

namespace fieldops::dashboard {

// The commander's zoom and pan: each zoom step halves the span; a pan step moves a quarter of
// the span shown.
struct MapView {
  int zoom = 0;       // 0: the whole operation area; at most kMaxZoom
  int panNorth = 0;   // pan steps north (negative: south)
  int panEast = 0;    // pan steps east (negative: west)
  bool operator==(const MapView&) const = default;
};
inline constexpr int kMaxZoom = 8;

enum class MapKind { post, unitAvailable, unitBusy, unitOffDuty, unitLost, hit, minors, sighting };

struct MapMark {
  Cell cell;
  std::string text;  // one cell wide, or a label
  MapKind kind;
  bool label = false;
};

struct MapPicture {
  std::vector<MapMark> marks;        // at most one per cell; labels after the marks they name
  std::vector<std::string> legend;   // "1 GOLF-1", ... for the units shown
  bool empty = true;                 // nothing has a position
};

// The marker of the i-th unit in callsign order: A-Z; '@' past them (digits are the sightings'
// counts, 'm' marks minors).
char unitMarker(std::size_t index);

// The map of `p` in a height x width grid, with the newest `recentSightings` sightings.
MapPicture mapPicture(const Picture& p, const MapView& view, int height, int width,
                      std::size_t recentSightings);

}  // namespace fieldops::dashboard
