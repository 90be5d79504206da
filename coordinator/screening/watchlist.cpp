// Names of the watchlist enumerations, one table each.
#include <coordinator/screening/watchlist.hpp>

#include <array>

namespace fieldops::screening {

namespace {

template <typename E, std::size_t N>
const char* nameIn(const std::array<const char*, N>& names, E value) {
  const auto i = static_cast<std::size_t>(value);
  return i < N ? names[i] : "unknown";
}

template <typename E, std::size_t N>
std::optional<E> valueIn(const std::array<const char*, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (name == names[i]) return static_cast<E>(i);
  }
  return std::nullopt;
}

constexpr std::array<const char*, 7> kColours = {"red",    "yellow", "blue",  "black",
                                                 "purple", "green",  "orange"};
constexpr std::array<const char*, 4> kStatuses = {"lost", "stolen", "revoked", "invalidated"};
constexpr std::array<const char*, 3> kLists = {"notices", "documents", "vehicles"};

}  // namespace

const char* colourName(NoticeColour c) { return nameIn(kColours, c); }
std::optional<NoticeColour> colourFromName(std::string_view n) {
  return valueIn<NoticeColour>(kColours, n);
}
const char* statusName(DocumentStatus s) { return nameIn(kStatuses, s); }
std::optional<DocumentStatus> statusFromName(std::string_view n) {
  return valueIn<DocumentStatus>(kStatuses, n);
}
const char* listName(ListKind k) { return nameIn(kLists, k); }
std::optional<ListKind> listFromName(std::string_view n) { return valueIn<ListKind>(kLists, n); }

}  // namespace fieldops::screening
