// Choosing a unit for a task: capabilities, great-circle distance, and "the nearest available
// unit with the capability". Shared by the coordinator's alert rules and the dashboard's
// assignment suggestion, so both propose the same unit.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <protocol/messages.hpp>
#include <string>

namespace fieldops {

// The capability a task needs from the unit it goes to.
enum class Capability { any, documentCheck, childProtection, vehicleSearch, interpreter };

inline bool hasCapability(const UnitView& u, Capability needs) {
  switch (needs) {
    case Capability::any:
      return true;
    case Capability::documentCheck:
      return u.capabilities.documentCheck;
    case Capability::childProtection:
      return u.capabilities.childProtectionTrained;
    case Capability::vehicleSearch:
      return u.capabilities.vehicleSearch;
    case Capability::interpreter:
      return !u.capabilities.interpreterLanguages.empty();
  }
  return false;
}

// Haversine distance in kilometres on a sphere of the Earth's mean radius.
inline double distanceKm(const Position& a, const Position& b) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dLat = (b.lat - a.lat) * kRad;
  const double dLon = (b.lon - a.lon) * kRad;
  const double h =
      std::sin(dLat / 2) * std::sin(dLat / 2) +
      std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dLon / 2) * std::sin(dLon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

// The available unit with the capability nearest to `from` (a unit at preferredPost counts as
// nearest); empty when there is none. `units` is by callsign, so ties go to the first callsign.
inline std::string nearestAvailableUnit(const std::map<std::string, UnitView>& units,
                                        Capability needs, const Position& from,
                                        const std::string& preferredPost) {
  const UnitView* best = nullptr;
  double bestKm = std::numeric_limits<double>::infinity();
  for (const auto& [callsign, u] : units) {
    if (u.status != UnitStatus::AVAILABLE || !hasCapability(u, needs)) continue;
    // A unit at the named post is as near as it gets, whatever position it last gave.
    const double km =
        !preferredPost.empty() && u.post == preferredPost ? 0.0 : distanceKm(u.position, from);
    if (km < bestKm) {
      best = &u;
      bestKm = km;
    }
  }
  return best == nullptr ? std::string() : best->callsign;
}

}  // namespace fieldops
