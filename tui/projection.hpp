// The map's projection: the operation area (posts, units and recent sightings) on an
// equirectangular lat/lon grid of character cells, north up. Pure, tested without a terminal.
#pragma once

#include <optional>
#include <tui/model.hpp>

namespace fieldops::dashboard {

struct GeoBox {
  double minLat = 0, maxLat = 0, minLon = 0, maxLon = 0;
};

struct Cell {
  int row = 0, col = 0;
  bool operator==(const Cell&) const = default;
};

// A position of exactly (0, 0) means "not given" (agents without --lat/--lon).
bool known(const Position& p);

// The box around every known position of posts, units and the newest `recentSightings`
// sightings, with a margin; nullopt when nothing has a position.
std::optional<GeoBox> operationArea(const Picture& p, std::size_t recentSightings);

// Widens the box so that a kilometre is as long across as up on cells `cellAspect` times as
// tall as wide (a terminal cell is about twice as tall as wide).
GeoBox fitAspect(const GeoBox& box, int height, int width, double cellAspect = 2.0);

// The cell of a position in a height x width grid showing `box`; nullopt outside it.
std::optional<Cell> project(const GeoBox& box, const Position& p, int height, int width);

}  // namespace fieldops::dashboard
