// Names in any script reduced to comparable ASCII tokens, and how similar two names are.
#pragma once

#include <unicode/uversion.h>

#include <coordinator/screening/name_variants.hpp>
#include <cstddef>
#include <cstdint>
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

// Two tokens agree when they share an index key (indexKeys) and their similarity is at least
// this. Only agreeing tokens count towards a name's similarity: a pair that does not agree
// scores 0. That is what lets the name index fetch every name the scorer would accept
// (name_index.hpp): a name of two or more tokens needs two agreeing pairs to reach
// kPossibleNameSimilarity, and the index finds names by pairs of agreeing tokens.
inline constexpr double kTokenAgreement = 0.80;
// Two spellings of one given name (given_names.tsv): near-identical.
inline constexpr double kSameGivenNameSimilarity = 0.98;
// Two tokens that fold to the same key (foldToken): strong, below near-identical.
inline constexpr double kFoldWeight = 0.96;
// Two different given names of the table ("Maria", "Mario") never agree.
inline constexpr double kDifferentGivenNamesCap = 0.70;
// A name and its other gender's form ("Ivan", "Ivana") agree, but only just: a two-token name
// with one such pair stays a possible hit at most (0.9), so twins are never a hit, while a
// surname written in the other form ("Petrova" for "Petrov") is still put to a commander.
inline constexpr double kGenderFormCap = 0.80;

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
//  - Arabic script writes the article al- as part of the word ("الحسن"): such a token loses
//    its "al", as Latin writes "Al Hassan", "Al-Hassan" or "Hassan".
//  - The particles of particles.tsv are applied (NameVariants::applyParticles): abd, abu and
//    the like are joined to the token after them; articles (al, el, de, van, ...) and the
//    filiation words (bin, ben, ...; not as the first token) are dropped when two other tokens
//    remain.
//  - A name in the machine-readable zone's form ("ERIKSSON<<ANNA<MARIA", or the whole first
//    line of a passport's MRZ, "P<UTOERIKSSON<<ANNA<MARIA<<<") gives the same tokens as the
//    name written out: '<' separates, and a TD3 line's document code and issuing state are
//    skipped.
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

  // The forms of each token (name_variants.hpp), for matching.
  std::vector<TokenForms> forms(const std::vector<std::string>& tokens) const;

  const NameVariants& variants() const { return variants_; }

 private:
  std::unique_ptr<icu::Transliterator> transliterator_;
  NameVariants variants_;
};

// Version of what tokens() gives, stored with the watchlists: entries imported under another
// version are tokenised again when the index is built (Screener::refresh).
inline constexpr std::uint64_t kTokensVersion = 3;

// The consonant skeleton of a token, to match spellings that differ in vowels and in the usual
// romanisation variants, above all Arabic (written without short vowels) against Latin:
// "mhmd" (محمد), "mohammed" and "muhammad" all give "mhmd". Steps, in order:
//   0. a final h after a vowel is dropped ("Fatimah")
//   1. letter groups: shch sch sh -> s, tch ch ts tz -> c, dzh dz -> j, zh -> z, kh -> h,
//      ph -> f, th -> t, gh q ck -> k, x -> ks; a leading w -> v. A vowel-less token (from
//      Arabic script) takes only sh -> s, kh -> h, gh q -> k
//   2. doubled letters collapse to one (not in a vowel-less token: Arabic script writes none)
//   3. the first letter: a vowel (a e i o u y) becomes "a"; after it, vowels, w and y are
//      dropped (Arabic transliteration writes long vowels as w and y)
std::string skeleton(std::string_view token);

// A skeleton without v after its first letter.
std::string skeletonWithoutV(std::string_view skeleton);

// Jaro-Winkler similarity in [0, 1]: prefix scale 0.1, common prefix of at most 4, the prefix
// bonus given only when the Jaro similarity exceeds 0.7 (Winkler's boost threshold).
// Does not allocate for strings of up to 64 bytes.
double jaroWinkler(std::string_view a, std::string_view b);

