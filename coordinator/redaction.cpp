// Redaction of personal data (see redaction.hpp).
#include <coordinator/redaction.hpp>

namespace fieldops {

StoredSighting redacted(StoredSighting s) {
  Subject& subject = s.sighting.subject;
  const bool named = !subject.names.empty();
  subject.names.clear();
  if (named) subject.names.push_back("[redacted]");
  subject.dateOfBirth.clear();
  subject.documentNumber.clear();
  subject.vehiclePlate.clear();
  s.sighting.freeText.clear();
  for (auto& m : s.screening.matches) m.reason.clear();
  s.screening.reason.clear();
  s.redacted = true;
  return s;
}

}  // namespace fieldops
