// The letter rules of foldToken and the tables of given names and particles (name_variants.hpp).
#include <algorithm>
#include <array>
#include <coordinator/screening/name_variants.hpp>
#include <coordinator/screening/names.hpp>
#include <stdexcept>

namespace fieldops::screening {

namespace {

bool isVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}
bool isGlide(char c) {
  return c == 'i' || c == 'y' || c == 'j';
}
bool isConsonant(char c) {
  return c >= 'a' && c <= 'z' && !isVowel(c) && c != 'y';
}

// The readings of the letter groups that the conventions disagree on (name_variants.hpp). The
// default is ICAO 9303, BGN/PCGN, the Slavic Latin alphabets without diacritics and English
// usage for Arabic; each other reading is applied only to tokens holding its letters.
enum class Reading { standard, french, german, albanian, egyptian, macedonian, arabicVowels };

// "Khaled", "Madjed", "Kader": French writes the kasra of a last closed syllable as e.
bool endsInClosedE(std::string_view t) {
  return t.size() > 3 && t[t.size() - 2] == 'e' && isConsonant(t.back());
}

struct LetterRule {
  std::string_view from;
  std::string_view to;  // 'J' is the consonant j (never a glide); 'C' the consonant c
};

// The standard reading, longest first where one spelling begins another. s and z are one
// letter here: ASCII folding already merges š, ž, s and z in half the region's records, and
// German writes з as s.
constexpr std::array<LetterRule, 31> kStandard = {{
    {"shch", "s"}, {"tsch", "C"}, {"dzh", "J"}, {"sch", "s"}, {"tch", "C"}, {"sh", "s"},
    {"zh", "s"},   {"kh", "h"},   {"ts", "C"},  {"tz", "C"},  {"cz", "C"},  {"dz", "J"},
    {"xh", "J"},   {"gj", "d"},   {"kj", "C"},  {"dj", "d"},  {"ch", "C"},  {"ph", "f"},
    {"th", "t"},   {"dh", "d"},   {"gh", "g"},  {"ck", "k"},  {"q", "k"},   {"x", "ks"},
    {"w", "u"},    {"ou", "u"},   {"oo", "u"},  {"ue", "u"},  {"ee", "i"},  {"oe", "o"},
    {"ae", "a"},
}};

// What another reading changes: French (ch as sh, dj and j as in "Djamel", "Joukov"), German
// (ch as kh, w as v, z as ts: "Michajlow", "Zwetkow"), Albanian (q as ć: "Thaqi", "Taći"),
// Egyptian (g for the j of ج: "Gamal", "Gaber"), and the vowels of Arabic names in English
// and French (o for the damma, e for the kasra: "Monir", "Munir"; "Qasem", "Qasim").
std::string_view readingOverride(Reading reading, std::string_view rest, std::size_t& taken) {
  auto is = [&](std::string_view group) {
    taken = group.size();
    return rest.starts_with(group);
  };
  switch (reading) {
    case Reading::french:
      if (is("ch")) return "s";
      if (is("dj")) return "J";
      if (is("j")) return "s";
      break;
    case Reading::german:
      if (is("sch")) return "s";
      if (is("ch")) return "h";
      if (is("w")) return "v";
      if (is("z")) return "C";
      break;
    case Reading::albanian:
      if (is("q")) return "C";
      break;
    case Reading::arabicVowels:
      if (is("o")) return "u";
      if (is("e")) return "i";
      break;
    case Reading::macedonian:
      if (is("gj")) return "g";
      if (is("kj")) return "k";
      break;
    case Reading::egyptian:
      if (is("gh") || is("gj")) {
        taken = 0;
        return {};
      }
      if (is("g")) return "J";
      break;
    case Reading::standard:
      break;
  }
  taken = 0;
  return {};
}

bool readingApplies(Reading reading, std::string_view t) {
  auto has = [&](std::string_view s) { return t.find(s) != std::string_view::npos; };
  switch (reading) {
    case Reading::standard:
      return true;
    case Reading::french:
      return has("ch") || has("j") || endsInClosedE(t);
    case Reading::german:
      return has("ch") || has("w") || has("z");
    case Reading::albanian:
      return has("q");
    case Reading::egyptian:
      return has("g");
    case Reading::macedonian:
      return has("gj") || has("kj");
    case Reading::arabicVowels:
      return has("o") || has("e");
  }
  return false;
}

// abd- compounds without the article after abd (name_variants.hpp).
std::string withoutAbdArticle(std::string_view token) {
  if (!token.starts_with("abd") || token.size() <= 5) return std::string(token);
  std::string_view rest = token.substr(3);
  for (std::string_view article : {"oul", "ul", "el", "al", "ol", "il"}) {
    // Before a consonant ("abdulrahman"), or a vowel with a name after it ("abdulaziz",
    // "abdelilah": Abd al-ʿAziz, the ʿayn not written).
    constexpr std::size_t kMinName = 3;
    if (rest.starts_with(article) && rest.size() > article.size() &&
        (isConsonant(rest[article.size()]) || rest.size() >= article.size() + kMinName)) {
      return "abd" + std::string(rest.substr(article.size()));
    }
  }
  // A vowel and a doubled consonant: the article assimilated to a sun letter ("abdurrahman").
  if (rest.size() > 3 && isVowel(rest[0]) && isConsonant(rest[1]) && rest[1] == rest[2]) {
    return "abd" + std::string(rest.substr(2));
  }
  return std::string(token);
}

// Letter groups under one reading; glides stay as written (lower-case i, y, j).
std::string letterGroups(std::string_view t, Reading reading) {
  std::string out;
  for (std::size_t i = 0; i < t.size();) {
    const std::string_view rest = t.substr(i);
    std::size_t taken = 0;
    if (const auto to = readingOverride(reading, rest, taken); taken > 0) {
      out += to;
      i += taken;
      continue;
    }
    if (rest.starts_with("qu") && rest.size() > 2 && (rest[2] == 'e' || rest[2] == 'i')) {
      out += 'k';
      i += 2;
      continue;
    }
    bool done = false;
    for (const auto& rule : kStandard) {
      if (rest[0] != rule.from[0] || !rest.starts_with(rule.from)) continue;
      out += rule.to;
      i += rule.from.size();
      done = true;
      break;
    }
    if (done) continue;
    out += t[i] == 'z' ? 's' : t[i];
    ++i;
  }
  // Arabic short u at the start is written o or u ("Omar", "Umar"; "Otaibi", "Utaibi").
  if (out.starts_with('o')) out[0] = 'u';
  if (reading == Reading::french && endsInClosedE(out)) out[out.size() - 2] = 'i';
  return out;
}

// The glide rule, the leading "je", doubled letters, and the placeholders back to lower case.
std::string glidesAndDoubles(std::string_view t) {
  std::string out;
  for (std::size_t i = 0; i < t.size();) {
    if (!isGlide(t[i])) {
      out += t[i] == 'J' ? 'j' : t[i] == 'C' ? 'c' : t[i];
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < t.size() && isGlide(t[end])) ++end;
    const bool before = !out.empty() && isVowel(out.back());
    const bool after = end < t.size() && isVowel(t[end]);
    // Russian ё after a consonant: ICAO writes e, BGN/PCGN yo, German jo, French io
    // ("Fedor", "Fyodor", "Fjodor", "Fiodor"); before a consonant, so "Mario" is left alone.
    if (!out.empty() && !before && after && t[end] == 'o' && end + 1 < t.size() &&
        !isVowel(t[end + 1]) && !isGlide(t[end + 1])) {
      out += 'e';
      i = end + 1;
      continue;
    }
    out += (out.empty() || before) && after ? 'j' : 'i';
    i = end;
  }
  if (out.starts_with("je") && out.size() > 2) out.erase(0, 1);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void addUnique(std::vector<std::string>& out, std::string s) {
  if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
}

void foldInto(std::string_view token, std::vector<std::string>& out) {
  const std::string t = withoutAbdArticle(token);
  for (const auto reading : {Reading::standard, Reading::french, Reading::german, Reading::albanian,
                             Reading::egyptian, Reading::macedonian, Reading::arabicVowels}) {
    if (readingApplies(reading, t)) addUnique(out, glidesAndDoubles(letterGroups(t, reading)));
  }
}

// The lines of a table without comments and blank lines, split into words.
template <class Visit>
void forEachLine(std::string_view text, Visit&& visit) {
  std::size_t lineNo = 0;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++lineNo;
    if (const auto hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    std::vector<std::string> words;
    std::string word;
    for (const char c : line) {
      if (c == ' ' || c == '\t' || c == '\r') {
        if (!word.empty()) words.push_back(std::move(word));
        word.clear();
      } else {
        word += c;
      }
    }
    if (!word.empty()) words.push_back(std::move(word));
    if (!words.empty()) visit(lineNo, words);
  }
}

}  // namespace

std::string_view withoutArticle(std::string_view token) {
  constexpr std::size_t kMinRest = 4;
  if ((token.starts_with("al") || token.starts_with("el")) && token.size() >= 2 + kMinRest) {
    return token.substr(2);
  }
  return {};
}

std::vector<std::string> foldToken(std::string_view token) {
  std::vector<std::string> out;
  foldInto(token, out);
  if (const auto bare = withoutArticle(token); !bare.empty()) foldInto(bare, out);
  return out;
}

namespace {

// b is a's feminine form (genderPair), a the shorter.
bool feminineOf(std::string_view a, std::string_view b) {
  constexpr std::size_t kMinStem = 3;
  if (a.size() < kMinStem || !b.ends_with('a')) return false;
  if (b.size() == a.size() + 1 && b.starts_with(a)) return true;  // Ivan, Ivana
  if (b.size() == a.size() && a.back() == 'o' &&
      b.substr(0, b.size() - 1) == a.substr(0, a.size() - 1)) {
    return true;  // Mario, Maria
  }
  // Aleksandar, Aleksandra: a = stem + vowel + consonant, b = stem + consonant + "a".
  const std::size_t n = a.size();
  return b.size() == n && n >= kMinStem + 2 && (a[n - 2] == 'a' || a[n - 2] == 'e') &&
         isConsonant(a[n - 1]) && b[n - 2] == a[n - 1] && a.substr(0, n - 2) == b.substr(0, n - 2);
}

}  // namespace

bool genderPair(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  return feminineOf(a, b) || feminineOf(b, a);
}

NameVariants::NameVariants() : NameVariants(builtInGivenNames(), builtInParticles()) {}

NameVariants::NameVariants(std::string_view givenNames, std::string_view particles) {
  loadGivenNames(givenNames);
  loadParticles(particles);
}

void NameVariants::loadGivenNames(std::string_view text) {
  forEachLine(text, [&](std::size_t lineNo, const std::vector<std::string>& words) {
    const std::uint32_t line = ++lines_;
    spellingsOfLine_.push_back(words);
    for (const auto& w : words) {
      // The standard reading only: another reading of a spelling may be another name's
      // ("Djamel" read as French is "jamil", Jamil; as standard "damel").
      const auto folds = foldToken(w);
      if (folds.empty()) continue;
      {
        const std::string& f = folds.front();
        auto [it, inserted] = nameOfFold_.try_emplace(f, line);
        if (!inserted && it->second != line) {
          throw std::runtime_error("given names table, line " + std::to_string(lineNo) + ": '" + w +
                                   "' folds to '" + f + "', which another given name already has");
        }
      }
    }
  });
}

void NameVariants::loadParticles(std::string_view text) {
  forEachLine(text, [&](std::size_t lineNo, const std::vector<std::string>& words) {
    if (words[0] == "patronymic") {
      patronymicEndings_.insert(patronymicEndings_.end(), words.begin() + 1, words.end());
      return;
    }
    if (words[0] == "compound") {
      for (auto w = words.begin() + 1; w != words.end(); ++w) {
        const std::uint32_t line = givenNameOf(*w);
        if (line == 0) {
          throw std::runtime_error("particles table, line " + std::to_string(lineNo) + ": '" +
                                   *w + "' is not on the given-name table");
        }
        const auto& spellings = spellingsOfLine_[line - 1];
        for (const auto& spelling : spellings) {
          roles_[spelling] |= kCompoundOpener;
          longestOpener_ = std::max(longestOpener_, spelling.size());
          if (spelling.size() >= 3) openerStarts_.push_back(spelling.substr(0, 3));
        }
        std::sort(openerStarts_.begin(), openerStarts_.end());
        openerStarts_.erase(std::unique(openerStarts_.begin(), openerStarts_.end()),
                            openerStarts_.end());
      }
      return;
    }
    const std::uint8_t role = words[0] == "drop"            ? kDrop
                              : words[0] == "drop-after"    ? kDropAfterFirst
                              : words[0] == "join"          ? kJoin
                              : words[0] == "join-previous" ? kJoinPrevious
                                                            : 0;
    if (role == 0) {
      throw std::runtime_error("particles table, line " + std::to_string(lineNo) +
                               ": unknown rule '" + words[0] + "'");
    }
    for (auto w = words.begin() + 1; w != words.end(); ++w) roles_[*w] |= role;
  });
}

TokenForms NameVariants::forms(std::string_view token) const {
  TokenForms f;
  f.token = std::string(token);
  f.skeleton = skeleton(token);
  f.bare = std::string(withoutArticle(token));
  if (!f.bare.empty()) f.bareSkeleton = skeleton(f.bare);
  f.folds = foldToken(token);
  // By the standard reading only, as the table is loaded (loadGivenNames).
  if (!f.folds.empty()) {
    if (auto it = nameOfFold_.find(f.folds.front()); it != nameOfFold_.end()) f.name = it->second;
  }
  return f;
}

std::uint32_t NameVariants::givenNameOf(std::string_view token) const {
  const auto folds = foldToken(token);
  if (folds.empty()) return 0;
  const auto it = nameOfFold_.find(folds.front());
  return it != nameOfFold_.end() ? it->second : 0;
}

void NameVariants::splitCompounds(std::vector<std::string>& tokens) const {
  constexpr std::size_t kMinPart = 3;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view t = tokens[i];
    if (t.size() < 2 * kMinPart ||
        !std::binary_search(openerStarts_.begin(), openerStarts_.end(), t.substr(0, kMinPart),
                            std::less<>{})) {
      continue;
    }
    for (std::size_t at = kMinPart; at <= longestOpener_ && at + kMinPart <= t.size(); ++at) {
      // The opener by its spelling: a look-up of a short string, for every long token of every
      // name screened; the fold only when one matches.
      if ((rolesOf(t.substr(0, at)) & kCompoundOpener) == 0) continue;
      if (givenNameOf(t.substr(at)) == 0) continue;
      std::string rest(t.substr(at));
      tokens[i].resize(at);
      tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(i) + 1, std::move(rest));
      ++i;
      break;
    }
  }
}

