// Text measured in terminal columns, not bytes: UTF-8 names in any script (Arabic, Cyrillic,
// CJK double-width) are clipped and padded by their display width. Needs an UTF-8 LC_CTYPE
// (setlocale(LC_ALL, "") in main; the tests set C.UTF-8).
#pragma once

#include <string>
#include <string_view>

namespace fieldops::dashboard {

// Columns the text takes; control characters count as one (they are shown as '?').
int displayWidth(std::string_view utf8);
// The longest prefix that fits in `width` columns; "…" marks a cut when `ellipsis`.
std::string clipToWidth(std::string_view utf8, int width, bool ellipsis = true);
// The shortest suffix cut so that "…" plus it fits in `width` columns (where typing happens).
std::string tailToWidth(std::string_view utf8, int width);
// Clipped, then padded with spaces to exactly `width` columns.
std::string fitToWidth(std::string_view utf8, int width);
// Control characters (including ESC, so nothing from the field can drive the terminal) become
// '?', invalid UTF-8 bytes too, newlines and tabs a space.
std::string printable(std::string_view utf8);
// Removes the last character (not byte) of an UTF-8 string, for Backspace.
void popCharacter(std::string& utf8);
// Appends a wide character as UTF-8.
void appendCharacter(std::string& utf8, char32_t c);
// ASCII lower-casing (names in other scripts compare as written).
std::string lowered(std::string_view text);

}  // namespace fieldops::dashboard
