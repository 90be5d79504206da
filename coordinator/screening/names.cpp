// Name tokens through ICU, consonant skeletons, Jaro-Winkler and name similarity (names.hpp).
#include <unicode/parseerr.h>
#include <unicode/stringpiece.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <coordinator/screening/names.hpp>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace fieldops::screening {

namespace {

// Lower-case first so the letter rules need one case. Cyrillic is romanised as passports print
// it: the Russian alphabet by ICAO Doc 9303 (Ж zh, Х kh, Ц ts, Щ shch, Ю iu, Я ia, Й i, Ъ ie,
// Ь dropped), the other Cyrillic letters by their countries' passports (Ђ dj, Љ lj, Ћ c, Џ dz,
// Ѓ gj, Ќ kj, Є ie, Ї i). ICU's Any-Latin would give ISO 9 ("ž", "û": "Юрий" -> "urij").
// Every other script goes through Any-Latin; then diacritics are folded to ASCII. ASCII is left
// alone (splitTokens lower-cases it): the filters halve the time per name.
constexpr const char16_t* kRules =
    u"::NFC; ::[:^ASCII:] Lower;"
    u"а > a; б > b; в > v; г > g; д > d; е > e; ё > e; ж > zh; з > z; и > i; й > i; к > k;"
    u"л > l; м > m; н > n; о > o; п > p; р > r; с > s; т > t; у > u; ф > f; х > kh; ц > ts;"
    u"ч > ch; ш > sh; щ > shch; ъ > ie; ы > y; ь > ; э > e; ю > iu; я > ia;"
    u"ђ > dj; ј > j; љ > lj; њ > nj; ћ > c; џ > dz; ѓ > gj; ќ > kj; ѕ > dz;"
    u"є > ie; ї > i; і > i; ґ > g; ў > u;"
    // Arabic script: a long a (alif, its hamza forms, alif maqsura) after a letter is not
    // written, so that every token from Arabic or Persian script is vowel-less after its first
    // letter, as the skeleton comparison expects (isVowelless); the tāʾ marbūṭa likewise.
    u"[:Arabic:] { [\u0627\u0623\u0625\u0622\u0649] > ; \u0629 > ;"
    // ث and ذ as one Latin letter each (t, d), so that "th" and "dh" in a token from Arabic
    // script are always two letters (تهراني: "thrny", Tehrani).
    u"\u062B > t; \u0630 > d;"
    u"::[:^ASCII:] Any-Latin; ::[:^ASCII:] Latin-ASCII;";

// Longer input is cut here: no name is this long, and it bounds the work per call.
constexpr std::size_t kMaxNameBytes = 1024;

// n value-initialised values: on the stack when n <= N, else on the heap. Only the first n of
// the stack array are initialised, so a large N costs nothing for small n.
template <class T, std::size_t N>
class SmallBuffer {
 public:
  explicit SmallBuffer(std::size_t n) : size_(n) {
    if (n > N) {
      heap_.resize(n);
    } else {
      std::fill_n(stack_.begin(), n, T{});
    }
  }
  std::span<T> span() {
    return size_ > N ? std::span<T>(heap_) : std::span<T>(stack_).first(size_);
  }

