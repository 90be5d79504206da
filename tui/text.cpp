// Display-width arithmetic on UTF-8 text (see text.hpp).
#include <cwchar>
#include <tui/text.hpp>

namespace fieldops::dashboard {

namespace {

// Decodes one code point at `i`; returns its byte length (0 for an invalid sequence).
std::size_t decodeOne(std::string_view s, std::size_t i, char32_t& out) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  char32_t c = len == 1 ? b : len == 2 ? (b & 0x1f) : len == 3 ? (b & 0x0f) : (b & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    const auto cont = static_cast<unsigned char>(s[i + k]);
    if ((cont >> 6) != 2) return 0;
    c = (c << 6) | (cont & 0x3f);
  }
  out = c;
  return len;
}

int widthOf(char32_t c) {
  if (c < 0x20 || c == 0x7f) return 1;  // shown as '?'
  const int w = ::wcwidth(static_cast<wchar_t>(c));
  return w < 0 ? 1 : w;
}

}  // namespace

int displayWidth(std::string_view s) {
  int width = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    const std::size_t len = decodeOne(s, i, c);
    width += len == 0 ? 1 : widthOf(c);
    i += len == 0 ? 1 : len;
  }
  return width;
}

std::string clipToWidth(std::string_view s, int width, bool ellipsis) {
  if (width <= 0) return {};
  if (displayWidth(s) <= width) return std::string(s);
  const int room = ellipsis ? width - 1 : width;
  std::string out;
  int used = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    std::size_t len = decodeOne(s, i, c);
    const int w = len == 0 ? 1 : widthOf(c);
    if (len == 0) len = 1;
    if (used + w > room) break;
    out.append(s.substr(i, len));
    used += w;
    i += len;
  }
  if (ellipsis) out += "\u2026";
  return out;
}

std::string tailToWidth(std::string_view s, int width) {
  if (displayWidth(s) <= width) return std::string(s);
  std::size_t start = 0;
  while (start < s.size() && displayWidth(s.substr(start)) > width - 1) {
    ++start;
    while (start < s.size() && (static_cast<unsigned char>(s[start]) >> 6) == 2) ++start;
  }
  return "\u2026" + std::string(s.substr(start));
}

std::string fitToWidth(std::string_view s, int width) {
  std::string out = clipToWidth(s, width);
  const int w = displayWidth(out);
  if (w < width) out.append(static_cast<std::size_t>(width - w), ' ');
  return out;
}

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = 0;
    const std::size_t len = decodeOne(s, i, c);
    if (len == 0) {
      out += '?';
      ++i;
      continue;
    }
    if (c == '\n' || c == '\t' || c == '\r') {
      out += ' ';
    } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
      out += '?';
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

void popCharacter(std::string& s) {
  while (!s.empty()) {
    const auto b = static_cast<unsigned char>(s.back());
    s.pop_back();
    if ((b >> 6) != 2) return;  // not a continuation byte: a whole character is gone
  }
}

void appendCharacter(std::string& s, char32_t c) {
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xc0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xe0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    s += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x110000) {
    s += static_cast<char>(0xf0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    s += static_cast<char>(0x80 | (c & 0x3f));
  }
}

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

}  // namespace fieldops::dashboard
