// Names in any script reduced to comparable ASCII tokens, and how similar two names are.
#pragma once

#include <unicode/uversion.h>

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

U_NAMESPACE_BEGIN
class Transliterator;
U_NAMESPACE_END

namespace fieldops::screening {

// Thresholds on nameSimilarity for the screening rules (measured pairs: tests/
// test_screening_match.cpp). The rules read them as:
//   strong name + date of birth agrees          -> hit
//   strong name, date of birth not agreeing     -> possible hit
//   possible name + date of birth agrees        -> possible hit
//   date of birth disagrees                     -> no hit, unless near-identical (possible hit)
// A name matched only through the consonant skeleton (Arabic script against Latin) scores at
// most 0.95: above strong, below near-identical. Known weakness, left to the date of birth: a
// shared surname and a given name a letter away reach strong ("Maria Garcia" ~ "Mario Garcia":
// 0.96).
inline constexpr double kNearIdenticalNameSimilarity = 0.97;
inline constexpr double kStrongNameSimilarity = 0.92;
inline constexpr double kPossibleNameSimilarity = 0.85;

// Turns a name as written, in any script, into lower-case ASCII tokens [a-z0-9]+.
//  - Cyrillic is romanised as passports print it: Russian letters by ICAO Doc 9303 (Ж zh,
//    Х kh, Ю iu, Я ia, Й i), Serbian, Macedonian and Ukrainian letters by those countries'
//    passports (Ђ dj, Љ lj, Ћ c, Џ dz, Є ie); every other script through ICU's Any-Latin; then
//    diacritics are folded to ASCII (Latin-ASCII).
//  - Apostrophes and soft/hard signs do not split a token ("O'Brien" -> "obrien"). An Arabic
//    ayn or hamza (ʿ ʾ) starting a token is written "a" ("ʿmr" -> "amr"), elsewhere dropped.
//  - Everything else that is not [a-z0-9] separates tokens; invalid UTF-8 becomes U+FFFD and so
//    a separator. One-letter tokens (initials) are kept: they still tell "J Smith" from
//    "K Smith".
//  - The particles "al"/"el" and "abd"/"abdul"/"abdel" are joined to the token after them,
//    because Arabic script writes "الحسن" as one word that Latin writes "Al Hassan",
//    "Al-Hassan" or "Alhassan". No particle is dropped.
// Pure ASCII input takes a fast path that gives the same tokens without ICU (about 0.1 us per
// name against about 5 us through ICU). Only the first 1024 bytes of a name are read.
// Not to be shared between threads: ICU requires transliterators shared between threads to be
// synchronised (unicode/translit.h), so give each thread its own normaliser.
class NameNormaliser {
 public:
  // Throws std::runtime_error if ICU cannot build the transliterator (missing ICU data).
  NameNormaliser();
  ~NameNormaliser();
  NameNormaliser(NameNormaliser&&) noexcept;
  NameNormaliser& operator=(NameNormaliser&&) noexcept;
  NameNormaliser(const NameNormaliser&) = delete;
  NameNormaliser& operator=(const NameNormaliser&) = delete;

  // The tokens of one name, in written order. A moved-from normaliser throws std::logic_error
  // on non-ASCII input.
  std::vector<std::string> tokens(std::string_view utf8) const;

 private:
  std::unique_ptr<icu::Transliterator> transliterator_;
};

// The consonant skeleton of a token, to match spellings that differ in vowels and in the usual
// romanisation variants, above all Arabic (written without short vowels) against Latin:
// "mhmd" (محمد), "mohammed" and "muhammad" all give "mhmd". Steps, in order:
//   1. letter groups: shch sch sh -> s, tch ch ts tz -> c, dzh dz -> j, zh -> z, kh -> h,
//      ph -> f, th -> t, gh -> g, ck q -> k, x -> ks; a leading w -> v
//   2. doubled letters collapse to one
//   3. the first letter: a vowel (a e i o u y) becomes "a"; after it, vowels, w and y are
//      dropped (Arabic transliteration writes long vowels as w and y)
std::string skeleton(std::string_view token);

// Jaro-Winkler similarity in [0, 1]: prefix scale 0.1, common prefix of at most 4, the prefix
// bonus given only when the Jaro similarity exceeds 0.7 (Winkler's boost threshold).
// Does not allocate for strings of up to 64 bytes.
double jaroWinkler(std::string_view a, std::string_view b);

// Similarity of two tokens in [0, 1]: the best of the tokens' Jaro-Winkler and their skeletons'
// Jaro-Winkler, the latter weighted
//  - 0.95 when either token is vowel-less (abjad script: "mhmd"), so that Arabic against Latin
//    can match at all;
//  - 0.85 between two spellings with vowels that start with the same sound (y counts as i);
//  - not at all otherwise: Latin spellings that start with different vowels ("Omar", "Amir")
//    are more often different names than variants.
double tokenSimilarity(std::string_view a, std::string_view b);
// The same with the tokens' skeletons already made (skeleton(a), skeleton(b)): for a caller that
// compares one token with many.
double tokenSimilarity(std::string_view a, std::string_view b, std::string_view skeletonA,
                       std::string_view skeletonB);

// Order-insensitive similarity of two tokenised names in [0, 1]; 0 if either is empty.
// Pairs tokens greedily, best pair first, each token used once; averages the pairs' token
// similarity over the shorter name; then multiplies by (0.8 + 0.2 * shorter / longer), so an
// extra middle name costs little (2 of 3 tokens: x0.93) and a lone given name cannot reach
// the strong threshold ("Ivan" against "Ivan Petrov": 0.9).
// Does not allocate for names of up to 16 tokens whose skeletons fit the small-string buffer.
double nameSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& b);
// The same from the token similarities already computed, for a caller that scores many names
// against one (name_index.hpp): `rows` is the name with fewer tokens (the first when both have
// as many), 0 < rows <= cols, and scores[r * cols + c] is tokenSimilarity(row r, column c).
double nameSimilarity(std::span<const double> scores, std::size_t rows, std::size_t cols);

// The token and every distinct string made by deleting one of its characters, for a
// typo-tolerant index (SymSpell, edit distance 1): two tokens within one insertion, deletion,
// substitution or adjacent transposition share a variant. Tokens shorter than 4 give only
// themselves, as one edit in them changes too much.
std::vector<std::string> deletionVariants(std::string_view token);
// The same variants, in the same order, each passed to visit(std::string_view) in a buffer that
// is reused for the next: for a caller that only looks them up.
template <class Visit>
void forEachDeletionVariant(std::string_view token, Visit&& visit) {
  visit(token);
  constexpr std::size_t kMinLength = 4;
  if (token.size() < kMinLength) return;
  std::string variant;
  variant.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    // Deleting any letter of a run gives the same string: keep the first only.
    if (i > 0 && token[i] == token[i - 1]) continue;
    variant.assign(token.substr(0, i));
    variant.append(token.substr(i + 1));
    visit(std::string_view(variant));
  }
}

}  // namespace fieldops::screening
