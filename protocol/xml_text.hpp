// Text for XML documents (KML exports, the after-action report's XHTML and SVG): the five
// markup characters escaped, and the control characters XML 1.0 cannot hold dropped.
#pragma once

#include <string>
#include <string_view>

namespace fieldops {

inline std::string xmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;  // valid in XML and in HTML alike
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace fieldops
