// Scripted-mode JSON mapping with errors that name the field (see json_codec.hpp).
#include <field-agent/json_codec.hpp>
#include <protocol/enum_names.hpp>

#include <set>

namespace fieldops {

namespace {

using json = nlohmann::json;

struct Bad {
  FieldError error;
};

[[noreturn]] void bad(const std::string& field, const std::string& message) {
  throw Bad{{field, message}};
}

// Rejects keys that are not in `allowed`, so a typo is an error, not a silent default.
void onlyKeys(const json& obj, const std::string& path, std::initializer_list<const char*> allowed) {
  if (!obj.is_object()) bad(path, "must be an object");
  std::set<std::string> ok(allowed.begin(), allowed.end());
  for (const auto& [key, value] : obj.items()) {
    if (!ok.count(key)) bad(path + "." + key, "unknown field");
  }
}

std::string text(const json& obj, const std::string& path, const char* key) {
  if (!obj.contains(key)) return {};
  if (!obj[key].is_string()) bad(path + "." + key, "must be a string");
  return obj[key].get<std::string>();
}

template <class T>
T number(const json& obj, const std::string& path, const char* key, T fallback) {
  if (!obj.contains(key)) return fallback;
  const auto& v = obj[key];
  if (!v.is_number_integer() && !v.is_number_unsigned()) bad(path + "." + key, "must be a whole number");
  if constexpr (std::is_unsigned_v<T>) {
    if (v.is_number_integer() && v.get<std::int64_t>() < 0) bad(path + "." + key, "must not be negative");
    const auto u = v.get<std::uint64_t>();
    if (u > std::numeric_limits<T>::max()) bad(path + "." + key, "is too large");
    return static_cast<T>(u);
  } else {
    return static_cast<T>(v.get<std::int64_t>());
  }
}

template <class E>
E enumValue(const json& obj, const std::string& path, const char* key, E fallback) {
  if (!obj.contains(key)) return fallback;
  const auto& v = obj[key];
  const std::string field = path + "." + key;
  if (!v.is_string()) bad(field, "must be a string");
  auto e = enumFromName<E>(v.get<std::string>());
  if (!e) {
    std::string choices;
    for (const auto& n : enumNames<E>()) choices += (choices.empty() ? "" : ", ") + n;
    bad(field, "'" + v.get<std::string>() + "' is not one of: " + choices);
  }
  return *e;
}

Position position(const json& obj, const std::string& path) {
  onlyKeys(obj, path, {"lat", "lon"});
  for (const char* k : {"lat", "lon"}) {
    if (!obj.contains(k) || !obj[k].is_number()) bad(path + "." + k, "must be a number");
  }
  return {obj["lat"].get<double>(), obj["lon"].get<double>()};
}

Sighting sighting(const json& s) {
  const std::string p = "sighting";
  onlyKeys(s, p, {"sightingId", "observedAt", "position", "post", "category", "personCount",
                  "minorCount", "subject", "indicators", "exploitation", "freeText", "confidence",
                  "relatedTaskId"});
  Sighting out;
  out.sightingId = text(s, p, "sightingId");
  out.observedAt = number<Millis>(s, p, "observedAt", 0);
  if (s.contains("position")) out.position = position(s["position"], p + ".position");
  out.post = text(s, p, "post");
  if (!s.contains("category")) bad(p + ".category", "required");
  out.category = enumValue(s, p, "category", SightingCategory::PERSON);
  out.personCount = number<std::uint32_t>(s, p, "personCount", 0);
  out.minorCount = number<std::uint32_t>(s, p, "minorCount", 0);
  if (s.contains("subject")) {
    const auto& subj = s["subject"];
    const std::string sp = p + ".subject";
    onlyKeys(subj, sp, {"names", "dateOfBirth", "nationality", "documentNumber", "documentType",
                        "documentCountry", "vehiclePlate", "vehicleCountry"});
    if (subj.contains("names")) {
      if (!subj["names"].is_array()) bad(sp + ".names", "must be a list of strings");
      for (const auto& n : subj["names"]) {
        if (!n.is_string()) bad(sp + ".names", "must be a list of strings");
        out.subject.names.push_back(n.get<std::string>());
      }
    }
    out.subject.dateOfBirth = text(subj, sp, "dateOfBirth");
    out.subject.nationality = text(subj, sp, "nationality");
    out.subject.documentNumber = text(subj, sp, "documentNumber");
    out.subject.documentType = enumValue(subj, sp, "documentType", DocumentType::NONE);
    out.subject.documentCountry = text(subj, sp, "documentCountry");
    out.subject.vehiclePlate = text(subj, sp, "vehiclePlate");
    out.subject.vehicleCountry = text(subj, sp, "vehicleCountry");
  }
  if (s.contains("indicators")) {
    if (!s["indicators"].is_array()) bad(p + ".indicators", "must be a list");
    for (std::size_t i = 0; i < s["indicators"].size(); ++i) {
      json wrap = {{"indicator", s["indicators"][i]}};
      out.indicators.push_back(
          enumValue(wrap, p + ".indicators[" + std::to_string(i) + "]", "indicator", Indicator{}));
    }
  }
  out.exploitation = enumValue(s, p, "exploitation", Exploitation::UNKNOWN);
  out.freeText = text(s, p, "freeText");
  out.confidence = number<std::uint8_t>(s, p, "confidence", 50);
  out.relatedTaskId = number<std::uint64_t>(s, p, "relatedTaskId", 0);
  return out;
}

}  // namespace

Expected<ScriptCommand, FieldError> commandFromJson(const json& line) {
  try {
    if (!line.is_object() || line.size() != 1) {
      bad("", "expected an object with exactly one of: sighting, taskAck, taskUpdate");
    }
    if (line.contains("sighting")) return ScriptCommand{sighting(line["sighting"])};
    if (line.contains("taskAck")) {
      const auto& a = line["taskAck"];
      onlyKeys(a, "taskAck", {"taskId", "decision", "reason"});
      TaskAck ack{number<std::uint64_t>(a, "taskAck", "taskId", 0),
                  enumValue(a, "taskAck", "decision", TaskAckDecision::ACCEPTED),
                  text(a, "taskAck", "reason")};
      if (ack.taskId == 0) bad("taskAck.taskId", "required");
      if (ack.decision == TaskAckDecision::RECEIVED) bad("taskAck.decision", "must be accepted or declined");
      return ScriptCommand{ack};
    }
    if (line.contains("taskUpdate")) {
      const auto& u = line["taskUpdate"];
      onlyKeys(u, "taskUpdate", {"taskId", "status", "note"});
      if (!u.contains("status")) bad("taskUpdate.status", "required");
      TaskUpdate up{number<std::uint64_t>(u, "taskUpdate", "taskId", 0),
                    enumValue(u, "taskUpdate", "status", TaskProgress::EN_ROUTE),
                    text(u, "taskUpdate", "note")};
      if (up.taskId == 0) bad("taskUpdate.taskId", "required");
      return ScriptCommand{up};
    }
    bad(line.begin().key(), "unknown command; expected sighting, taskAck or taskUpdate");
  } catch (const Bad& b) {
    return b.error;
  }
}

json toJson(const Task& t) {
  json out = {{"taskId", t.taskId},
              {"kind", enumName(t.kind)},
              {"priority", enumName(t.priority)},
              {"dueAt", t.dueAt},
              {"instructions", t.instructions}};
  if (const auto* post = std::get_if<std::string>(&t.target)) {
    out["target"] = {{"post", *post}};
  } else {
    const auto& pos = std::get<Position>(t.target);
    out["target"] = {{"position", {{"lat", pos.lat}, {"lon", pos.lon}}}};
  }
  return out;
}

json toJson(const TaskView& t) {
  json out = toJson(t.task);
  out["state"] = enumName(t.state);
  return out;
}

}  // namespace fieldops