 private:
  std::array<T, N> stack_;
  std::vector<T> heap_;
  std::size_t size_;
};

// Characters that join the letters around them: apostrophes and the modifier letters that
// romanise the soft and hard signs.
bool isApostrophe(char32_t c) {
  return c == U'\'' || c == U'`' || c == U'\u00B4' || c == U'\u2018' || c == U'\u2019' ||
         c == U'\u02B9' || c == U'\u02BA' || c == U'\u02BB' || c == U'\u02BC';
}

// Arabic ayn and hamza as Any-Latin writes them.
bool isAynOrHamza(char32_t c) {
  return c == U'\u02BF' || c == U'\u02BE';
}

// Splits transliterated text into [a-z0-9]+ tokens (names.hpp, NameNormaliser).
template <class Char>
std::vector<std::string> splitTokens(std::basic_string_view<Char> text) {
  std::vector<std::string> out;
  std::string current;
  for (const Char ch : text) {
    const auto c = static_cast<char32_t>(static_cast<std::make_unsigned_t<Char>>(ch));
    if ((c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9')) {
      current.push_back(static_cast<char>(c));
    } else if (c >= U'A' && c <= U'Z') {
      current.push_back(static_cast<char>(c - U'A' + U'a'));
    } else if (isAynOrHamza(c)) {
      if (current.empty()) current.push_back('a');
    } else if (!isApostrophe(c) && !current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

// True if the UTF-8 text holds a letter of the Arabic block (Arabic, Persian, Urdu, Pashto).
bool hasArabicScript(std::string_view utf8) {
  for (std::size_t i = 0; i + 1 < utf8.size(); ++i) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    if (lead >= 0xD8 && lead <= 0xDB) return true;  // U+0600 to U+06FF
  }
  return false;
}

// Arabic script before transliteration: the article written as part of the word ("الحسن")
// becomes a word of its own, which the particles drop as they drop "al" written in Latin.
std::string separateArabicArticles(std::string_view utf8) {
  constexpr std::string_view kArticle = "\xD8\xA7\xD9\x84";  // ال
  std::string out;
  out.reserve(utf8.size() + 8);
  for (std::size_t i = 0; i < utf8.size();) {
    const bool wordStart = i == 0 || static_cast<unsigned char>(utf8[i - 1]) < 0x80;
    // At least two more letters (four bytes) after the article: "الله" stays "allh".
    if (wordStart && utf8.substr(i).starts_with(kArticle) &&
        utf8.size() - i >= kArticle.size() + 6) {
      out += kArticle;
      out += ' ';
      i += kArticle.size();
      continue;
    }
    out += utf8[i++];
  }
  return out;
}

// The name field of a TD3 (passport) or MRV-A (visa) MRZ first line without its document code
// and issuing state: "P<UTOERIKSSON<<ANNA" -> "ERIKSSON<<ANNA". Other text is returned as is.
std::string_view mrzNameField(std::string_view text) {
  constexpr std::size_t kMinLine = 30;
  if (text.size() < kMinLine || text.find("<<") == std::string_view::npos) return text;
  const bool mrz = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
  });
  if (!mrz || (text[0] != 'P' && text[0] != 'V')) return text;
  return text.substr(5);
}

bool isAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Letter groups rewritten by skeleton(), longest first at each position (names.hpp).
struct LetterGroup {
  std::string_view from;
  std::string_view to;
};
constexpr std::array<LetterGroup, 17> kLetterGroups = {{
    {"shch", "s"},
    {"dzh", "j"},
    {"sch", "s"},
    {"tch", "c"},
    {"sh", "s"},
    {"ch", "c"},
    {"ts", "c"},
    {"tz", "c"},
    {"dz", "j"},
    {"zh", "z"},
    {"kh", "h"},
    {"ph", "f"},
    {"th", "t"},
    {"gh", "k"},  // Persian writes ق as gh ("Ghorbani"), Arabic as q
    {"ck", "k"},
    {"q", "k"},
    {"x", "ks"},
}};

// The letter groups of a token from Arabic script (isVowelless): only the digraphs that the
// transliteration writes for one letter (ش sh, خ kh, غ gh); any other two letters are two.
constexpr std::array<LetterGroup, 4> kAbjadLetterGroups = {{
    {"sh", "s"},
    {"kh", "h"},
    {"gh", "k"},
    {"q", "k"},
}};

// The spelling of the letter group that starts rest, and how many letters it takes.
std::pair<std::string_view, std::size_t> letterGroupAt(std::string_view rest, bool abjad = false) {
  if (abjad) {
    for (const LetterGroup& g : kAbjadLetterGroups) {
      if (g.from[0] == rest[0] && rest.starts_with(g.from)) return {g.to, g.from.size()};
    }
    return {rest.substr(0, 1), 1};
  }
  for (const LetterGroup& g : kLetterGroups) {
    if (g.from[0] == rest[0] && rest.starts_with(g.from)) return {g.to, g.from.size()};
  }
  return {rest.substr(0, 1), 1};
}

bool isVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// True if no vowel (a e i o u) follows the first letter: romanised abjad ("mhmd", "alhsn").
bool isVowelless(std::string_view token) {
  return token.size() < 2 || token.substr(1).find_first_of("aeiou") == std::string_view::npos;
}

// The first sound of a token: its first letter after the letter groups, with a leading w as v
// and y as i (the glide of "Yuriy" and "Iurii"). Vowels stay distinct: "Omar" is not "Amir".
char initialSound(std::string_view token) {
  if (token.empty()) return 0;
  const char c = letterGroupAt(token).first[0];
  return c == 'w' ? 'v' : c == 'y' ? 'i' : c;
}

constexpr std::size_t kInlineChars = 64;

}  // namespace

std::string skeletonWithoutV(std::string_view skeleton) {
  std::string out(skeleton.substr(0, 1));
  for (std::size_t i = 1; i < skeleton.size(); ++i) {
    if (skeleton[i] != 'v') out += skeleton[i];
  }
  return out;
}

namespace {

// Jaro similarity of a and b, |a| <= |b|, given zeroed match flags of their sizes.
double jaro(std::string_view a, std::string_view b, std::span<unsigned char> aMatched,
            std::span<unsigned char> bMatched) {
  const std::size_t window = b.size() / 2 > 0 ? b.size() / 2 - 1 : 0;
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t hi = std::min(i + window + 1, b.size());
    for (std::size_t j = i > window ? i - window : 0; j < hi; ++j) {
      if (bMatched[j] != 0 || a[i] != b[j]) continue;
      aMatched[i] = bMatched[j] = 1;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  std::size_t halfTranspositions = 0;
  for (std::size_t i = 0, j = 0; i < a.size(); ++i) {
    if (aMatched[i] == 0) continue;
    while (bMatched[j] == 0) ++j;
    if (a[i] != b[j]) ++halfTranspositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double t = static_cast<double>(halfTranspositions) / 2.0;
  return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) + (m - t) / m) /
         3.0;
}

// Weights of a skeleton match (names.hpp, tokenSimilarity).
constexpr double kAbjadSkeletonWeight = 0.95;
constexpr double kLatinSkeletonWeight = 0.85;

constexpr std::size_t kInlineTokens = 16;

// Sum of the pairs' similarities when the tokens are paired greedily, best pair first.
// scores is rows x cols, row-major; rows <= cols.
double greedyPairing(std::span<const double> scores, std::size_t rows, std::size_t cols) {
  SmallBuffer<unsigned char, kInlineTokens> rowUsedBuf(rows);
  SmallBuffer<unsigned char, kInlineTokens> colUsedBuf(cols);
  const std::span<unsigned char> rowUsed = rowUsedBuf.span();
  const std::span<unsigned char> colUsed = colUsedBuf.span();
  double sum = 0.0;
  for (std::size_t pair = 0; pair < rows; ++pair) {
    double best = -1.0;
    std::size_t bestRow = 0;
    std::size_t bestCol = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < cols && rowUsed[r] == 0; ++c) {
        if (colUsed[c] != 0 || scores[r * cols + c] <= best) continue;
        best = scores[r * cols + c];
        bestRow = r;
        bestCol = c;
      }
    }
    rowUsed[bestRow] = colUsed[bestCol] = 1;
    sum += best;
  }
  return sum;
}

}  // namespace

