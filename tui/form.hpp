// A small form of labelled fields (text or a choice), edited key by key: the create-task form,
// assignment, cancel reason, alert notes, the filter, the search and the justification for
// personal data. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <tui/keys.hpp>
#include <vector>

namespace fieldops::dashboard {

struct Field {
  std::string label;
  std::string value;
  std::vector<std::string> choices;  // non-empty: a choice; ←/→ cycle through them
  std::string hint;                  // shown beside the field
  std::string error;                 // set by validation, cleared by editing
  bool touched = false;              // edited by the commander
  bool isChoice() const { return !choices.empty(); }
};

enum class FormKind {
  createTask,
  assignTask,
  cancelTask,
  acknowledgeAlert,
  resolveAlert,
  filter,
  search,
  justification  // why personal data is needed (one sighting's person details)
};

struct Form {
  FormKind kind = FormKind::search;
  std::string title;
  std::vector<Field> fields;
  std::size_t focus = 0;
  std::uint64_t subjectId = 0;  // the task or alert the form is about
  std::vector<std::uint64_t> subjectIds;  // bulk acknowledge: every alert marked
  std::string note;             // a line under the title, e.g. the suggested unit
  // A form that changes something for good (cancel a task) asks again: the first Enter shows
  // `confirmText`, the second sends.
  std::string confirmText;
  bool confirming = false;
};

enum class FormOutcome { editing, submit, cancel };

// Typing into a field not yet edited replaces its proposed value; Enter on the last field submits;
// Esc cancels; Tab/↓ and Shift-Tab/↑ move between fields; ←/→ cycle a choice; Backspace deletes a
// character.
FormOutcome editForm(Form& form, const Key& key);

void selectChoice(Field& field, int step);
const Field* findField(const Form& form, const std::string& label);
Field* findField(Form& form, const std::string& label);

}  // namespace fieldops::dashboard
