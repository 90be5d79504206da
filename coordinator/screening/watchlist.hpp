// Watchlist entries as plain values: notices, lost and stolen travel documents, and vehicles of
// interest. Import (import.hpp) produces them from a user's files; the watchlist store keeps them
// in LMDB; screening matches sightings against them. Words: ../shared/design.md ("watchlist").
#pragma once

#include <protocol/messages.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fieldops::screening {

// The notice colours, as the issuing organisation uses them.
enum class NoticeColour : std::uint8_t {
  red,     // wanted for arrest
  yellow,  // missing person or minor
  blue,    // person of interest
  black,   // unidentified body
  purple,  // modus operandi
  green,   // warning
  orange,  // threat
};

struct NoticeDocument {
  std::string number;     // as written in the file
  DocumentType type = DocumentType::NONE;
  std::string country;    // ISO 3166-1 alpha-3, upper case
  bool operator==(const NoticeDocument&) const = default;
};

struct Notice {
  std::string reference;              // the notice reference, unique within the notices list
  NoticeColour colour = NoticeColour::blue;
  std::vector<std::string> names;     // subject names as written, any script
  std::vector<std::string> aliases;   // other names, any script
  std::string dateOfBirth;            // "YYYY-MM-DD", "YYYY-MM", "YYYY" or empty
  std::string nationality;            // ISO 3166-1 alpha-3, upper case, or empty
  std::vector<NoticeDocument> documents;
  bool operator==(const Notice&) const = default;
};

enum class DocumentStatus : std::uint8_t { lost, stolen, revoked, invalidated };

struct TravelDocumentEntry {
  std::string number;                 // as written in the file
  DocumentType type = DocumentType::PASSPORT;
  std::string country;                // issuing country, ISO 3166-1 alpha-3
  DocumentStatus status = DocumentStatus::stolen;
  std::string reference;              // the record's reference in the source list, may be empty
  bool operator==(const TravelDocumentEntry&) const = default;
};

struct VehicleEntry {
  std::string plate;                  // as written in the file
  std::string country;                // ISO 3166-1 alpha-3
  std::string reference;
  std::string reason;                 // free text: why it is of interest
  bool operator==(const VehicleEntry&) const = default;
};

// The three lists a user can import.
enum class ListKind : std::uint8_t { notices, documents, vehicles };

using Entry = std::variant<Notice, TravelDocumentEntry, VehicleEntry>;

}  // namespace fieldops::screening

namespace fieldops::screening {

// Names as written in files, on the command line and in docs ("red", "stolen", "notices").
const char* colourName(NoticeColour c);
std::optional<NoticeColour> colourFromName(std::string_view name);
const char* statusName(DocumentStatus s);
std::optional<DocumentStatus> statusFromName(std::string_view name);
const char* listName(ListKind k);
std::optional<ListKind> listFromName(std::string_view name);

}  // namespace fieldops::screening
