// Synthetic watchlist CSV: fake names from pools in several scripts, a splitmix64 stream, and
// bijective numbering so that document numbers and plates never repeat.
#include <coordinator/screening/csv.hpp>
#include <coordinator/screening/generate.hpp>

#include <array>
#include <charconv>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fieldops::screening {

namespace {

// ---- Randomness: splitmix64, with integer-only helpers, so the output is the same everywhere.

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
  bool percent(unsigned p) { return below(100) < p; }
  int between(int low, int high) { return low + static_cast<int>(below(high - low + 1)); }
  template <class T>
  const T& pick(std::span<const T> items) {
    return items[below(items.size())];
  }
  // An index into `weights`, chosen in proportion to them.
  std::size_t weighted(std::span<const unsigned> weights) {
    unsigned total = 0;
    for (const auto w : weights) total += w;
    auto roll = static_cast<unsigned>(below(total));
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (roll < weights[i]) return i;
      roll -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  std::uint64_t state_;
};

// (index * stride + offset) mod modulus: a bijection on [0, modulus) because the stride is a
// prime that divides no modulus used here (their factors are 2, 5 and 13).
std::uint64_t scramble(std::uint64_t index, std::uint64_t offset, std::uint64_t modulus) {
  constexpr std::uint64_t kStride = 2654435761ULL;
  __extension__ using Wide = unsigned __int128;
  return static_cast<std::uint64_t>((Wide{index} * kStride + offset) % modulus);
}

// ---- Name pools. A "|" separates a name from its Latin transcription (Arabic-script pools).

enum class Script : std::uint8_t { latin, serbian, russian, ukrainian, paired };
enum class Shape : std::uint8_t { plain, spanish, arabic };

constexpr const char* kSouthSlavicMale[] = {
    "Marko",  "Nikola",  "Stefan", "Luka",       "Milan",    "Dragan", "Zoran",   "Goran",
    "Dejan",  "Nenad",   "Miloš",  "Aleksandar", "Vladimir", "Ivan",   "Nemanja", "Dušan",
    "Bojan",  "Predrag", "Srđan",  "Željko",     "Vuk",      "Đorđe",  "Branko",  "Slobodan",
    "Mladen", "Darko",   "Uroš",   "Lazar",      "Filip",    "Jovan",  "Emir",    "Adnan",
    "Haris",  "Kenan",   "Amar",   "Trajko",     "Blagoja"};
constexpr const char* kSouthSlavicFemale[] = {
    "Ana",      "Jelena", "Milica", "Marija", "Ivana", "Jovana",  "Tijana",   "Dragana", "Snežana",
    "Ljiljana", "Nataša", "Maja",   "Sanja",  "Vesna", "Gordana", "Katarina", "Teodora", "Anđela",
    "Sara",     "Nevena", "Amra",   "Lejla",  "Emina", "Biljana", "Slađana"};
constexpr const char* kSouthSlavicSurnames[] = {
    "Petrović",   "Jovanović",  "Nikolić",     "Marković",  "Đorđević",   "Stojanović",
    "Ilić",       "Stanković",  "Pavlović",    "Popović",   "Živković",   "Kostić",
    "Todorović",  "Ristić",     "Lazić",       "Savić",     "Kovačević",  "Mitić",
    "Simić",      "Vuković",    "Radovanović", "Jovičić",   "Lukić",      "Đukić",
    "Obradović",  "Milenković", "Tomić",       "Stojković", "Božović",    "Vujović",
    "Radulović",  "Bošković",   "Hodžić",      "Hadžić",    "Begović",    "Delić",
    "Mehmedović", "Kovač",      "Babić",       "Husić",     "Čolak",      "Ljubičić",
    "Šarić",      "Knežević",   "Perić",       "Filipović", "Janković",   "Marjanović",
    "Zečević",    "Grbić",      "Vasić",       "Novaković", "Trajkovski", "Stojanovski",
    "Nikolovski", "Petreski"};
constexpr const char* kSouthSlavicCountries[] = {"SRB", "SRB", "SRB", "BIH", "MNE", "MKD"};

constexpr const char* kRussianMale[] = {"Александр", "Сергей", "Дмитрий", "Андрей",  "Алексей",
                                        "Максим",    "Иван",   "Михаил",  "Николай", "Владимир",
                                        "Евгений",   "Павел",  "Артём",   "Игорь",   "Олег",
                                        "Юрий",      "Роман",  "Виктор",  "Денис",   "Антон"};
constexpr const char* kRussianFemale[] = {"Ольга",     "Елена", "Наталья",   "Ирина",    "Татьяна",
                                          "Анна",      "Мария", "Екатерина", "Светлана", "Юлия",
                                          "Анастасия", "Дарья", "Ксения",    "Людмила",  "Алина"};
constexpr const char* kRussianSurnames[] = {
    "Иванов",   "Смирнов",   "Кузнецов", "Попов",    "Васильев", "Петров",   "Соколов",
    "Михайлов", "Новиков",   "Фёдоров",  "Морозов",  "Волков",   "Алексеев", "Лебедев",
    "Семёнов",  "Егоров",    "Павлов",   "Козлов",   "Степанов", "Николаев", "Орлов",
    "Андреев",  "Макаров",   "Никитин",  "Захаров",  "Зайцев",   "Соловьёв", "Борисов",
    "Яковлев",  "Григорьев", "Романов",  "Воробьёв", "Сергеев",  "Кузьмин",  "Фролов",
    "Белов",    "Крылов",    "Тарасов",  "Беляев",   "Комаров",  "Полянский"};
constexpr const char* kRussianCountries[] = {"RUS", "RUS", "RUS", "BLR", "MDA", "KAZ"};

constexpr const char* kUkrainianMale[] = {"Олександр", "Андрій", "Тарас",   "Богдан", "Василь",
                                          "Микола",    "Олег",   "Петро",   "Юрій",   "Іван",
                                          "Дмитро",    "Остап",  "Ярослав", "Степан", "Віталій"};
constexpr const char* kUkrainianFemale[] = {"Оксана", "Олена",    "Наталія", "Ірина",
                                            "Тетяна", "Галина",   "Марія",   "Юлія",
                                            "Софія",  "Катерина", "Людмила", "Ганна"};
constexpr const char* kUkrainianSurnames[] = {
    "Шевченко",    "Коваленко", "Бондаренко", "Ткаченко",  "Кравченко",  "Олійник",  "Шевчук",
    "Поліщук",     "Бойко",     "Мельник",    "Ковальчук", "Лисенко",    "Марченко", "Савченко",
    "Руденко",     "Мороз",     "Кравчук",    "Петренко",  "Гончаренко", "Іваненко", "Клименко",
    "Ковальський", "Гнатюк",    "Левченко",   "Захарченко"};
constexpr const char* kUkrainianCountries[] = {"UKR", "UKR", "UKR", "MDA"};

constexpr const char* kAlbanianMale[] = {"Arben",   "Besnik",  "Dritan",   "Ervin",  "Florian",
                                         "Gentian", "Ilir",    "Kastriot", "Luan",   "Ardit",
                                         "Erion",   "Klodian", "Agron",    "Fatmir", "Bujar"};
constexpr const char* kAlbanianFemale[] = {"Arta",   "Blerta", "Drita",  "Elira", "Fatjona",
                                           "Jonida", "Klea",   "Mimoza", "Teuta", "Valbona"};
constexpr const char* kAlbanianSurnames[] = {
    "Hoxha", "Krasniqi", "Gashi", "Berisha", "Shehu",    "Leka",   "Kola",   "Dervishi",
    "Çela",  "Hysa",     "Marku", "Bajrami", "Kelmendi", "Morina", "Ahmeti", "Xhaferi",
    "Lika",  "Demiri",   "Mema",  "Sinani",  "Gjoka",    "Prifti"};
constexpr const char* kAlbanianCountries[] = {"ALB", "ALB", "ALB", "MKD", "MNE"};

constexpr const char* kTurkishMale[] = {"Mehmet", "Mustafa", "Ahmet", "Ali",  "Hüseyin",
                                        "Hasan",  "İbrahim", "Murat", "Emre", "Burak"};
constexpr const char* kTurkishFemale[] = {"Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif"};
constexpr const char* kTurkishSurnames[] = {"Yılmaz", "Kaya",     "Demir",  "Şahin", "Çelik",
                                            "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir",
                                            "Arslan", "Doğan",    "Kılıç",  "Aslan"};
constexpr const char* kTurkishCountries[] = {"TUR"};

constexpr const char* kSpanishMale[] = {"José",      "Juan",   "Luis",   "Carlos",   "Jorge",
                                        "Miguel",    "Pedro",  "Jesús",  "Manuel",   "Francisco",
                                        "Alejandro", "Diego",  "Andrés", "Fernando", "Ricardo",
                                        "Javier",    "Óscar",  "Héctor", "Eduardo",  "Rafael",
                                        "Wilmer",    "Yeison", "Brayan", "Kevin",    "Edwin"};
constexpr const char* kSpanishFemale[] = {"María",  "Ana",      "Carmen",    "Rosa",    "Guadalupe",
                                          "Laura",  "Daniela",  "Valentina", "Camila",  "Paola",
                                          "Andrea", "Gabriela", "Yesenia",   "Yuliana", "Marisol",
                                          "Karla",  "Lucía",    "Sofía",     "Mariana", "Isabel"};
constexpr const char* kSpanishSurnames[] = {
    "García",  "Rodríguez", "Martínez",  "Hernández", "López",  "González", "Pérez",   "Sánchez",
    "Ramírez", "Torres",    "Flores",    "Rivera",    "Gómez",  "Díaz",     "Reyes",   "Morales",
    "Cruz",    "Ortiz",     "Gutiérrez", "Chávez",    "Ramos",  "Ruiz",     "Vargas",  "Castillo",
    "Jiménez", "Moreno",    "Romero",    "Herrera",   "Medina", "Aguilar",  "Castro",  "Mendoza",
    "Rojas",   "Vásquez",   "Restrepo",  "Cárdenas",  "Ospina", "Quintero", "Salazar", "Guzmán",
    "Pineda",  "Orellana",  "Velásquez"};
constexpr const char* kSpanishCountries[] = {"COL", "COL", "VEN", "VEN", "MEX",
                                             "GTM", "DOM", "HND", "SLV", "ECU"};

constexpr const char* kWestAfricanMale[] = {
    "Chukwuemeka", "Oluwaseun", "Emeka", "Chinedu", "Tunde", "Babatunde", "Kwame",
    "Kofi",        "Yaw",       "Segun", "Ifeanyi", "Uche",  "Abdullahi", "Musa"};
constexpr const char* kWestAfricanFemale[] = {"Ngozi", "Chioma",   "Funmilayo", "Adaeze",
                                              "Aisha", "Blessing", "Precious",  "Amara",
                                              "Efua",  "Akosua",   "Yetunde",   "Folake"};
constexpr const char* kWestAfricanSurnames[] = {
    "Okafor", "Okonkwo", "Adeyemi", "Olawale", "Eze",      "Nwosu",   "Ibrahim",
    "Bello",  "Mensah",  "Boateng", "Owusu",   "Asante",   "Adebayo", "Ogunleye",
    "Obi",    "Chukwu",  "Afolabi", "Danjuma", "Abubakar", "Oduya"};
constexpr const char* kWestAfricanCountries[] = {"NGA", "NGA", "NGA", "GHA", "CMR"};

constexpr const char* kArabicMale[] = {
    "محمد|Mohammed", "أحمد|Ahmad", "علي|Ali",      "حسن|Hassan",      "حسين|Hussein",
    "خالد|Khaled",   "عمر|Omar",   "يوسف|Youssef", "إبراهيم|Ibrahim", "مصطفى|Mustafa",
    "سامي|Sami",     "كريم|Karim", "طارق|Tarek",   "ماجد|Majed",      "فادي|Fadi",
    "رامي|Rami",     "وليد|Walid", "باسل|Basel",   "زياد|Ziad",       "عبد الله|Abdullah",
    "سعيد|Said",     "نبيل|Nabil", "جمال|Jamal",   "هشام|Hisham",     "ياسر|Yasser"};
constexpr const char* kArabicFemale[] = {
    "فاطمة|Fatima", "مريم|Maryam", "آمنة|Amina",    "زينب|Zainab",   "نور|Nour",
    "سارة|Sara",    "ليلى|Layla",  "هدى|Huda",      "رنا|Rana",      "ريم|Reem",
    "دعاء|Doaa",    "سلمى|Salma",  "ياسمين|Yasmin", "خديجة|Khadija", "رشا|Rasha"};
constexpr const char* kArabicSurnames[] = {
    "الأحمد|Al-Ahmad",  "الحسن|Al-Hassan",  "حداد|Haddad",    "خليل|Khalil",
    "إبراهيم|Ibrahim",  "منصور|Mansour",    "السيد|El-Sayed", "عبد الرحمن|Abdelrahman",
    "النجار|Al-Najjar", "الخطيب|Al-Khatib", "صالح|Saleh",     "حمدان|Hamdan",
    "عيسى|Issa",        "الشامي|Al-Shami",  "العلي|Al-Ali",   "قاسم|Qasim",
    "عثمان|Othman",     "الزين|Al-Zein",    "درويش|Darwish",  "سليمان|Suleiman",
    "الحلبي|Al-Halabi", "المصري|Al-Masri",  "عباس|Abbas",     "جابر|Jaber",
    "ناصر|Nasser",      "الحمد|Al-Hamad",   "شريف|Sharif",    "بكر|Bakr"};
constexpr const char* kArabicCountries[] = {"SYR", "SYR", "SYR", "IRQ", "IRQ", "EGY",
                                            "LBY", "SDN", "JOR", "LBN", "MAR", "TUN"};

constexpr const char* kDariMale[] = {
    "احمد|Ahmad", "محمود|Mahmood", "نجیب|Najib",
    "فرید|Farid", "جاوید|Jawid",   "حمید|Hamid",
    "رحیم|Rahim", "شفیق|Shafiq",   "ذبیح‌الله|Zabihullah",
    "عزیز|Aziz"};
constexpr const char* kDariFemale[] = {"فاطمه|Fatima", "زهرا|Zahra",  "مریم|Maryam", "شبنم|Shabnam",
                                       "پروین|Parwin", "نرگس|Nargis", "سمیرا|Samira"};
constexpr const char* kDariSurnames[] = {
    "رحیمی|Rahimi", "احمدی|Ahmadi",  "محمدی|Mohammadi",   "کریمی|Karimi",  "حیدری|Haidari",
    "نوری|Noori",   "صدیقی|Siddiqi", "عزیزی|Azizi",       "هاشمی|Hashimi", "یوسفی|Yousufi",
    "امیری|Amiri",  "قادری|Qaderi",  "ستانکزی|Stanikzai", "پوپل|Popal",    "وردک|Wardak"};
constexpr const char* kDariCountries[] = {"AFG", "AFG", "AFG", "PAK", "IRN"};

// Where a synthetic subject's name and nationality come from, and how often.
struct OriginSpec {
  std::span<const char* const> male;
  std::span<const char* const> female;
  std::span<const char* const> surnames;
  std::span<const char* const> countries;
  Script script;
  Shape shape;
  unsigned weight;
};

constexpr std::array kOrigins = {
    OriginSpec{kSouthSlavicMale, kSouthSlavicFemale, kSouthSlavicSurnames, kSouthSlavicCountries,
               Script::serbian, Shape::plain, 22},
    OriginSpec{kSpanishMale, kSpanishFemale, kSpanishSurnames, kSpanishCountries, Script::latin,
               Shape::spanish, 18},
    OriginSpec{kArabicMale, kArabicFemale, kArabicSurnames, kArabicCountries, Script::paired,
               Shape::arabic, 14},
    OriginSpec{kDariMale, kDariFemale, kDariSurnames, kDariCountries, Script::paired, Shape::plain,
               8},
    OriginSpec{kAlbanianMale, kAlbanianFemale, kAlbanianSurnames, kAlbanianCountries, Script::latin,
               Shape::plain, 8},
    OriginSpec{kRussianMale, kRussianFemale, kRussianSurnames, kRussianCountries, Script::russian,
               Shape::plain, 8},
    OriginSpec{kUkrainianMale, kUkrainianFemale, kUkrainianSurnames, kUkrainianCountries,
               Script::ukrainian, Shape::plain, 6},
    OriginSpec{kWestAfricanMale, kWestAfricanFemale, kWestAfricanSurnames, kWestAfricanCountries,
               Script::latin, Shape::plain, 8},
    OriginSpec{kTurkishMale, kTurkishFemale, kTurkishSurnames, kTurkishCountries, Script::latin,
               Shape::plain, 8},
};

// ---- Transliteration, used once per pool entry when the pools are prepared.

using Table = std::span<const std::pair<std::string_view, std::string_view>>;

constexpr std::pair<std::string_view, std::string_view> kSerbianToCyrillic[] = {
    {"Lj", "Љ"}, {"LJ", "Љ"}, {"lj", "љ"}, {"Nj", "Њ"}, {"NJ", "Њ"}, {"nj", "њ"}, {"Dž", "Џ"},
    {"dž", "џ"}, {"A", "А"},  {"B", "Б"},  {"C", "Ц"},  {"Č", "Ч"},  {"Ć", "Ћ"},  {"D", "Д"},
    {"Đ", "Ђ"},  {"E", "Е"},  {"F", "Ф"},  {"G", "Г"},  {"H", "Х"},  {"I", "И"},  {"J", "Ј"},
    {"K", "К"},  {"L", "Л"},  {"M", "М"},  {"N", "Н"},  {"O", "О"},  {"P", "П"},  {"R", "Р"},
    {"S", "С"},  {"Š", "Ш"},  {"T", "Т"},  {"U", "У"},  {"V", "В"},  {"Z", "З"},  {"Ž", "Ж"},
    {"a", "а"},  {"b", "б"},  {"c", "ц"},  {"č", "ч"},  {"ć", "ћ"},  {"d", "д"},  {"đ", "ђ"},
    {"e", "е"},  {"f", "ф"},  {"g", "г"},  {"h", "х"},  {"i", "и"},  {"j", "ј"},  {"k", "к"},
    {"l", "л"},  {"m", "м"},  {"n", "н"},  {"o", "о"},  {"p", "п"},  {"r", "р"},  {"s", "с"},
    {"š", "ш"},  {"t", "т"},  {"u", "у"},  {"v", "в"},  {"z", "з"},  {"ž", "ж"}};

// ICAO Doc 9303 transliteration of Russian Cyrillic, as in machine-readable passports.
constexpr std::pair<std::string_view, std::string_view> kRussianToLatin[] = {
    {"А", "A"},    {"Б", "B"},  {"В", "V"},  {"Г", "G"},  {"Д", "D"},  {"Е", "E"},    {"Ё", "E"},
    {"Ж", "Zh"},   {"З", "Z"},  {"И", "I"},  {"Й", "I"},  {"К", "K"},  {"Л", "L"},    {"М", "M"},
    {"Н", "N"},    {"О", "O"},  {"П", "P"},  {"Р", "R"},  {"С", "S"},  {"Т", "T"},    {"У", "U"},
    {"Ф", "F"},    {"Х", "Kh"}, {"Ц", "Ts"}, {"Ч", "Ch"}, {"Ш", "Sh"}, {"Щ", "Shch"}, {"Э", "E"},
    {"Ю", "Iu"},   {"Я", "Ia"}, {"а", "a"},  {"б", "b"},  {"в", "v"},  {"г", "g"},    {"д", "d"},
    {"е", "e"},    {"ё", "e"},  {"ж", "zh"}, {"з", "z"},  {"и", "i"},  {"й", "i"},    {"к", "k"},
    {"л", "l"},    {"м", "m"},  {"н", "n"},  {"о", "o"},  {"п", "p"},  {"р", "r"},    {"с", "s"},
    {"т", "t"},    {"у", "u"},  {"ф", "f"},  {"х", "kh"}, {"ц", "ts"}, {"ч", "ch"},   {"ш", "sh"},
    {"щ", "shch"}, {"ъ", "ie"}, {"ы", "y"},  {"ь", ""},   {"э", "e"},  {"ю", "iu"},   {"я", "ia"}};

// Where Ukrainian differs from Russian; looked up first.
constexpr std::pair<std::string_view, std::string_view> kUkrainianToLatin[] = {
    {"Г", "H"}, {"г", "h"}, {"Ґ", "G"}, {"ґ", "g"}, {"И", "Y"},  {"и", "y"},
    {"І", "I"}, {"і", "i"}, {"Ї", "I"}, {"ї", "i"}, {"Є", "Ie"}, {"є", "ie"}};

std::string transliterate(std::string_view text, std::initializer_list<Table> tables) {
  std::string out;
  while (!text.empty()) {
    bool matched = false;
    for (const auto& table : tables) {
      for (const auto& [from, to] : table) {
        if (!text.starts_with(from)) continue;
        out += to;
        text.remove_prefix(from.size());
        matched = true;
        break;
      }
      if (matched) break;
    }
    if (!matched) {
      out += text.front();
      text.remove_prefix(1);
    }
  }
  return out;
}

// The feminine form of a surname where the language inflects it (Russian, Ukrainian, Macedonian).
std::string feminine(std::string_view surname, Script script) {
  const auto swapEnd = [&](std::string_view from, std::string_view to) {
    return std::string(surname.substr(0, surname.size() - from.size())) + std::string(to);
  };
  if (script == Script::serbian && surname.ends_with("ski")) return swapEnd("ski", "ska");
  if (script != Script::russian && script != Script::ukrainian) return std::string(surname);
  for (const std::string_view end : {"ов", "ев", "ёв", "ин", "ын"}) {
    if (surname.ends_with(end)) return std::string(surname) + "а";
  }
  if (surname.ends_with("ський")) return swapEnd("ський", "ська");
  if (surname.ends_with("ский")) return swapEnd("ский", "ская");
  return std::string(surname);
}

// ---- Prepared pools: every name with its form in the other script, if it has one.

struct Name {
  std::string primary;    // as written by the issuing country
  std::string alternate;  // the same name in another script, or empty
};

struct Origin {
  std::vector<Name> male, female, surnames, femaleSurnames;
  const OriginSpec* spec = nullptr;
};

Name prepareName(std::string_view text, Script script) {
  switch (script) {
    case Script::latin:
      return {std::string(text), {}};
    case Script::serbian:
      return {std::string(text), transliterate(text, {kSerbianToCyrillic})};
    case Script::russian:
      return {std::string(text), transliterate(text, {kRussianToLatin})};
    case Script::ukrainian:
      return {std::string(text), transliterate(text, {kUkrainianToLatin, kRussianToLatin})};
    case Script::paired: {
      const auto bar = text.find('|');
      return {std::string(text.substr(0, bar)), std::string(text.substr(bar + 1))};
    }
  }
  return {std::string(text), {}};
}

std::vector<Origin> prepareOrigins() {
  std::vector<Origin> origins;
  for (const auto& spec : kOrigins) {
    auto& o = origins.emplace_back();
    o.spec = &spec;
    for (const auto* n : spec.male) o.male.push_back(prepareName(n, spec.script));
    for (const auto* n : spec.female) o.female.push_back(prepareName(n, spec.script));
    for (const auto* n : spec.surnames) {
      o.surnames.push_back(prepareName(n, spec.script));
      if (spec.script == Script::paired) {
        o.femaleSurnames.push_back(o.surnames.back());
      } else {
        o.femaleSurnames.push_back(prepareName(feminine(n, spec.script), spec.script));
      }
    }
  }
  return origins;
}

// ---- Writing rows.

void appendNumber(std::string& out, std::uint64_t value, int width = 0) {
  std::array<char, 24> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
  for (auto n = static_cast<int>(end - digits.data()); n < width; ++n) out += '0';
  out.append(digits.data(), end);
}

void appendReference(std::string& out, char list, std::size_t index) {
  out += "SYN-";
  out += list;
  out += '-';
  appendNumber(out, index + 1, 7);
}

void appendLetters(std::string& out, SplitMix64& rng, int count) {
  for (int i = 0; i < count; ++i) out += static_cast<char>('A' + rng.below(26));
}

// A full name (given names and surnames) in both scripts, when the origin has two.
struct FullName {
  std::string primary;
  std::string alternate;
};

void appendPart(FullName& full, const Name& part) {
  if (!full.primary.empty()) full.primary += ' ';
  full.primary += part.primary;
  if (!full.alternate.empty()) full.alternate += ' ';
  full.alternate += part.alternate;
}

FullName makeName(const Origin& origin, bool female, SplitMix64& rng) {
  const std::span<const Name> given = female ? origin.female : origin.male;
  const std::span<const Name> surnames = female ? origin.femaleSurnames : origin.surnames;
  FullName full;
  appendPart(full, rng.pick(given));
  if (origin.spec->shape == Shape::spanish && rng.percent(30)) appendPart(full, rng.pick(given));
  if (origin.spec->shape == Shape::arabic && rng.percent(50)) {
    appendPart(full, rng.pick(std::span<const Name>(origin.male)));  // the father's name
  }
  appendPart(full, rng.pick(surnames));
  if (origin.spec->shape == Shape::spanish && rng.percent(80)) appendPart(full, rng.pick(surnames));
  if (origin.spec->script == Script::latin) full.alternate.clear();
  if (origin.spec->script == Script::serbian && rng.percent(50)) {
    std::swap(full.primary, full.alternate);  // written in Cyrillic first
  }
  return full;
}

// "Petrović Marko" from "Marko Petrović": the surname first, as many lists write it.
std::string surnameFirst(std::string_view name) {
  const auto space = name.rfind(' ');
  if (space == std::string_view::npos) return std::string(name);
  return std::string(name.substr(space + 1)) + ' ' + std::string(name.substr(0, space));
}

// "1984-03-17" mostly, sometimes only "1984-03" or "1984", as partial records are.
void appendDate(std::string& out, SplitMix64& rng, int fromYear, int toYear) {
  const auto year = static_cast<std::uint64_t>(rng.between(fromYear, toYear));
  const auto month = static_cast<std::uint64_t>(rng.between(1, 12));
  const auto day = static_cast<std::uint64_t>(rng.between(1, 28));  // valid in every month
  const auto precision = rng.below(100);
  appendNumber(out, year, 4);
  if (precision >= 92) return;
  out += '-';
  appendNumber(out, month, 2);
  if (precision >= 80) return;
  out += '-';
  appendNumber(out, day, 2);
}

struct Generator {
  explicit Generator(std::uint64_t seed, std::size_t count) : rng(seed), offset(rng.next()) {
    for (std::size_t i = 0; i < kOrigins.size(); ++i) originWeights[i] = kOrigins[i].weight;
    while (numberModulus < count) {
      numberModulus *= 10;
      ++numberDigits;
    }
  }
  SplitMix64 rng;
  std::uint64_t offset;                      // where the bijective numbering starts
  std::uint64_t numberModulus = 10'000'000;  // document numbers: 10^numberDigits of them
  int numberDigits = 7;
  std::vector<Origin> origins = prepareOrigins();
  std::array<unsigned, kOrigins.size()> originWeights{};
};

// ---- Notices.

constexpr unsigned kColourWeights[] = {35, 20, 15, 4, 6, 12, 8};  // in NoticeColour order

void appendAliases(std::string& out, const Origin& origin, bool female, const FullName& name,
                   SplitMix64& rng) {
  if (!rng.percent(20)) return;
  if (rng.percent(40)) {
    out += surnameFirst(name.primary);
  } else {
    out += makeName(origin, female, rng).primary;
  }
  if (rng.percent(10)) {
    out += '|';
    out += makeName(origin, female, rng).primary;
  }
}

void appendNoticeDocuments(std::string& out, std::string_view country, SplitMix64& rng) {
  const auto roll = rng.below(100);
  const int count = roll < 45 ? 0 : roll < 90 ? 1 : 2;
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += '|';
    out += rng.percent(75) ? "passport:" : "identityCard:";
    out += country;
    out += ':';
    appendLetters(out, rng, 2);
    appendNumber(out, rng.below(10'000'000), 7);
  }
}