// Similarity of two spellings in [0, 1]: the best of their Jaro-Winkler and their skeletons'
// Jaro-Winkler, the latter weighted
//  - 0.95 when one token is vowel-less (abjad script: "mhmd"), so that Arabic against Latin
//    can match at all (two vowel-less tokens, both from Arabic script, by Jaro-Winkler only);
//  - 0.85 between two spellings with vowels that start with the same sound (y counts as i);
//  - not at all otherwise: Latin spellings that start with different vowels ("Omar", "Amir")
//    are more often different names than variants.
double spellingSimilarity(std::string_view a, std::string_view b, std::string_view skeletonA,
                          std::string_view skeletonB);

// Similarity of two tokens in [0, 1]:
//  - 1 for the same token;
//  - kSameGivenNameSimilarity for two spellings of one given name (given_names.tsv);
//  - else the best of spellingSimilarity (of the tokens, and of either without its article) and
//    kFoldWeight times the Jaro-Winkler of two folds (foldToken) at most one edit apart
//    (editDistanceAtMost: a typo in a canonical spelling; folds further apart count nothing, as
//    Jaro-Winkler rates a fold that is another's prefix, "kumar" and "kumaruv", close), capped at
//    kDifferentGivenNamesCap for two different given names of the table, and at kGenderFormCap
//    for a name and its other gender's form (genderPair: "Ivan", "Ivana").
// Symmetric.
double tokenSimilarity(const TokenForms& a, const TokenForms& b);

// The keys a token is indexed under (name_index.hpp), each passed to visit(std::string_view):
// its deletion variants (deletionVariants), those of its article-less form, and those of its
// skeletons ('#' first), of each fold
// ('%' first), and its given name ('@' and the line). Two tokens within one edit of each other,
// of each other's skeleton or fold, or spellings of one given name, share a key.
template <class Visit>
void forEachIndexKey(const TokenForms& t, Visit&& visit);

// Whether two tokens agree (kTokenAgreement): they share an index key and are similar enough.
bool tokensAgree(const TokenForms& a, const TokenForms& b);

// Order-insensitive similarity of two names in [0, 1]; 0 if either is empty.
// Pairs tokens greedily, best pair first, each token used once, pairs that do not agree
// (tokensAgree) counting 0; averages the pairs' token similarity over the shorter name; then
// multiplies by (0.8 + 0.2 * shorter / longer), so an extra middle name costs little (2 of 3
// tokens: x0.93) and a lone given name cannot reach the strong threshold ("Ivan" against
// "Ivan Petrov": 0.9). This is the brute-force form of what the name index computes.
double nameSimilarity(const std::vector<TokenForms>& a, const std::vector<TokenForms>& b);
// The same from the token similarities already computed, for a caller that scores many names
// against one (name_index.hpp): `rows` is the name with fewer tokens (the first when both have
// as many), 0 < rows <= cols, and scores[r * cols + c] is the similarity of row r and column c
// (0 where they do not agree).
double nameSimilarity(std::span<const double> scores, std::size_t rows, std::size_t cols);

// nameSimilarity of two names given as tokens (NameNormaliser::tokens): what the name index
// computes for a query and an indexed name.
double nameSimilarity(const NameVariants& variants, const std::vector<std::string>& a,
                      const std::vector<std::string>& b);

// Whether two strings are at most `most` insertions, deletions, substitutions or swaps of two
// adjacent letters apart (optimal string alignment distance).
bool editDistanceAtMost(std::string_view a, std::string_view b, std::size_t most);

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

template <class Visit>
void forEachIndexKey(const TokenForms& t, Visit&& visit) {
  forEachDeletionVariant(t.token, visit);
  if (!t.bare.empty()) forEachDeletionVariant(t.bare, visit);
  std::string marked;
  auto withMark = [&](char mark, std::string_view of) {
    forEachDeletionVariant(of, [&](std::string_view v) {
      marked.assign(1, mark);
      marked += v;
      visit(std::string_view(marked));
    });
  };
  withMark('#', t.skeleton);
  if (!t.bareSkeleton.empty()) withMark('#', t.bareSkeleton);
  // Without v, as Arabic script writes v and w with one letter (spellingSimilarity).
  if (t.skeleton.find('v', 1) != std::string::npos) withMark('#', skeletonWithoutV(t.skeleton));
  for (const auto& f : t.folds) withMark('%', f);
  if (t.name != 0) {
    marked = "@" + std::to_string(t.name);
    visit(std::string_view(marked));
  }
}

}  // namespace fieldops::screening
