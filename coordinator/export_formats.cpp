// GIS records as CSV, GeoJSON and KML (see export_gis.hpp).
#include <coordinator/export_gis.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <protocol/time_text.hpp>
#include <protocol/xml_text.hpp>

namespace fieldops {

namespace {

std::string csvField(std::string text) {
  // A field a spreadsheet would run as a formula (agents' free text) is kept as text.
  if (!text.empty() && std::string_view("=+-@").find(text.front()) != std::string_view::npos) {
    text.insert(0, 1, '\'');
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string coordinate(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

}  // namespace

void writeCsv(const std::vector<GisRecord>& records, std::ostream& out) {
  if (records.empty()) return;
  out << "lat,lon";
  for (const auto& [name, value] : records.front().fields) out << ',' << csvField(name);
  out << "\r\n";
  for (const auto& r : records) {
    if (r.position)
      out << coordinate(r.position->lat) << ',' << coordinate(r.position->lon);
    else
      out << ',';
    for (const auto& [name, value] : r.fields) out << ',' << csvField(value);
    out << "\r\n";
  }
}

void writeGeoJson(const std::vector<GisRecord>& records, std::ostream& out) {
  nlohmann::ordered_json features = nlohmann::ordered_json::array();
  for (const auto& r : records) {
    nlohmann::ordered_json f;
    f["type"] = "Feature";
    f["id"] = r.name;
    if (r.position) {
      f["geometry"] = {{"type", "Point"}, {"coordinates", {r.position->lon, r.position->lat}}};
    } else {
      f["geometry"] = nullptr;
    }
    nlohmann::ordered_json props;
    props["name"] = r.name;
    props["time"] = formatUtcTime(r.at);
    for (const auto& [name, value] : r.fields) props[name] = value;
    f["properties"] = std::move(props);
    features.push_back(std::move(f));
  }
  nlohmann::ordered_json doc{{"type", "FeatureCollection"}, {"features", std::move(features)}};
  out << doc.dump(1) << '\n';
}

void writeKml(const std::vector<GisRecord>& records, const std::string& title, std::ostream& out) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>" << xmlEscape(title)
      << "</name>\n";
  for (const auto& r : records) {
    if (!r.position) continue;  // KML places things; an item without a place has no placemark
    out << "<Placemark>\n<name>" << xmlEscape(r.name) << "</name>\n<TimeStamp><when>"
        << formatUtcTime(r.at) << "</when></TimeStamp>\n<ExtendedData>\n";
    for (const auto& [name, value] : r.fields) {
      out << "<Data name=\"" << xmlEscape(name) << "\"><value>" << xmlEscape(value)
          << "</value></Data>\n";
    }
    out << "</ExtendedData>\n<Point><coordinates>" << coordinate(r.position->lon) << ','
        << coordinate(r.position->lat) << "</coordinates></Point>\n</Placemark>\n";
  }
  out << "</Document>\n</kml>\n";
}

}  // namespace fieldops