void writeNotice(Generator& g, std::size_t index, std::string& out) {
  auto& rng = g.rng;
  const auto& origin = g.origins[rng.weighted(g.originWeights)];
  const auto colour = static_cast<NoticeColour>(rng.weighted(kColourWeights));
  const bool minor = colour == NoticeColour::yellow && rng.percent(70);
  const bool female = rng.percent(minor ? 55 : 30);
  const auto name = makeName(origin, female, rng);
  appendReference(out, 'N', index);
  out += ',';
  out += colourName(colour);
  out += ',';
  out += name.primary;
  if (!name.alternate.empty() && rng.percent(35)) {
    out += '|';
    out += name.alternate;
  }
  out += ',';
  appendAliases(out, origin, female, name, rng);
  out += ',';
  if (minor) {
    appendDate(out, rng, 2008, 2020);
  } else if (rng.percent(85)) {
    appendDate(out, rng, 1950, 2004);
  }
  out += ',';
  const std::string_view country = rng.pick(origin.spec->countries);
  if (rng.percent(92)) out += country;
  out += ',';
  appendNoticeDocuments(out, country, rng);
  out += '\n';
}

// ---- Lost and stolen travel documents.

constexpr const char* kDocumentCountries[] = {"SRB", "MKD", "ALB", "BIH", "MNE", "GRC", "ITA",
                                              "DEU", "FRA", "NLD", "AUT", "HUN", "BGR", "ROU",
                                              "TUR", "UKR", "COL", "VEN", "MEX", "GTM", "DOM",
                                              "HND", "NGA", "SYR", "IRQ", "AFG", "PAK"};