NameNormaliser::NameNormaliser() {
  UParseError parseError{};
  UErrorCode status = U_ZERO_ERROR;
  transliterator_.reset(icu::Transliterator::createFromRules(
      "FieldOps-NameTokens", icu::UnicodeString(kRules), UTRANS_FORWARD, parseError, status));
  if (U_FAILURE(status) || !transliterator_) {
    throw std::runtime_error(std::string("cannot create the name transliterator: ") +
                             u_errorName(status));
  }
}

NameNormaliser::~NameNormaliser() = default;
NameNormaliser::NameNormaliser(NameNormaliser&&) noexcept = default;
NameNormaliser& NameNormaliser::operator=(NameNormaliser&&) noexcept = default;

std::vector<std::string> NameNormaliser::tokens(std::string_view utf8) const {
  utf8 = mrzNameField(utf8.substr(0, kMaxNameBytes));
  std::vector<std::string> out;
  if (isAscii(utf8)) {
    out = splitTokens(utf8);
  } else {
    if (!transliterator_) throw std::logic_error("NameNormaliser used after move");
    const std::string arabic = hasArabicScript(utf8) ? separateArabicArticles(utf8) : std::string();
    const std::string_view input = arabic.empty() ? utf8 : std::string_view(arabic);
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(input.data(), static_cast<int32_t>(input.size())));
    transliterator_->transliterate(text);
    out =
        splitTokens(std::u16string_view(text.getBuffer(), static_cast<std::size_t>(text.length())));
  }
  variants_.applyParticles(out);
  return out;
}

