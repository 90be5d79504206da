// The allow-list: which CURVE public keys may connect, and as whom (docs/security.md).
//
// A text file, one enrolment per line: `PUBLIC-KEY PRINCIPAL ROLE [UNIT]`, e.g.
//   rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7  cmdr.petrovic  commander
//   Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID  agent.mkd07    agent  MKD-07
// '#' starts a comment line. Written atomically (a temporary file, then rename) under an flock
// of `PATH.lock`, so `enroll` and `revoke` never interleave and a running coordinator never
// reads half a file.
//
// Every operation is near-linear in the number of enrolments (issue 18: 10,000 keys): lookups by
// key, by name and by an agent's unit are hashed, an enrolment is appended, and parse() enrols
// line by line without rebuilding an index; a revocation moves the later entries up one.
#pragma once

#include <coordinator/principal.hpp>
#include <functional>
#include <optional>
#include <protocol/expected.hpp>
#include <string>
#include <unordered_map>
#include <vector>

namespace fieldops {

struct Enrolment {
  std::string publicKey;  // Z85
  Principal principal;
};

class AllowList {
 public:
  // Parses the file's text; an error names the line and what is wrong with it.
  static Expected<AllowList, std::string> parse(const std::string& text);
  // Reads a file; a missing file is an error (the coordinator refuses to start without one).
  static Expected<AllowList, std::string> load(const std::string& path);

  const Principal* byKey(const std::string& publicKey) const;
  const Enrolment* byName(const std::string& principal) const;
  const std::vector<Enrolment>& entries() const { return entries_; }

  // Adds an enrolment at the end; an error when the key or the name is enrolled already, when
  // an agent's unit has a key already (one key per unit), or a field is invalid (an agent needs
  // a unit; only an agent has one). Constant time on average.
  std::optional<std::string> enroll(Enrolment enrolment);
  // Removes a principal, keeping the others in their order; false when not enrolled. Linear.
  bool revoke(const std::string& principal);

  std::string text() const;

 private:
  using Index = std::unordered_map<std::string, std::size_t>;  // -> position in entries_
  std::vector<Enrolment> entries_;
  Index byKey_;
  Index byName_;
  Index byUnit_;  // agents only: the unit's callsign
  void reserve(std::size_t enrolments);
};

// Applies `change` to the file at `path` under its lock and writes it back atomically; a
// missing file starts empty. Returns an error text (nothing written) when change returns one.
std::optional<std::string> updateAllowList(
    const std::string& path, const std::function<std::optional<std::string>(AllowList&)>& change);

// How `after` differs from `before`, by principal. Linear in their sizes.
struct AllowListChange {
  std::vector<std::string> withdrawn;  // gone, or changed (key, role or unit)
  std::vector<Principal> enrolled;     // names that `before` does not have
};
AllowListChange compareAllowLists(const AllowList& before, const AllowList& after);

}  // namespace fieldops