constexpr const char* kDocumentTypes[] = {"passport", "identityCard", "residencePermit",
                                          "travelDocument"};
constexpr unsigned kDocumentTypeWeights[] = {65, 28, 4, 3};
constexpr unsigned kStatusWeights[] = {45, 45, 5, 5};  // in DocumentStatus order

void writeDocument(Generator& g, std::size_t index, std::string& out) {
  auto& rng = g.rng;
  appendLetters(out, rng, 1 + static_cast<int>(rng.below(2)));
  appendNumber(out, scramble(index, g.offset, g.numberModulus), g.numberDigits);
  out += ',';
  out += rng.pick(std::span<const char* const>(kDocumentCountries));
  out += ',';
  out += kDocumentTypes[rng.weighted(kDocumentTypeWeights)];
  out += ',';
  out += statusName(static_cast<DocumentStatus>(rng.weighted(kStatusWeights)));
  out += ',';
  appendReference(out, 'D', index);
  out += '\n';
}

// ---- Vehicles of interest.

struct PlateFormat {
  const char* country;
  std::string_view pattern;  // 'L' a letter, 'D' a digit, anything else as written
};

// Every pattern holds at least 26^3 * 10^3 (17.5 million) plates.
constexpr PlateFormat kPlateFormats[] = {
    {"SRB", "LL DDDD-LL"}, {"MKD", "LL DDDD LL"}, {"ALB", "LL DDD LL"},  {"BIH", "LDD-L-DDD"},
    {"MNE", "LL LL DDD"},  {"GRC", "LLL-DDDD"},   {"ITA", "LL DDDLL"},   {"DEU", "LL LL DDDD"},
    {"FRA", "LL-DDD-LL"},  {"NLD", "LL-DDD-L"},   {"AUT", "L DDDDD L"},  {"HUN", "LLL-DDD"},
    {"TUR", "DD LLL DDD"}, {"UKR", "LL DDDD LL"}, {"BGR", "LL DDDD LL"}, {"ROU", "LL DD LLL"},
    {"MEX", "LLL-DDD-L"},  {"COL", "LLL DDD"},    {"GTM", "P DDDLLL"}};