std::vector<TokenForms> NameNormaliser::forms(const std::vector<std::string>& tokens) const {
  std::vector<TokenForms> out;
  out.reserve(tokens.size());
  for (const auto& t : tokens) out.push_back(variants_.forms(t));
  return out;
}

std::string skeleton(std::string_view token) {
  // A final h after a vowel is the tāʾ marbūṭa or a lengthening ("Fatimah", "Aishah").
  if (token.size() > 3 && token.back() == 'h' && isVowel(token[token.size() - 2])) {
    token.remove_suffix(1);
  }
  // Arabic script writes no doubled letter (the shadda is left out), so two equal letters in
  // a token from it are two letters ("حداد", "hdd" without its alif: Haddad).
  const bool abjad = isVowelless(token);
  std::string out;
  char previous = 0;  // the last letter after step 1, to collapse doubled letters
  for (std::size_t i = 0; i < token.size();) {
    const auto [spelling, taken] = letterGroupAt(token.substr(i), abjad);
    i += taken;
    for (const char c : spelling) {
      const char letter = previous == 0 && c == 'w' ? 'v' : c;
      if (letter == previous && !abjad) continue;
      if (previous == 0) {
        out.push_back(isVowel(letter) ? 'a' : letter);
      } else if (!isVowel(letter) && letter != 'w') {
        out.push_back(letter);
      }
      previous = letter;
    }
  }
  return out;
}

bool editDistanceAtMost(std::string_view a, std::string_view b, std::size_t most) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > most) return false;
  // Optimal string alignment distance (Damerau-Levenshtein without editing a substring twice),
  // row by row, for the short strings that tokens are.
  constexpr std::size_t kMax = 64;
  if (b.size() >= kMax) return false;
  std::size_t prev2[kMax + 1], prev[kMax + 1], cur[kMax + 1];
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t rowMin = cur[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
      rowMin = std::min(rowMin, cur[j]);
    }
    if (rowMin > most) return false;
    std::copy(prev, prev + b.size() + 1, prev2);
    std::copy(cur, cur + b.size() + 1, prev);
  }
  return prev[b.size()] <= most;
}

double jaroWinkler(std::string_view a, std::string_view b) {
  if (a == b) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a.size() > b.size()) std::swap(a, b);
  SmallBuffer<unsigned char, kInlineChars> aMatched(a.size());
  SmallBuffer<unsigned char, kInlineChars> bMatched(b.size());
  const double j = jaro(a, b, aMatched.span(), bMatched.span());
  constexpr double kBoostThreshold = 0.7;
  constexpr double kPrefixScale = 0.1;
  constexpr std::size_t kMaxPrefix = 4;
  if (j <= kBoostThreshold) return j;
  std::size_t prefix = 0;
  while (prefix < std::min(kMaxPrefix, a.size()) && a[prefix] == b[prefix]) ++prefix;
  return j + static_cast<double>(prefix) * kPrefixScale * (1.0 - j);
}

