// What a name token may also be written as: the spelling conventions of the regions FieldOps
// serves folded to one key, the given names known to be one name, and the particles that some
// conventions write and others drop. Built from the data files in name_tables/ (sources there
// and in docs/screening.md); the letter rules are here.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fieldops::screening {

// One token in the forms that matching compares.
struct TokenForms {
  std::string token;     // lower-case ASCII, as the normaliser gives it
  std::string skeleton;  // skeleton(token), names.hpp
  // The token without a leading Arabic article (al, el) when four or more letters remain
  // ("alhassan" -> "hassan"), and its skeleton; empty otherwise.
  std::string bare;
  std::string bareSkeleton;
  std::vector<std::string> folds;  // foldToken(token): one to four keys
  std::uint32_t name = 0;          // the line of given_names.tsv holding it, 0 if none
};

// The token under the letter rules that bring the region's spelling conventions together,
// read left to right:
//  - abd- compounds lose the article after abd: abdul/abdel/abdal/abdur+r... -> abd
//    ("Abdulrahman", "Abdelrahman", "Abdurrahman" -> "abdrahman"; "Abdulaziz" -> "abdaziz");
//  - letter groups, the standard reading (ICAO 9303, BGN/PCGN, Slavic Latin without diacritics,
//    English usage for Arabic): shch sch sh zh -> s, z -> s, tsch tch ts tz cz ch kj -> c,
//    dzh dz xh -> j (consonant), dj gj -> d (Serbian Đ, Albanian gj), kh -> h, ph -> f, th -> t,
//    dh -> d, gh -> g, ck q -> k (qu before e/i -> k), x -> ks, w -> u, ou oo ue -> u, ee -> i,
//    oe -> o, ae -> a; a leading o -> u (Arabic short u: "Omar", "Umar");
//  - other readings, each a fold of its own for a token holding their letters: French (ch as
//    sh, dj as j, j as zh: "Chérif", "Djamel", "Joukov"), German (ch as kh, sch as sh, w as v,
//    z as ts: "Michajlow", "Zwetkow"), Albanian (q as ć: "Thaqi", "Taći"), Egyptian (g as
//    j: "Gamal", "Gaber"), Macedonian (gj, kj as g, k: "Gjorgjievski", "Gorgievski") and the
//    vowels of Arabic names (o as u, e as i: "Monir", "Munir"; "Qasem", "Qasim"); the
//    French reading also writes a last closed syllable's e as i ("Khaled", "Khalid");
//  - Russian ё after a consonant, written e, yo, jo or io before a consonant, is e ("Fyodor");
//  - runs of i, y, j (the Slavic glide under ICAO, BGN/PCGN and the national systems): j at the
//    start before a vowel and between vowels, i otherwise ("Iurii", "Yuriy", "Jurij" -> "juri";
//    "Mariia", "Mariya", "Marija" -> "maria"); then a leading "je" -> "e" ("Yelena", "Elena");
//  - doubled letters collapse.
// A token starting with the Arabic article (al, el) followed by four or more letters also gives
// the folds of the rest ("Alhassan" -> "hasan"), as the article is often written apart or not
// at all. Pure; at most fourteen folds.
std::vector<std::string> foldToken(std::string_view token);

class NameVariants {
 public:
  // The tables built into the program (name_tables/*.tsv). Throws std::runtime_error if they
  // are malformed, which a test guards: one fold on two lines of the given names.
  NameVariants();
  // Tables from text, in the same format; for tests.
  NameVariants(std::string_view givenNames, std::string_view particles);

  // The forms of one token (lower-case ASCII).
  TokenForms forms(std::string_view token) const;

  // Applies the particle rules (particles.tsv) to a name's tokens: splits compound given names
  // written as one token, joins, then drops particles and patronymics.
  void applyParticles(std::vector<std::string>& tokens) const;

  // Number of given names (lines) in the table.
  std::size_t givenNames() const { return lines_; }

 private:
  void loadGivenNames(std::string_view text);
  void loadParticles(std::string_view text);
  bool isArticle(std::string_view token) const;
  // The line of the given-name table holding `token` by its standard fold, 0 if none.
  std::uint32_t givenNameOf(std::string_view token) const;
  // A token that is a compound opener's spelling followed by a given name of three or more
  // letters is split in two ("mohammadreza" -> "mohammad", "reza"), as written apart.
  void splitCompounds(std::vector<std::string>& tokens) const;

  // What particles.tsv makes of a token: one bit a rule. One look-up a token, by string_view
  // (every token of every name screened goes through them).
  enum Role : std::uint8_t {
    kDrop = 1,
    kDropAfterFirst = 2,
    kJoin = 4,
    kJoinPrevious = 8,
    kCompoundOpener = 16,  // a spelling, on the given-name table, of a `compound` name
  };
  std::uint8_t rolesOf(std::string_view token) const {
    const auto it = roles_.find(token);
    return it != roles_.end() ? it->second : 0;
  }
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };

  std::unordered_map<std::string, std::uint32_t> nameOfFold_;
  std::unordered_map<std::string, std::uint8_t, StringHash, std::equal_to<>> roles_;
  std::size_t longestOpener_ = 0;  // letters of the longest compound opener
  // The first three letters of every compound opener, sorted: most tokens begin otherwise and
  // need no look-up of their beginnings.
  std::vector<std::string> openerStarts_;
  std::vector<std::vector<std::string>> spellingsOfLine_;  // line - 1 -> its spellings
  std::vector<std::string> patronymicEndings_;
  std::uint32_t lines_ = 0;
};

// The token without a leading Arabic article (TokenForms::bare), or empty.
std::string_view withoutArticle(std::string_view token);

// True when one token is the other's feminine (or masculine) form: the other with a final "a"
// ("Ivan", "Ivana"; "Amin", "Amina"), with its final "o" as "a" ("Mario", "Maria"), or with a
// fleeting a/e before its last consonant dropped and "a" added ("Aleksandar", "Aleksandra";
// "Petar", "Petra"). Slavic, Arabic and Romance given names make the feminine so; such a pair
// is two persons, however close the spelling. Compared on the tokens' first folds.
bool genderPair(std::string_view a, std::string_view b);

// The tables built into the program, as text (generated from name_tables/ at build time).
std::string_view builtInGivenNames();
std::string_view builtInParticles();

}  // namespace fieldops::screening