constexpr const char* kVehicleReasons[] = {
    "used to smuggle migrants across the green border",
    "stolen; false plates suspected",
    "linked to a trafficking network, seen at several crossings",
    "registered to a suspect in an open investigation",
    "seen transporting minors without guardians",
    "hidden compartment found at an earlier inspection",
    "rental, not returned; linked to document fraud",
    "escort car: travels ahead of a second vehicle",
    "van, \"delivery\" markings, carried workers to a farm under investigation",
    "reported by a shelter: used to collect victims"};

// The plate numbered `value` in `pattern`, filled from the right.
void appendPlate(std::string& out, std::string_view pattern, std::uint64_t value) {
  const auto start = out.size();
  out += pattern;
  for (auto i = out.size(); i-- > start;) {
    if (out[i] == 'L') {
      out[i] = static_cast<char>('A' + value % 26);
      value /= 26;
    } else if (out[i] == 'D') {
      out[i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  }
}

std::uint64_t plateCapacity(std::string_view pattern) {
  std::uint64_t capacity = 1;
  for (const char c : pattern) capacity *= c == 'L' ? 26 : c == 'D' ? 10 : 1;
  return capacity;
}

void writeVehicle(Generator& g, std::size_t index, std::string& out) {
  auto& rng = g.rng;
  const auto& format = rng.pick(std::span<const PlateFormat>(kPlateFormats));
  appendPlate(out, format.pattern, scramble(index, g.offset, plateCapacity(format.pattern)));
  out += ',';
  out += format.country;
  out += ',';
  appendReference(out, 'V', index);
  out += ',';
  if (rng.percent(75)) appendCsvField(out, rng.pick(std::span<const char* const>(kVehicleReasons)));
  out += '\n';
}

const char* headerOf(ListKind kind) {
  switch (kind) {
    case ListKind::notices:
      return "reference,colour,names,aliases,date_of_birth,nationality,documents\n";
    case ListKind::documents:
      return "number,country,type,status,reference\n";
    case ListKind::vehicles:
      return "plate,country,reference,reason\n";
  }
  return "";
}

}  // namespace

void generateWatchlist(ListKind kind, std::size_t count, std::uint64_t seed, std::ostream& csvOut) {
  constexpr std::size_t kFlushBytes = 1 << 20;
  Generator g(seed, count);
  std::string out;
  out.reserve(kFlushBytes + 4096);
  out += headerOf(kind);
  for (std::size_t i = 0; i < count; ++i) {
    switch (kind) {
      case ListKind::notices:
        writeNotice(g, i, out);
        break;
      case ListKind::documents:
        writeDocument(g, i, out);
        break;
      case ListKind::vehicles:
        writeVehicle(g, i, out);
        break;
    }
    if (out.size() >= kFlushBytes) {
      csvOut.write(out.data(), static_cast<std::streamsize>(out.size()));
      out.clear();
    }
  }
  csvOut.write(out.data(), static_cast<std::streamsize>(out.size()));
}

}  // namespace fieldops::screening