double spellingSimilarity(std::string_view a, std::string_view b, std::string_view skeletonA,
                          std::string_view skeletonB) {
  if (a == b) return 1.0;
  const double direct = jaroWinkler(a, b);
  // Two tokens from Arabic script: the same writing, compared as written.
  if (isVowelless(a) && isVowelless(b)) return direct;
  if (isVowelless(a) || isVowelless(b)) {
    // Arabic script writes w and v with one letter (و), a long u or a consonant: compared also
    // without it ("jwad", "Javad").
    const double withV = jaroWinkler(skeletonA, skeletonB);
    const double withoutV = jaroWinkler(skeletonWithoutV(skeletonA), skeletonWithoutV(skeletonB));
    return std::max(direct, kAbjadSkeletonWeight * std::max(withV, withoutV));
  }
  if (initialSound(a) != initialSound(b)) return direct;
  return std::max(direct, kLatinSkeletonWeight * jaroWinkler(skeletonA, skeletonB));
}

double tokenSimilarity(const TokenForms& a, const TokenForms& b) {
  if (a.token == b.token) return 1.0;
  if (a.name != 0 && a.name == b.name) return kSameGivenNameSimilarity;
  double s = spellingSimilarity(a.token, b.token, a.skeleton, b.skeleton);
  // With the article dropped on either side: "Alhasan" against "الحسن" ("hsn").
  if (!a.bare.empty())
    s = std::max(s, spellingSimilarity(a.bare, b.token, a.bareSkeleton, b.skeleton));
  if (!b.bare.empty())
    s = std::max(s, spellingSimilarity(a.token, b.bare, a.skeleton, b.bareSkeleton));
  for (const auto& fa : a.folds) {
    for (const auto& fb : b.folds) {
      if (editDistanceAtMost(fa, fb, 1)) s = std::max(s, kFoldWeight * jaroWinkler(fa, fb));
    }
  }
  if (a.name != 0 && b.name != 0) return std::min(s, kDifferentGivenNamesCap);
  if (!a.folds.empty() && !b.folds.empty() && genderPair(a.folds[0], b.folds[0])) {
    return std::min(s, kGenderFormCap);
  }
  return s;
}

bool tokensAgree(const TokenForms& a, const TokenForms& b) {
  if (tokenSimilarity(a, b) < kTokenAgreement) return false;
  std::vector<std::string> keys;
  forEachIndexKey(a, [&](std::string_view k) { keys.emplace_back(k); });
  std::sort(keys.begin(), keys.end());
  bool shared = false;
  forEachIndexKey(b, [&](std::string_view k) {
    shared = shared || std::binary_search(keys.begin(), keys.end(), k);
  });
  return shared;
}

double nameSimilarity(const std::vector<TokenForms>& a, const std::vector<TokenForms>& b) {
  if (a.empty() || b.empty()) return 0.0;
  const auto& rows = a.size() <= b.size() ? a : b;
  const auto& cols = a.size() <= b.size() ? b : a;
  std::vector<double> scores(rows.size() * cols.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < cols.size(); ++c) {
      scores[r * cols.size() + c] =
          tokensAgree(rows[r], cols[c]) ? tokenSimilarity(rows[r], cols[c]) : 0.0;
    }
  }
  return nameSimilarity(scores, rows.size(), cols.size());
}

double nameSimilarity(std::span<const double> scores, std::size_t rows, std::size_t cols) {
  const double shorter = static_cast<double>(rows);
  const double longer = static_cast<double>(cols);
  const double average = greedyPairing(scores, rows, cols) / shorter;
  return average * (0.8 + 0.2 * shorter / longer);
}

double nameSimilarity(const NameVariants& variants, const std::vector<std::string>& a,
                      const std::vector<std::string>& b) {
  auto formsOf = [&](const std::vector<std::string>& tokens) {
    std::vector<TokenForms> out;
    out.reserve(tokens.size());
    for (const auto& t : tokens) out.push_back(variants.forms(t));
    return out;
  };
  return nameSimilarity(formsOf(a), formsOf(b));
}

std::vector<std::string> deletionVariants(std::string_view token) {
  std::vector<std::string> out;
  out.reserve(token.size() + 1);
  forEachDeletionVariant(token, [&](std::string_view v) { out.emplace_back(v); });
  return out;
}

}  // namespace fieldops::screening
