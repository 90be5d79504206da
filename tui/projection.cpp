// Equirectangular projection of the operation area onto character cells (see projection.hpp).
#include <algorithm>
#include <cmath>
#include <tui/projection.hpp>

namespace fieldops::dashboard {

namespace {

constexpr double kMinSpanDeg = 0.02;  // about 2 km: a single post still gets a sensible map
constexpr double kMargin = 0.08;      // of the span, on every side

void include(std::optional<GeoBox>& box, const Position& p) {
  if (!known(p)) return;
  if (!box) {
    box = GeoBox{p.lat, p.lat, p.lon, p.lon};
    return;
  }
  box->minLat = std::min(box->minLat, p.lat);
  box->maxLat = std::max(box->maxLat, p.lat);
  box->minLon = std::min(box->minLon, p.lon);
  box->maxLon = std::max(box->maxLon, p.lon);
}

}  // namespace

bool known(const Position& p) {
  return p.lat != 0.0 || p.lon != 0.0;
}

std::optional<GeoBox> operationArea(const Picture& p, std::size_t recentSightings) {
  std::optional<GeoBox> box;
  for (const auto& [name, post] : p.posts) include(box, post.position);
  for (const auto& [callsign, unit] : p.units) include(box, unit.position);
  std::size_t n = 0;
  for (auto it = p.sightings.rbegin(); it != p.sightings.rend() && n < recentSightings; ++it, ++n) {
    include(box, it->second.sighting.position);
  }
  if (!box) return box;
  const double latSpan = std::max(box->maxLat - box->minLat, kMinSpanDeg);
  const double lonSpan = std::max(box->maxLon - box->minLon, kMinSpanDeg);
  const double midLat = (box->minLat + box->maxLat) / 2, midLon = (box->minLon + box->maxLon) / 2;
  box->minLat = midLat - latSpan * (0.5 + kMargin);
  box->maxLat = midLat + latSpan * (0.5 + kMargin);
  box->minLon = midLon - lonSpan * (0.5 + kMargin);
  box->maxLon = midLon + lonSpan * (0.5 + kMargin);
  return box;
}

GeoBox fitAspect(const GeoBox& box, int height, int width, double cellAspect) {
  if (height <= 0 || width <= 0) return box;
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double midLat = (box.minLat + box.maxLat) / 2, midLon = (box.minLon + box.maxLon) / 2;
  const double shrink = std::max(0.01, std::cos(midLat * kRad));  // a degree of lon is shorter
  double latSpan = box.maxLat - box.minLat;
  double lonKmSpan = (box.maxLon - box.minLon) * shrink;
  // The grid is width cells across and height * cellAspect cell-widths tall.
  const double gridRatio = static_cast<double>(width) / (height * cellAspect);
  if (lonKmSpan / latSpan < gridRatio) {
    lonKmSpan = latSpan * gridRatio;
  } else {
    latSpan = lonKmSpan / gridRatio;
  }
  const double lonSpan = lonKmSpan / shrink;
  return {midLat - latSpan / 2, midLat + latSpan / 2, midLon - lonSpan / 2, midLon + lonSpan / 2};
}

std::optional<Cell> project(const GeoBox& box, const Position& p, int height, int width) {
  if (height <= 0 || width <= 0 || !known(p)) return std::nullopt;
  if (p.lat < box.minLat || p.lat > box.maxLat || p.lon < box.minLon || p.lon > box.maxLon) {
    return std::nullopt;
  }
  const double fx = (p.lon - box.minLon) / (box.maxLon - box.minLon);
  const double fy = (box.maxLat - p.lat) / (box.maxLat - box.minLat);
  const int col = std::clamp(static_cast<int>(std::lround(fx * (width - 1))), 0, width - 1);
  const int row = std::clamp(static_cast<int>(std::lround(fy * (height - 1))), 0, height - 1);
  return Cell{row, col};
}

}  // namespace fieldops::dashboard
