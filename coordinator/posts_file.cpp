// Reading the posts file (see posts_file.hpp).
#include <coordinator/posts_file.hpp>
#include <coordinator/screening/csv.hpp>

#include <charconv>
#include <cmath>

namespace fieldops {

namespace {

std::optional<double> number(const std::string& s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

Expected<std::vector<PostView>, std::string> parsePosts(std::string_view text) {
  using Result = Expected<std::vector<PostView>, std::string>;
  screening::CsvReader reader(text);
  screening::CsvRecord record;
  if (!reader.next(record) ||
      record.fields != std::vector<std::string>{"name", "lat", "lon", "staffed"}) {
    return Result(std::string("line 1: the header must be exactly name,lat,lon,staffed"));
  }
  std::vector<PostView> posts;
  while (reader.next(record)) {
    const std::string at = "line " + std::to_string(record.line) + ": ";
    if (!record.error.empty()) return Result(std::string(at + record.error));
    if (record.fields.size() != 4) return Result(std::string(at + "expected 4 fields"));
    PostView p;
    p.name = record.fields[0];
    if (p.name.empty() || p.name.size() > 256) return Result(std::string(at + "name: 1 to 256 bytes"));
    auto lat = number(record.fields[1]);
    auto lon = number(record.fields[2]);
    if (!lat || *lat < -90 || *lat > 90) return Result(std::string(at + "lat: -90 to 90"));
    if (!lon || *lon < -180 || *lon > 180) return Result(std::string(at + "lon: -180 to 180"));
    p.position = {*lat, *lon};
    const std::string& staffed = record.fields[3];
    if (staffed != "yes" && staffed != "no") return Result(std::string(at + "staffed: yes or no"));
    p.staffed = staffed == "yes";
    for (const auto& other : posts) {
      if (other.name == p.name) return Result(std::string(at + "post '" + p.name + "' twice"));
    }
    posts.push_back(std::move(p));
  }
  return posts;
}

}  // namespace fieldops
