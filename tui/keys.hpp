// Keys as the input handlers see them: the terminal's codes are translated once, by the Screen,
// so that everything above it is tested without a terminal.
#pragma once

namespace fieldops::dashboard {

enum class KeyCode {
  character,
  enter,
  escape,
  backspace,
  tab,
  backTab,
  up,
  down,
  left,
  right,
  pageUp,
  pageDown,
  home,
  end,
  resize,
  none,
};

struct Key {
  KeyCode code = KeyCode::none;
  char32_t ch = 0;  // for KeyCode::character
  static Key of(char32_t c) { return {KeyCode::character, c}; }
  bool is(char32_t c) const { return code == KeyCode::character && ch == c; }
};

}  // namespace fieldops::dashboard
