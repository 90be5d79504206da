// JSON read with nlohmann::json, noting the keys that appear twice in one object. nlohmann (like
// most parsers) keeps the last value of a repeated key without a word, so that
// {"colour": "red", "colour": "blue"} would be read as a blue notice. Shared by the watchlist
// import (a row with a repeated key is rejected) and the field agent's scripted input.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace fieldops {

struct RepeatedKey {
  // When the text is a JSON array: the index of its element that holds the key; 0 otherwise.
  std::size_t element = 0;
  // The keys leading to it from that element (or from the root), array positions left out:
  // "colour", "documents.number", "sighting.subject.dateOfBirth".
  std::string path;
};

struct KeyCheckedJson {
  nlohmann::json value;  // is_discarded() when the text is not JSON
  // The first repeated key of each element of a top-level array, in order; of the whole text
  // otherwise (at most one).
  std::vector<RepeatedKey> repeated;
};

KeyCheckedJson parseJsonNotingRepeatedKeys(std::string_view text);

}  // namespace fieldops
