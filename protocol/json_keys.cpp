// Repeated JSON keys (see json_keys.hpp).
#include <algorithm>
#include <protocol/json_keys.hpp>

namespace fieldops {

namespace {

using Json = nlohmann::json;

// A SAX handler that builds nothing: per open object it keeps the keys seen so far (a few each:
// a vector is cheaper than a set), and per open array how many elements have begun. (nlohmann's
// parser callback would do this in the same pass as the DOM, but its DOM builder then rescans the
// parent array after every object, which is quadratic in a file of a million rows.)
class KeyWatch {
 public:
  explicit KeyWatch(std::vector<RepeatedKey>& found) : found_(found) {}

  bool null() { return beginValue(); }
  bool boolean(bool) { return beginValue(); }
  bool number_integer(Json::number_integer_t) { return beginValue(); }
  bool number_unsigned(Json::number_unsigned_t) { return beginValue(); }
  bool number_float(Json::number_float_t, const std::string&) { return beginValue(); }
  bool string(std::string&) { return beginValue(); }
  bool binary(Json::binary_t&) { return beginValue(); }
  bool start_object(std::size_t) { return open(false); }
  bool start_array(std::size_t) { return open(true); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& name) {
    auto& keys = stack_.back().keys;
    lastKey_ = name;
    if (std::find(keys.begin(), keys.end(), name) == keys.end()) {
      keys.push_back(name);
    } else if (!reported_) {
      found_.push_back({element_, joined(stack_.back().path, name)});
      reported_ = true;
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const Json::exception&) { return false; }

 private:
  struct Frame {
    bool array = false;
    std::string path;               // keys from the element (or the root) to this container
    std::vector<std::string> keys;  // an object's keys so far
    std::size_t elements = 0;       // an array's elements begun so far
  };

  bool inRootArray() const { return stack_.size() == 1 && stack_.front().array; }

  // A value (of any kind) begins: in an array it is the next element.
  bool beginValue() {
    if (stack_.empty() || !stack_.back().array) return true;
    if (inRootArray()) {
      element_ = stack_.back().elements;
      reported_ = false;
    }
    ++stack_.back().elements;
    return true;
  }

  bool open(bool array) {
    std::string path;
    if (!stack_.empty() && !stack_.back().array) path = joined(stack_.back().path, lastKey_);
    if (!stack_.empty() && stack_.back().array && !inRootArray()) path = stack_.back().path;
    beginValue();
    stack_.push_back({array, std::move(path), {}, 0});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  static std::string joined(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  std::vector<RepeatedKey>& found_;
  std::vector<Frame> stack_;
  std::string lastKey_;  // the key of the value about to be read, in the innermost object
  std::size_t element_ = 0;
  bool reported_ = false;  // the current element (or the text) has had its repeated key
};

}  // namespace

KeyCheckedJson parseJsonNotingRepeatedKeys(std::string_view text) {
  KeyCheckedJson out;
  out.value = Json::parse(text.begin(), text.end(), nullptr, false);
  if (out.value.is_discarded()) return out;
  // A second pass over text known to be JSON: it costs a read, and builds nothing.
  KeyWatch watch(out.repeated);
  Json::sax_parse(text.begin(), text.end(), &watch);
  return out;
}

}  // namespace fieldops
