// The guided sighting report (see sighting_wizard.hpp). Limits match the one decoder
// (protocol/convert.hpp), so a confirmed report is never refused for its shape.
#include <field-agent/sighting_wizard.hpp>
#include <field-agent/typed_input.hpp>
#include <protocol/convert.hpp>
#include <protocol/date_of_birth.hpp>

#include <algorithm>

namespace fieldops {

// In the order asked; applies() skips those that do not fit the category and answers so far.
// clang-format off
enum class SightingWizard::Question {
  category, personCount, minorCount, names, dateOfBirth, nationality, documentType,
  documentNumber, documentCountry, vehiclePlate, vehicleCountry, indicators, exploitation,
  freeText, confidence, relatedTask, confirm
};
// clang-format on

namespace {

constexpr std::uint32_t kMaxPersons = 10000;  // the decoder's cap on personCount
constexpr std::uint8_t kDefaultConfidence = 50;

template <class E>
std::size_t enumCount() {
  return enumNames<E>().size();
}

std::string range(std::size_t n) {
  return "1-" + std::to_string(n);
}

Sighting blank(const Hello& unit, SightingCategory category) {
  Sighting s;
  s.post = unit.post;  // position and post are the unit's (its Hello)
  s.position = unit.position;
  s.category = category;
  s.confidence = kDefaultConfidence;
  return s;
}

}  // namespace

SightingWizard::SightingWizard(const Hello& unit, std::optional<SightingCategory> category,
                               std::vector<TaskView> activeTasks, Millis startedAt)
    : unit_(unit),
      tasks_(std::move(activeTasks)),
      sighting_(blank(unit, category.value_or(SightingCategory::PERSON))),
      startedAt_(startedAt) {
  if (!category) order_.push_back(Question::category);
  for (auto q = static_cast<int>(Question::personCount); q <= static_cast<int>(Question::confirm);
       ++q) {
    order_.push_back(static_cast<Question>(q));
  }
}

bool SightingWizard::applies(Question q) const {
  const auto c = sighting_.category;
  const bool person = c == SightingCategory::PERSON;
  const bool document = c == SightingCategory::DOCUMENT;
  switch (q) {
    case Question::minorCount:
      return sighting_.personCount > 0;
    case Question::names:
    case Question::nationality:
      return person || document || c == SightingCategory::GROUP;
    case Question::dateOfBirth:
    case Question::documentType:
      return person || document;
    case Question::documentNumber:
    case Question::documentCountry:
      return (person || document) && sighting_.subject.documentType != DocumentType::NONE;
    case Question::vehiclePlate:
    case Question::vehicleCountry:
      return c == SightingCategory::VEHICLE;
    case Question::relatedTask:
      return !tasks_.empty();
    default:
      return true;
  }
}

void SightingWizard::advance() {
  while (at_ + 1 < order_.size()) {
    if (applies(order_[++at_])) return;
  }
}

bool SightingWizard::back() {
  for (std::size_t i = at_; i-- > 0;) {
    if (applies(order_[i])) {
      at_ = i;
      return true;
    }
  }
  return false;
}

std::string SightingWizard::question() const {
  const auto& s = sighting_;
  switch (order_[at_]) {
    case Question::category:
      return "What did you see?" + numberedChoices<SightingCategory>() + "\nChoose " +
             range(enumCount<SightingCategory>()) + ":";
    case Question::personCount:
      switch (s.category) {
        case SightingCategory::PERSON:
          return "How many persons? [1]";
        case SightingCategory::GROUP:
          return "How many persons in the group? (at least 2)";
        case SightingCategory::VEHICLE:
          return "How many occupants? [0]";
        default:
          return "How many persons are involved? [0]";
      }
    case Question::minorCount:
      return "How many of them are minors (under 18)? [0]";
    case Question::names:
      return "Names as written, any script, comma separated (empty if unknown):";
    case Question::dateOfBirth:
      return "Date of birth, YYYY-MM-DD, YYYY-MM or YYYY (empty if unknown):";
    case Question::nationality:
      return "Nationality, ISO 3166-1 alpha-3 such as SYR (empty if unknown):";
    case Question::documentType:
      return "Document type:" + numberedChoices<DocumentType>(1) + "\nChoose " +
             range(enumCount<DocumentType>() - 1) +
             (s.category == SightingCategory::DOCUMENT ? ":" : " (empty: no document seen):");
    case Question::documentNumber:
      return "Document number as written (empty if unknown):";
    case Question::documentCountry:
      return "Issuing country, ISO 3166-1 alpha-3 (empty if unknown):";
    case Question::vehiclePlate:
      return "Vehicle plate as written (empty if unreadable):";
    case Question::vehicleCountry:
      return "Plate country, ISO 3166-1 alpha-3 (empty if unknown):";
    case Question::indicators: {
      std::string q = "Trafficking indicators seen:" + numberedChoices<Indicator>() +
                      "\nNumbers separated by commas, e.g. 1,5 (empty for none):";
      if (s.minorCount > 0) {
        const auto n = static_cast<unsigned>(Indicator::UNACCOMPANIED_MINOR) + 1;
        q += "\nYou reported " + std::to_string(s.minorCount) + " minor(s): " + std::to_string(n) +
             " (" + enumWords(Indicator::UNACCOMPANIED_MINOR) + ") may apply.";
      }
      return q;
    }
    case Question::exploitation:
      return "Suspected exploitation:" + numberedChoices<Exploitation>() + "\nChoose " +
             range(enumCount<Exploitation>()) + " [1 unknown]:";
    case Question::freeText:
      return "Anything else the coordinator should know? (empty for none):";
    case Question::confidence:
      return "Your confidence in this report, 0-100 % [50]:";
    case Question::relatedTask: {
      std::string q = "Is this about one of your tasks?";
      for (std::size_t i = 0; i < tasks_.size(); ++i) {
        const Task& t = tasks_[i].task;
        q += "\n  " + std::to_string(i + 1) + "  task " + std::to_string(t.taskId) + ": P" +
             std::to_string(static_cast<int>(t.priority) + 1) + " " + enumWords(t.kind);
      }
      return q + "\nChoose " + range(tasks_.size()) + ", or 0 / empty for none:";
    }
    case Question::confirm:
      return summary() + "\nSend this report? [y/n]";
  }
  return {};
}

SightingWizard::Step SightingWizard::answer(const std::string& line) {
  const std::string a = trim(line);
  const std::string word = lowercase(a);
  if (word == "cancel") return Step{false, true, {}};
  if (word == "back") {
    if (back()) return {};
    return Step{false, false, "this is the first question; type cancel to stop"};
  }
  if (!cleanText(a)) return Step{false, false, "the answer has control characters; type it again"};
  if (order_[at_] == Question::confirm) {
    if (word == "y" || word == "yes") return Step{true, false, {}};
    if (word == "n" || word == "no") return Step{false, true, {}};
    return Step{false, false, "answer y to send or n to discard (back changes the last answer)"};
  }
  std::string problem = accept(order_[at_], a);
  if (!problem.empty()) return Step{false, false, std::move(problem)};
  advance();
  return {};
}

// Checks one answer and stores it; returns what is wrong with it, or nothing.
std::string SightingWizard::accept(Question q, const std::string& a) {
  auto& s = sighting_;
  auto& subj = s.subject;
  auto country = [&](std::string& field) -> std::string {
    auto code = a.empty() ? std::optional<std::string>("") : countryCode(a);
    if (!code) return "'" + a + "' is not an ISO 3166-1 alpha-3 code (3 letters, e.g. SYR, MKD)";
    field = *code;
    return {};
  };
  auto text = [&](std::string& field, std::size_t max) -> std::string {
    if (a.size() > max) return "too long: at most " + std::to_string(max) + " bytes";
    field = a;
    return {};
  };
  auto number = [&](std::uint64_t fallback, std::uint64_t max) {
    return a.empty() ? std::optional(fallback) : wholeNumber(a, max);
  };
  switch (q) {
    case Question::category: {
      auto c = chooseEnumerant<SightingCategory>(a);
      if (!c) return "choose a number from " + range(enumCount<SightingCategory>());
      if (*c != s.category) s = blank(unit_, *c);  // earlier answers may no longer apply
      return {};
    }
    case Question::personCount: {
      const bool group = s.category == SightingCategory::GROUP;
      const bool person = s.category == SightingCategory::PERSON;
      auto n = number(person ? 1 : 0, kMaxPersons);
      if (group && (a.empty() || (n && *n < 2))) return "a group has at least 2 persons";
      if (!n) return "type a whole number from 0 to " + std::to_string(kMaxPersons);
      if (person && *n < 1) return "a person report is about at least 1 person";
      s.personCount = static_cast<std::uint32_t>(*n);
      if (s.personCount == 0) s.minorCount = 0;
      return {};
    }
    case Question::minorCount: {
      auto n = number(0, kMaxPersons);
      if (!n) return "type a whole number of minors, 0 if none";
      if (*n > s.personCount) {
        return "minors (" + std::to_string(*n) + ") cannot be more than persons (" +
               std::to_string(s.personCount) + ")";
      }
      s.minorCount = static_cast<std::uint32_t>(*n);
      return {};
    }
    case Question::names: {
      auto names = splitItems(a, ",");
      if (names.size() > convert::kMaxListItems) {
        return "at most " + std::to_string(convert::kMaxListItems) + " names";
      }
      for (const auto& n : names) {
        if (n.size() > convert::kNameText) return "a name is too long: '" + n + "'";
      }
      subj.names = std::move(names);
      return {};
    }
    case Question::dateOfBirth:
      // The decoder's own rule (protocol/date_of_birth.hpp). The agent stamps observedAt when it
      // queues the report, after startedAt_, so the decoder's check then passes as well.
      if (auto problem = dateOfBirthProblem(a, startedAt_)) return *problem;
      subj.dateOfBirth = a;
      return {};
    case Question::nationality:
      return country(subj.nationality);
    case Question::documentType: {
      auto t = a.empty() && s.category != SightingCategory::DOCUMENT
                   ? std::optional(DocumentType::NONE)
                   : chooseEnumerant<DocumentType>(a, 1);
      if (!t) return "choose a number from " + range(enumCount<DocumentType>() - 1);
      subj.documentType = *t;
      if (*t == DocumentType::NONE) subj.documentNumber = subj.documentCountry = "";
      return {};
    }
    case Question::documentNumber:
      return text(subj.documentNumber, convert::kShortText);
    case Question::documentCountry:
      return country(subj.documentCountry);
    case Question::vehiclePlate:
      return text(subj.vehiclePlate, convert::kShortText);
    case Question::vehicleCountry:
      return country(subj.vehicleCountry);
    case Question::indicators: {
      std::vector<Indicator> picked;
      for (const auto& item : splitItems(a, ", ")) {
        auto n = wholeNumber(item, enumCount<Indicator>());
        if (!n || *n == 0) {
          return "'" + item + "' is not an indicator number: choose from " +
                 range(enumCount<Indicator>()) + ", e.g. 1,5";
        }
        const auto indicator = static_cast<Indicator>(*n - 1);
        if (std::find(picked.begin(), picked.end(), indicator) == picked.end()) {
          picked.push_back(indicator);
        }
      }
      s.indicators = std::move(picked);
      return {};
    }
    case Question::exploitation: {
      auto e = a.empty() ? std::optional(Exploitation::UNKNOWN) : chooseEnumerant<Exploitation>(a);
      if (!e) return "choose a number from " + range(enumCount<Exploitation>());
      s.exploitation = *e;
      return {};
    }
    case Question::freeText:
      return text(s.freeText, convert::kLongText);
    case Question::confidence: {
      auto n = number(kDefaultConfidence, 100);
      if (!n) return "type a whole number from 0 to 100";
      s.confidence = static_cast<std::uint8_t>(*n);
      return {};
    }
    case Question::relatedTask: {
      auto n = number(0, tasks_.size());
      if (!n) return "choose a number from " + range(tasks_.size()) + ", or 0 for none";
      s.relatedTaskId = *n == 0 ? 0 : tasks_[*n - 1].task.taskId;
      return {};
    }
    case Question::confirm:
      break;  // answered in answer()
  }
  return {};
}

std::string SightingWizard::summary() const {
  const auto& s = sighting_;
  const auto& subj = s.subject;
  std::string out = "Report: " + enumWords(s.category) + ", " + std::to_string(s.personCount) +
                    " person(s), " + std::to_string(s.minorCount) + " minor(s)";
  auto line = [&](const std::string& label, const std::string& value) {
    if (!value.empty()) out += "\n  " + label + ": " + value;
  };
  auto joined = [](const auto& items, const char* sep, auto show) {
    std::string all;
    for (const auto& i : items) all += (all.empty() ? "" : sep) + show(i);
    return all;
  };
  line("names", joined(subj.names, "; ", [](const std::string& n) { return n; }));
  line("date of birth", subj.dateOfBirth);
  line("nationality", subj.nationality);
  if (subj.documentType != DocumentType::NONE) {
    line("document",
         enumWords(subj.documentType) +
             (subj.documentNumber.empty() ? "" : " " + subj.documentNumber) +
             (subj.documentCountry.empty() ? "" : ", issued by " + subj.documentCountry));
  }
  if (s.category == SightingCategory::VEHICLE) {
    line("vehicle",
         (subj.vehiclePlate.empty() ? "plate unreadable" : "plate " + subj.vehiclePlate) +
             (subj.vehicleCountry.empty() ? "" : " (" + subj.vehicleCountry + ")"));
  }
  const auto indicators = joined(s.indicators, ", ", [](Indicator i) { return enumWords(i); });
  line("indicators", indicators.empty() ? "none" : indicators);
  line("suspected exploitation", enumWords(s.exploitation));
  line("notes", s.freeText);
  line("confidence", std::to_string(s.confidence) + " %");
  if (s.relatedTaskId != 0) line("related task", std::to_string(s.relatedTaskId));
  line("post", s.post.empty() ? "none (mobile)" : s.post);
  return out;
}

}  // namespace fieldops
