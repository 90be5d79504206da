// Exports for GIS tools and spreadsheets (docs/coordinator.md, "Exporting"): the events, the
// sightings or the tasks of a store as CSV, GeoJSON or KML. Records first, then a format.
#pragma once

#include <coordinator/store.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace fieldops {

// One exported item: where and when, a label, and its fields in a fixed order.
struct GisRecord {
  std::string name;  // a label for map tools, e.g. "task 12"
  Millis at = 0;
  std::optional<Position> position;  // none when the item has no place (e.g. an alert event)
  std::vector<std::pair<std::string, std::string>> fields;
};

// Every event, oldest first; positions from sightings, registrations, task targets and posts.
std::vector<GisRecord> eventRecords(const EventStore& store);
// Every stored sighting, oldest first, with its screening result.
std::vector<GisRecord> sightingRecords(const EventStore& store);
// Every task by id, with its state, unit and full history; positioned at its target.
std::vector<GisRecord> taskRecords(const EventStore& store);

// RFC 4180 CSV: a header row (lat, lon, then the field names), then one row per record. A value
// that starts with = + - or @ gets a leading ' so that spreadsheets do not run it as a formula.
void writeCsv(const std::vector<GisRecord>& records, std::ostream& out);
// A GeoJSON FeatureCollection (RFC 7946): Point geometry [lon, lat] or null, fields as properties.
void writeGeoJson(const std::vector<GisRecord>& records, std::ostream& out);
// A KML 2.2 document: one Placemark with a TimeStamp per record that has a position.
void writeKml(const std::vector<GisRecord>& records, const std::string& title, std::ostream& out);

}  // namespace fieldops
