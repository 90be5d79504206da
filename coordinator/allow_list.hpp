// The allow-list: which CURVE public keys may connect, and as whom (docs/security.md).
//
// A text file, one enrolment per line: `PUBLIC-KEY PRINCIPAL ROLE [UNIT]`, e.g.
//   rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7  cmdr.petrovic  commander
//   Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID  agent.mkd07    agent  MKD-07
// '#' starts a comment line. Written atomically (a temporary file, then rename) under an flock
// of `PATH.lock`, so `enroll` and `revoke` never interleave and a running coordinator never
// reads half a file.
#pragma once

#include <coordinator/principal.hpp>
#include <functional>
#include <map>
#include <optional>
#include <protocol/expected.hpp>
#include <string>
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

  // Adds an enrolment; an error when the key or the name is enrolled already, when an agent's
  // unit has a key already (one key per unit), or a field is invalid (an agent needs a unit;
  // only an agent has one).
  std::optional<std::string> enroll(Enrolment enrolment);
  // Removes a principal; false when not enrolled.
  bool revoke(const std::string& principal);

  std::string text() const;

 private:
  std::vector<Enrolment> entries_;
  std::map<std::string, std::size_t> byKey_;
  std::map<std::string, std::size_t> byName_;
  void reindex();
};

// Applies `change` to the file at `path` under its lock and writes it back atomically; a
// missing file starts empty. Returns an error text (nothing written) when change returns one.
std::optional<std::string> updateAllowList(
    const std::string& path, const std::function<std::optional<std::string>(AllowList&)>& change);

// Principals of `before` that are gone or changed (key, role or unit) in `after`.
std::vector<std::string> withdrawnPrincipals(const AllowList& before, const AllowList& after);

}  // namespace fieldops
