// Key-by-key form editing (see form.hpp).
#include <algorithm>
#include <tui/form.hpp>
#include <tui/text.hpp>

namespace fieldops::dashboard {

namespace {

constexpr std::size_t kMaxFieldBytes = 4096;  // the longest text the protocol takes

void move(Form& form, int step) {
  const auto n = static_cast<int>(form.fields.size());
  form.focus = static_cast<std::size_t>((static_cast<int>(form.focus) + step + n) % n);
}

}  // namespace

void selectChoice(Field& field, int step) {
  if (field.choices.empty()) return;
  const auto n = static_cast<int>(field.choices.size());
  auto at = std::find(field.choices.begin(), field.choices.end(), field.value);
  int i = at == field.choices.end() ? 0 : static_cast<int>(at - field.choices.begin()) + step;
  field.value = field.choices[static_cast<std::size_t>((i % n + n) % n)];
}

FormOutcome editForm(Form& form, const Key& key) {
  if (form.fields.empty())
    return key.code == KeyCode::escape ? FormOutcome::cancel : FormOutcome::submit;
  Field& field = form.fields[form.focus];
  switch (key.code) {
    case KeyCode::escape:
      return FormOutcome::cancel;
    case KeyCode::enter:
      if (form.focus + 1 == form.fields.size()) return FormOutcome::submit;
      move(form, 1);
      return FormOutcome::editing;
    case KeyCode::tab:
    case KeyCode::down:
      move(form, 1);
      return FormOutcome::editing;
    case KeyCode::backTab:
    case KeyCode::up:
      move(form, -1);
      return FormOutcome::editing;
    case KeyCode::left:
    case KeyCode::right:
      selectChoice(field, key.code == KeyCode::right ? 1 : -1);
      field.touched = true;
      field.error.clear();
      return FormOutcome::editing;
    case KeyCode::backspace:
      if (!field.isChoice()) popCharacter(field.value);
      field.touched = true;
      field.error.clear();
      return FormOutcome::editing;
    case KeyCode::character:
      if (field.isChoice()) {
        if (key.ch == ' ') selectChoice(field, 1);
      } else if (key.ch >= 0x20 && field.value.size() < kMaxFieldBytes) {
        if (!field.touched) field.value.clear();  // typing replaces a proposed value

        appendCharacter(field.value, key.ch);
      }
      field.touched = true;
      field.error.clear();
      return FormOutcome::editing;
    default:
      return FormOutcome::editing;
  }
}

const Field* findField(const Form& form, const std::string& label) {
  for (const auto& f : form.fields) {
    if (f.label == label) return &f;
  }
  return nullptr;
}

Field* findField(Form& form, const std::string& label) {
  for (auto& f : form.fields) {
    if (f.label == label) return &f;
  }
  return nullptr;
}

}  // namespace fieldops::dashboard
