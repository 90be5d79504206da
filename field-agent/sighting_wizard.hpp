// A guided sighting report, one question at a time, for the interactive console. Pure: no I/O,
// no clock (the time the report began is given). Questions depend on the category (person, group,
// vehicle, document, site); numbered choices are offered where they help (category, indicators,
// exploitation, document type). Nothing is produced until every answer is valid and the reporter
// confirms.
#pragma once

#include <protocol/messages.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fieldops {

class SightingWizard {
 public:
  struct Step {
    bool done = false;       // confirmed: sighting() is complete and valid
    bool cancelled = false;  // "cancel", or "n" at the confirmation: nothing is sent
    std::string problem;     // non-empty: the answer was not accepted; the same question stands
  };

  // `category` skips the category question when given; `activeTasks` lets the reporter link the
  // sighting to one of the unit's tasks; a date of birth after `startedAt` (the agent's clock
  // when the report began) is refused at its question.
  SightingWizard(const Hello& unit, std::optional<SightingCategory> category,
                 std::vector<TaskView> activeTasks, Millis startedAt);

  std::string question() const;  // the current question, with choices and the default
  Step answer(const std::string& line);
  const Sighting& sighting() const { return sighting_; }

 private:
  enum class Question;
  void advance();
  bool back();
  bool applies(Question q) const;
  std::string accept(Question q, const std::string& answer);  // empty, or the problem
  std::string summary() const;

  Hello unit_;
  std::vector<TaskView> tasks_;
  Sighting sighting_;
  std::vector<Question> order_;
  std::size_t at_ = 0;
  Millis startedAt_ = 0;
};

}  // namespace fieldops
