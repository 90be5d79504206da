// The pure matching blocks of screening (coordinator/screening/normalise.hpp, names.hpp): keys for
// documents, plates, countries and dates, and name similarity across scripts. The similarities
// in the comments were measured with this code; the thresholds are those of names.hpp.
#define BOOST_TEST_MODULE screening_match
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <coordinator/screening/names.hpp>
#include <coordinator/screening/normalise.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace fieldops::screening {
std::ostream& operator<<(std::ostream& os, DateAgreement a) {
  constexpr const char* kNames[] = {"unknown", "agree", "partial", "disagree"};
  return os << kNames[static_cast<int>(a)];
}
}  // namespace fieldops::screening

namespace {

using namespace fieldops::screening;
using Tokens = std::vector<std::string>;

// One normaliser per test, as each thread of the coordinator will own one.
struct Names {
  NameNormaliser normaliser;

  // The similarity of two names as written, logged for whoever tunes the thresholds.
  double similarity(const std::string& a, const std::string& b) const {
    const double s = nameSimilarity(forms(a), forms(b));
    BOOST_TEST_MESSAGE(a << " ~ " << b << ": " << s);
    return s;
  }
  std::vector<TokenForms> forms(const std::string& name) const {
    return normaliser.forms(normaliser.tokens(name));
  }
  // The forms of a one-word name as written.
  TokenForms token(const std::string& t) const {
    return normaliser.variants().forms(normaliser.tokens(t).at(0));
  }
};

bool isCleanToken(const std::string& t) {
  return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

bool shareVariant(const std::string& a, const std::string& b) {
  const Tokens va = deletionVariants(a);
  const Tokens vb = deletionVariants(b);
  return std::any_of(va.begin(), va.end(), [&](const std::string& v) {
    return std::find(vb.begin(), vb.end(), v) != vb.end();
  });
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(names, Names)

BOOST_AUTO_TEST_CASE(a_name_in_cyrillic_matches_its_passport_spelling) {
  BOOST_TEST(normaliser.tokens("Иван Петров") == (Tokens{"ivan", "petrov"}));
  BOOST_TEST(similarity("Иван Петров", "Ivan Petrov") == 1.0);               // 1.0
  BOOST_TEST(similarity("Александр Ковальов", "Aleksandr Kovalov") == 1.0);  // 1.0
  BOOST_TEST(similarity("Юрий Жуков", "IURII ZHUKOV") == 1.0);               // 1.0, ICAO
  // 0.963: the Russian name against its Ukrainian spelling; 0.948: against the English one.
  BOOST_TEST(similarity("Александр Ковальов", "Oleksandr Kovalov") >= kStrongNameSimilarity);
  BOOST_TEST(similarity("Александр Ковальов", "Alexander Kovalov") >= kStrongNameSimilarity);
  // 0.925 each: older or English spellings rather than the ICAO one.
  BOOST_TEST(similarity("Юрий Жуков", "Yuriy Zhukov") >= kStrongNameSimilarity);
  BOOST_TEST(similarity("Яна Щукина", "Yana Shchukina") >= kStrongNameSimilarity);
}

BOOST_AUTO_TEST_CASE(a_name_in_serbian_cyrillic_matches_its_latin_spelling) {
  BOOST_TEST(similarity("Драган Јовановић", "Dragan Jovanovic") == 1.0);                // 1.0
  BOOST_TEST(similarity("Драган Јовановић", "Dragan Jovanović") == 1.0);                // 1.0
  BOOST_TEST(similarity("Ђорђе Ђорђевић", "Djordje Djordjevic") == 1.0);                // 1.0
  BOOST_TEST(similarity("Ђорђе Ђорђевић", "Dorde Dordevic") >= kStrongNameSimilarity);  // 0.927
}

// Arabic script is romanised without short vowels ("mhmd"): these pairs match through the
// consonant skeleton, which caps them at 0.95.
BOOST_AUTO_TEST_CASE(a_name_in_arabic_matches_its_usual_latin_spellings) {
  // The article, written as part of the word in Arabic script, is split off and dropped.
  BOOST_TEST(normaliser.tokens("محمد الحسن") == (Tokens{"mhmd", "hsn"}));
  BOOST_TEST(similarity("محمد الحسن", "Mohammed Al Hassan") >= kStrongNameSimilarity);  // 0.95
  BOOST_TEST(similarity("محمد الحسن", "Muhammad Alhasan") >= kStrongNameSimilarity);    // 0.95
  BOOST_TEST(similarity("محمد الحسن", "MOHAMED EL-HASSAN") >= kStrongNameSimilarity);   // 0.95
  BOOST_TEST(similarity("يوسف علي", "Youssef Ali") >= kStrongNameSimilarity);           // 0.95
  BOOST_TEST(similarity("عمر خالد", "Omar Khalid") >= kStrongNameSimilarity);           // 0.958
  BOOST_TEST(similarity("أحمد قاسم", "Ahmed Qasim") >= kStrongNameSimilarity);          // 0.953
  BOOST_TEST(similarity("عبد الله", "Abdullah") >= kPossibleNameSimilarity);            // 0.938
  BOOST_TEST(similarity("عبد الرحمن", "Abdul Rahman") >= kPossibleNameSimilarity);      // 0.919
  BOOST_TEST(similarity("محمد الحسن", "Mohammed Al Hassan") < kNearIdenticalNameSimilarity);
}

BOOST_AUTO_TEST_CASE(the_order_of_the_names_does_not_matter) {
  BOOST_TEST(similarity("Ivan Petrov", "PETROV Ivan") == 1.0);
  BOOST_TEST(similarity("Петров Иван", "Ivan Petrov") == 1.0);
}

BOOST_AUTO_TEST_CASE(near_miss_typos_stay_possible_hits) {
  BOOST_TEST(similarity("Ivan Petrov", "Ivan Petorv") >= kPossibleNameSimilarity);   // 0.981
  BOOST_TEST(similarity("Ivan Petrov", "Ivan Petrova") >= kPossibleNameSimilarity);  // 0.986
  // 0.99
  BOOST_TEST(similarity("Dragan Jovanovic", "Dragan Jovanovich") >= kPossibleNameSimilarity);
  BOOST_TEST(similarity("John Smith", "Jon Smyth") >= kPossibleNameSimilarity);  // 0.942
}

BOOST_AUTO_TEST_CASE(unrelated_names_stay_well_below_a_possible_hit) {
  BOOST_TEST(similarity("Maria Schmidt", "Ivan Petrov") < 0.6);                     // 0.242
  BOOST_TEST(similarity("Ivan Petrov", "Pavel Ivanov") < kPossibleNameSimilarity);  // 0.756
  BOOST_TEST(similarity("Ivan Petrov", "Igor Petrov") < kPossibleNameSimilarity);   // 0.75
  // Latin spellings starting with different vowels get no skeleton credit: 0.833.
  BOOST_TEST(similarity("Omar Hassan", "Amir Hassan") < kPossibleNameSimilarity);
  BOOST_TEST(similarity("", "Ivan Petrov") == 0.0);
  // Two different given names of the table do not agree, however close their spelling: a
  // shared surname alone is half a name.
  BOOST_TEST(similarity("Maria Garcia", "Mario Garcia") < kStrongNameSimilarity);
  BOOST_TEST(similarity("Ali Hassan", "Ali Hussein") < kPossibleNameSimilarity);
  // The other gender's form of a name agrees only just: never strong (twins are not a hit).
  BOOST_TEST(similarity("Ivan Petrov", "Ivana Petrov") < kStrongNameSimilarity);
  BOOST_TEST(similarity("Aleksandar Jovanovic", "Aleksandra Jovanovic") < kStrongNameSimilarity);
  // Tokens that do not agree count nothing: "Popov" is not "Petrov".
  BOOST_TEST(similarity("Ivan Petrov", "Ivan Popov") < kPossibleNameSimilarity);
}

BOOST_AUTO_TEST_CASE(a_missing_token_costs_little_but_a_lone_given_name_is_not_strong) {
  // 0.933
  BOOST_TEST(similarity("Ivan Sergeyevich Petrov", "Ivan Petrov") >= kStrongNameSimilarity);
  const double lone = similarity("Ivan", "Ivan Petrov");  // 0.9
  BOOST_TEST(lone >= kPossibleNameSimilarity);
  BOOST_TEST(lone < kStrongNameSimilarity);
}

BOOST_AUTO_TEST_CASE(tokens_are_lower_case_ascii_split_on_separators) {
  BOOST_TEST(normaliser.tokens("Seán O'Brien-Smith") == (Tokens{"sean", "obrien", "smith"}));
  BOOST_TEST(normaliser.tokens("J. R. SMITH") == (Tokens{"j", "r", "smith"}));
  BOOST_TEST(normaliser.tokens("Jürgen Müller, Straße") == (Tokens{"jurgen", "muller", "strasse"}));
  BOOST_TEST(normaliser.tokens("abd al-Rahman") == (Tokens{"abdrahman"}));
  // The ASCII fast path and ICU give the same tokens.
  BOOST_TEST(normaliser.tokens("Ivan O'Brien-Smith") == normaliser.tokens("Ívan O’Brien–Smith"));
  BOOST_TEST(normaliser.tokens("  ,;  ").empty());
}

BOOST_AUTO_TEST_CASE(serbian_dj_d_and_the_cyrillic_letter_meet_in_every_direction) {
  for (const char* a : {"Ђорђе Ђорђевић", "Đorđe Đorđević", "Djordje Djordjevic", "Dorde Dordevic",
                        "DJORDJEVIC<<DJORDJE"}) {
    for (const char* b : {"Ђорђе Ђорђевић", "Đorđe Đorđević", "Djordje Djordjevic",
                          "Dorde Dordevic", "DORDEVIC<<DORDE"}) {
      BOOST_TEST(similarity(a, b) >= kStrongNameSimilarity, a << " ~ " << b);
      BOOST_TEST(similarity(a, b) == similarity(b, a));
    }
  }
}

BOOST_AUTO_TEST_CASE(cyrillic_given_names_meet_under_every_transliteration_standard) {
  // ICAO 9303, BGN/PCGN, the Ukrainian national system, Serbian and German spellings.
  for (const auto& [a, b] : std::vector<std::pair<const char*, const char*>>{
           {"Iurii", "Yuriy"}, {"Jurij", "Yury"}, {"Mariia", "Mariya"}, {"Marija", "Maria"},
           {"Ilia", "Ilya"}, {"Natalia", "Natalya"}, {"Yevgeniy", "Evgenii"},
           {"Aleksei", "Alexey"}, {"Nikolay", "Nikolaj"}, {"Iana", "Yana"},
           {"Oleksandr", "Aleksandr"}, {"Serhii", "Sergey"}, {"Hryhorii", "Grigoriy"},
           {"Tetiana", "Tatyana"}, {"Yelena", "Elena"}}) {
    BOOST_TEST(tokenSimilarity(token(a), token(b)) >= kStrongNameSimilarity, a << " ~ " << b);
    BOOST_TEST(tokensAgree(token(a), token(b)), a << " ~ " << b);
  }
}

BOOST_AUTO_TEST_CASE(arabic_particles_and_maghreb_spellings_meet_the_english_ones) {
  BOOST_TEST(normaliser.tokens("Mohammed Al Hassan") == (Tokens{"mohammed", "hassan"}));
  BOOST_TEST(normaliser.tokens("Khalid bin Salman Al-Otaibi") ==
             (Tokens{"khalid", "salman", "otaibi"}));
  BOOST_TEST(normaliser.tokens("Abdul Rahman") == normaliser.tokens("Abdulrahman"));
  BOOST_TEST(similarity("Abdurrahman Haddad", "Abd al-Rahman Haddad") >= kStrongNameSimilarity);
  BOOST_TEST(similarity("Abdelkader Mansouri", "Abdul Qadir Mansuri") >= kStrongNameSimilarity);
  BOOST_TEST(similarity("Mohamed Hassan", "Muhammad Hasan") >= kStrongNameSimilarity);
  BOOST_TEST(similarity("Youcef Belkacem", "Youssef Belkacem") >= kStrongNameSimilarity);
  BOOST_TEST(similarity("Oualid Alaoui", "Walid Alawi") >= kStrongNameSimilarity);
  BOOST_TEST(similarity("Chérif Benali", "Sharif Benali") >= kStrongNameSimilarity);
  BOOST_TEST(similarity("Djamel Haddad", "Jamal Haddad") >= kStrongNameSimilarity);
  BOOST_TEST(similarity("Mohammed Alhassan", "Mohammed Hassan") >= kStrongNameSimilarity);
}

BOOST_AUTO_TEST_CASE(compound_given_names_meet_joined_hyphenated_or_apart) {
  // Persian and Afghan compound given names: one token, hyphenated, or two, in any spelling.
  BOOST_TEST(normaliser.tokens("Mohammadreza Ahmadi") == (Tokens{"mohammad", "reza", "ahmadi"}));
  BOOST_TEST(normaliser.tokens("Mohammad-Reza Ahmadi") == normaliser.tokens("Mohammadreza Ahmadi"));
  BOOST_TEST(normaliser.tokens("Gholamhoseyn Azizi") == (Tokens{"gholam", "hoseyn", "azizi"}));
  BOOST_TEST(normaliser.tokens("Alireza") == (Tokens{"ali", "reza"}));
  BOOST_TEST(similarity("Amirhossein Sadeghi", "Amir Hosein Sadeghi") >= kStrongNameSimilarity);
  BOOST_TEST(similarity("Muhammadali Musavi", "Mohammad Ali Mousavi") >= kStrongNameSimilarity);
  BOOST_TEST(similarity("Aliakbar Karimi", "Ali Akbar Karimi") >= kStrongNameSimilarity);
  // -ullah and -uddin join the token before.
  BOOST_TEST(normaliser.tokens("Zabih Ullah Ahmadzai") == (Tokens{"zabihullah", "ahmadzai"}));
  BOOST_TEST(normaliser.tokens("Salah-Uddin Noori") == normaliser.tokens("Salahuddin Noori"));
  BOOST_TEST(similarity("Abd Allah Haddad", "Abdullah Haddad") >= kStrongNameSimilarity);
  // Surnames built on a given name are not split: the rest is no given name of the table.
  for (const char* surname : {"Alimov", "Aliyev", "Mohammadi", "Hosseini", "Alizadeh",
                              "Amiri", "Hasanovic", "Alimohammadi", "Aliakbari"}) {
    BOOST_TEST(normaliser.tokens(surname).size() == 1u, surname);
  }
  // A compound is not its second part alone with another first part.
  BOOST_TEST(similarity("Mohammadreza Ahmadi", "Alireza Ahmadi") < kStrongNameSimilarity);
}

BOOST_AUTO_TEST_CASE(folds_bring_spellings_together_but_never_make_other_names_close) {
  // Folds meet within one edit: a canonical spelling with a typo, not a longer or other name
  // whose fold happens to share a prefix.
  BOOST_TEST(similarity("Jean Kowalski", "Ganna Kovalchuk") < kPossibleNameSimilarity);
  BOOST_TEST(similarity("Olivia Singh", "Olivia Zain") < kPossibleNameSimilarity);
  BOOST_TEST(similarity("Abdul Azeez Al Otaybi", "Abd al-Aziz al-Utaybi") >= kStrongNameSimilarity);
  BOOST_TEST(similarity("Abdelilah Mansouri", "Abd al-Ilah Mansouri") >= kStrongNameSimilarity);
  BOOST_TEST(similarity("Kowalski Jan", "Kovalski Jan") >= kStrongNameSimilarity);
}

BOOST_AUTO_TEST_CASE(a_name_in_the_machine_readable_zone_gives_the_tokens_written_out) {
  BOOST_TEST(normaliser.tokens("ERIKSSON<<ANNA<MARIA") == (Tokens{"eriksson", "anna", "maria"}));
  BOOST_TEST(normaliser.tokens("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<") ==
             (Tokens{"eriksson", "anna", "maria"}));
  BOOST_TEST(similarity("GARCIA<LOPEZ<<JOSE<LUIS", "José Luis García López") == 1.0);
}

BOOST_AUTO_TEST_CASE(the_built_in_name_tables_load) {
  const NameVariants variants;
  BOOST_TEST(variants.givenNames() > 100u);
  BOOST_CHECK_THROW(NameVariants("maria marija\nmario\nmariya\n", ""), std::runtime_error);
  BOOST_CHECK_THROW(NameVariants("", "keep al\n"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_does_not_crash_and_gives_no_garbage_tokens) {
  const Tokens t = normaliser.tokens("\xff\xfe Ivan \xc3\x28 Petrov \xe2\x82");
  BOOST_TEST(t == (Tokens{"ivan", "petrov"}));
  BOOST_TEST(normaliser.tokens("\xc0\x80\xed\xa0\x80\xf8\x88\x80\x80\x80").empty());
  const Tokens longName = normaliser.tokens(std::string(100'000, '\xd0'));
  BOOST_TEST(std::all_of(longName.begin(), longName.end(), isCleanToken));
  BOOST_TEST(std::all_of(t.begin(), t.end(), isCleanToken));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(the_skeleton_folds_vowels_and_romanisation_variants) {
  BOOST_TEST(skeleton("mohammed") == "mhmd");
  BOOST_TEST(skeleton("muhammad") == "mhmd");
  BOOST_TEST(skeleton("mhmd") == "mhmd");
  BOOST_TEST(skeleton("alexander") == "alksndr");
  BOOST_TEST(skeleton("oleksandr") == "alksndr");
  BOOST_TEST(skeleton("jovanovich") == skeleton("jovanovic"));
  BOOST_TEST(skeleton("ywsf") == skeleton("youssef"));
  BOOST_TEST(skeleton("").empty());
}

BOOST_AUTO_TEST_CASE(jaro_winkler_gives_the_textbook_values) {
  BOOST_TEST(jaroWinkler("martha", "marhta") == 0.9611, boost::test_tools::tolerance(1e-4));
  BOOST_TEST(jaroWinkler("dwayne", "duane") == 0.84, boost::test_tools::tolerance(1e-4));
  BOOST_TEST(jaroWinkler("dixon", "dicksonx") == 0.8133, boost::test_tools::tolerance(1e-4));
  BOOST_TEST(jaroWinkler("abc", "abc") == 1.0);
  BOOST_TEST(jaroWinkler("", "") == 1.0);
  BOOST_TEST(jaroWinkler("abc", "") == 0.0);
  BOOST_TEST(jaroWinkler("abc", "xyz") == 0.0);
  BOOST_TEST(jaroWinkler("dwayne", "duane") == jaroWinkler("duane", "dwayne"));
  // Longer than the stack buffers.
  const std::string a(100, 'a');
  BOOST_TEST(jaroWinkler(a, a + "b") > 0.99);
}

BOOST_AUTO_TEST_CASE(tokens_one_edit_apart_share_a_deletion_variant) {
  BOOST_TEST(shareVariant("petorv", "petrov"));   // transposition
  BOOST_TEST(shareVariant("petrov", "petrova"));  // insertion
  BOOST_TEST(shareVariant("petrov", "petrof"));   // substitution
  BOOST_TEST(!shareVariant("petrov", "ivanov"));
  BOOST_TEST(deletionVariants("ivan") == (Tokens{"ivan", "van", "ian", "ivn", "iva"}));
  BOOST_TEST(deletionVariants("anna") == (Tokens{"anna", "nna", "ana", "ann"}));
  BOOST_TEST(deletionVariants("ali") == (Tokens{"ali"}));
}

BOOST_AUTO_TEST_CASE(document_numbers_fold_case_separators_and_o_to_zero) {
  BOOST_TEST(normaliseDocumentNumber("AB 12-34 56O") == "AB1234560");
  BOOST_TEST(normaliseDocumentNumber("ab123456O") == normaliseDocumentNumber("AB 12-34 56O"));
  BOOST_TEST(normaliseDocumentNumber("ab123456o") == normaliseDocumentNumber("AB1234560"));
  BOOST_TEST(normaliseDocumentNumber("P/12.34_56") == "P123456");
  BOOST_TEST(normaliseDocumentNumber("АВ123456") == "AB123456");  // typed on a Cyrillic layout
  BOOST_TEST(normaliseDocumentNumber("I23") != normaliseDocumentNumber("123"));  // I/1 kept
  BOOST_TEST(normaliseDocumentNumber("１２３").empty());  // full-width digits are dropped
  BOOST_TEST(normaliseDocumentNumber("\xff\xc3").empty());
}

BOOST_AUTO_TEST_CASE(plates_written_with_cyrillic_or_greek_lookalikes_match_latin) {
  BOOST_TEST(normalisePlate("А123ВС") == "A123BC");  // Cyrillic А В С
  BOOST_TEST(normalisePlate("а 123 вс") == normalisePlate("A-123-BC"));
  BOOST_TEST(normalisePlate("ΙΚΝ-1234") == "IKN1234");  // Greek
  BOOST_TEST(normalisePlate("BG 123-OO") == "BG12300");
  BOOST_TEST(normalisePlate("ЖЖ 123") == "123");  // no Latin look-alike: dropped
}

BOOST_AUTO_TEST_CASE(countries_are_three_ascii_letters) {
  BOOST_TEST(normaliseCountry(" srb ") == "SRB");
  BOOST_TEST(normaliseCountry("RS").empty());
  BOOST_TEST(normaliseCountry("SR1").empty());
  BOOST_TEST(normaliseCountry("SRBI").empty());
  BOOST_TEST(normaliseCountry("ÄBC").empty());
}

BOOST_AUTO_TEST_CASE(dates_are_checked_against_the_calendar) {
  BOOST_TEST(normaliseDate("1980-05-17") == "1980-05-17");
  BOOST_TEST(normaliseDate(" 1980-05 ") == "1980-05");
  BOOST_TEST(normaliseDate("1980") == "1980");
  BOOST_TEST(normaliseDate("2000-02-29") == "2000-02-29");
  BOOST_TEST(normaliseDate("1900-02-29").empty());
  BOOST_TEST(normaliseDate("1980-02-30").empty());
  BOOST_TEST(normaliseDate("1980-13").empty());
  BOOST_TEST(normaliseDate("80-05-17").empty());
  BOOST_TEST(normaliseDate("1980/05/17").empty());
  BOOST_TEST(normaliseDate("0000").empty());
  BOOST_TEST(normaliseDate("").empty());
  // Unknown parts written as 00.
  BOOST_TEST(normaliseDate("1980-00-00") == "1980");
  BOOST_TEST(normaliseDate("1980-05-00") == "1980-05");
  BOOST_TEST(normaliseDate("1980-00-05").empty());
}

BOOST_AUTO_TEST_CASE(dates_of_birth_agree_to_the_precision_both_know) {
  BOOST_TEST(compareDates("1980-05-17", "1980-05-17") == DateAgreement::agree);
  BOOST_TEST(compareDates("1980", "1980-05-17") == DateAgreement::partial);
  BOOST_TEST(compareDates("1980-05-17", "1980-05") == DateAgreement::partial);
  BOOST_TEST(compareDates("1980", "1980") == DateAgreement::partial);
  BOOST_TEST(compareDates("1980-05-17", "1980-05-18") == DateAgreement::disagree);
  BOOST_TEST(compareDates("1980-05", "1980-06-01") == DateAgreement::disagree);
  BOOST_TEST(compareDates("1981", "1980-05-17") == DateAgreement::disagree);
  BOOST_TEST(compareDates("", "1980-05-17") == DateAgreement::unknown);
  BOOST_TEST(compareDates("1980-02-30", "1980-02-30") == DateAgreement::unknown);
}