bool NameVariants::isArticle(std::string_view token) const {
  return (rolesOf(token) & kDrop) != 0;
}

void NameVariants::applyParticles(std::vector<std::string>& tokens) const {
  splitCompounds(tokens);
  // Joins, right to left so that "abu abd allah" becomes one token; an article between the
  // particle and the next token is skipped ("abd al rahman" -> "abdrahman").
  for (std::size_t i = tokens.size(); i-- > 0;) {
    if ((rolesOf(tokens[i]) & kJoin) == 0) continue;
    std::size_t next = i + 1;
    if (next + 1 < tokens.size() && isArticle(tokens[next])) ++next;
    if (next >= tokens.size()) continue;
    tokens[i] += tokens[next];
    tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                 tokens.begin() + static_cast<std::ptrdiff_t>(next) + 1);
  }
  // Then the endings written apart or not ("Zabih Ullah", "Zabihullah") join the token before.
  for (std::size_t i = tokens.size(); i-- > 1;) {
    if ((rolesOf(tokens[i]) & kJoinPrevious) == 0) continue;
    tokens[i - 1] += tokens[i];
    tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(i));
  }
  auto patronymic = [&](std::size_t i) {
    constexpr std::size_t kMinStem = 3;
    return i > 0 && tokens.size() >= 3 &&
           std::any_of(patronymicEndings_.begin(), patronymicEndings_.end(), [&](const auto& e) {
             return tokens[i].size() >= e.size() + kMinStem && tokens[i].ends_with(e);
           });
  };
  std::vector<bool> drop(tokens.size());
  std::size_t kept = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::uint8_t roles = rolesOf(tokens[i]);
    drop[i] = (roles & kDrop) != 0 || (i > 0 && (roles & kDropAfterFirst) != 0) || patronymic(i);
    kept += drop[i] ? 0 : 1;
  }
  // A name that would keep fewer than two tokens keeps its particles ("Do Van Minh").
  if (kept < 2) return;
  std::vector<std::string> out;
  out.reserve(kept);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!drop[i]) out.push_back(std::move(tokens[i]));
  }
  tokens = std::move(out);
}

}  // namespace fieldops::screening
