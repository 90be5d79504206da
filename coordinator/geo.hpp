// Great-circle distance between positions, for "the nearest available unit".
#pragma once

#include <protocol/messages.hpp>

#include <algorithm>
#include <cmath>

namespace fieldops {

// Haversine distance in kilometres on a sphere of the Earth's mean radius.
inline double distanceKm(const Position& a, const Position& b) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dLat = (b.lat - a.lat) * kRad;
  const double dLon = (b.lon - a.lon) * kRad;
  const double h = std::sin(dLat / 2) * std::sin(dLat / 2) +
                   std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dLon / 2) *
                       std::sin(dLon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace fieldops
