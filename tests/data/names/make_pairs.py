#!/usr/bin/env python3
"""Makes the labelled name-pair evaluation set of screening (pairs.tsv beside this file).

Every person here is fictitious: a given name and a surname drawn at random from the common
names of one language family. Each person is written under the spelling conventions that real
records of that family use, by romanisation tables written out below from the published
systems (not from FieldOps' matcher, which this set measures):

  - ICAO Doc 9303, 8th ed. 2021, Part 3, section 6: the machine-readable zone (MRZ) and its
    Cyrillic tables (Russian, Ukrainian, Belarusian, Bulgarian, Serbian, Macedonian);
  - BGN/PCGN: Russian 1947, Ukrainian 1965, Bulgarian 2013, Arabic 1956, Persian 1958;
  - Russian passports 1997-2010 (MVD order 310: Y for Й, YA, YU);
  - Ukraine, Cabinet of Ministers Resolution No. 55 of 2010 (Г h, И y, Є ye/ie, Ї yi/i);
  - Bulgaria, Transliteration Act 2009 (Streamlined System: Щ sht, Ъ a, Х h);
  - Serbian Latin (Gaj), Serbian passport practice (Đ as DJ), Macedonian official romanisation;
  - Library of Congress ALA-LC romanization tables for Arabic and Persian;
  - French usage in the Maghreb civil registries (ou, ch, dj, e, el-), Egyptian usage (g for
    ج), German (Duden) and French transcriptions of Russian;
  - Turkish alphabet and its ASCII/MRZ folding; Spanish and Portuguese civil registry usage.

Pairs:
  same       one person under two conventions; dates of birth agree, agree in part, are
             missing on one side, or differ (a data error); some with a typo (one edit in a
             token of five letters or more) or a missing middle token
  different  two persons: siblings (same surname), namesakes (same given name), the opposite
             gender's form of the same name (Ivan/Ivana, Mario/Maria), and common full names
             with different dates of birth; some share the date of birth (twins)

Columns: id, family, relation, dob (agree|partial|missing|differ), kind, convention_a,
name_a, dob_a, convention_b, name_b, dob_b. Deterministic: same output for the same seed.
Run: python3 tests/data/names/make_pairs.py > tests/data/names/pairs.tsv
"""
import random
import sys

SEED = 17

# ----------------------------------------------------------------------------------------------
# Cyrillic romanisations. Each table maps a lower-case Cyrillic letter to its Latin spelling;
# 'initial' entries apply at the start of a word or after a vowel (BGN, Ukrainian national).

CYR_VOWELS = set("аеёиоуыэюяєіїъь")

RU_ICAO = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia"]))
RU_MVD = dict(RU_ICAO, **{"й": "y", "ю": "yu", "я": "ya", "ъ": "", "ё": "e"})
RU_BGN = dict(RU_MVD, **{"ё": "ye"})
RU_BGN_INITIAL = {"е": "ye", "ё": "ye"}
RU_GERMAN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "w", "g", "d", "e", "jo", "sch", "s", "i", "j", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "ch", "z", "tsch", "sch", "schtsch", "", "y", "", "e", "ju", "ja"]))
RU_GERMAN_INITIAL = {"е": "je"}
RU_FRENCH = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "io", "j", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "ou", "f", "kh", "ts", "tch", "ch", "chtch", "", "y", "", "e", "iou", "ia"]))

UK_KMU = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'",
    ["a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n",
     "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia", ""]))
UK_KMU_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
UK_ICAO = dict(UK_KMU, **{"г": "g"})          # the Russian-style reading of Г in older records
UK_BGN = dict(UK_KMU, **{"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"})

BE_ICAO = dict(zip("абвгдеёжзійклмнопрстуўфхцчшыьэюя'",
    ["a", "b", "v", "h", "d", "e", "io", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "u", "f", "kh", "ts", "ch", "sh", "y", "", "e", "iu", "ia", ""]))
BE_BGN = dict(BE_ICAO, **{"ў": "w", "ё": "yo", "ю": "yu", "я": "ya", "й": "y"})

BG_STREAMLINED = dict(zip("абвгдежзийклмнопрстуфхцчшщъьюя",
    ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
     "t", "u", "f", "h", "ts", "ch", "sh", "sht", "a", "y", "yu", "ya"]))
BG_ICAO = dict(BG_STREAMLINED, **{"й": "i", "х": "kh", "ю": "iu", "я": "ia", "ъ": "a"})
BG_RUSSIAN_STYLE = dict(BG_ICAO, **{"щ": "shch", "ъ": "ie"})  # read as if Russian

SR_GAJ = dict(zip("абвгдђежзијклљмнњопрстћуфхцчџш",
    ["a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj", "m", "n", "nj", "o",
     "p", "r", "s", "t", "ć", "u", "f", "h", "c", "č", "dž", "š"]))
MK_OFFICIAL = dict(zip("абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    ["a", "b", "v", "g", "d", "gj", "e", "zh", "z", "dz", "i", "j", "k", "l", "lj", "m", "n",
     "nj", "o", "p", "r", "s", "t", "kj", "u", "f", "h", "c", "ch", "dzh", "sh"]))
MK_DIACRITIC = dict(MK_OFFICIAL, **{"ѓ": "ǵ", "ќ": "ḱ", "ж": "ž", "ч": "č", "џ": "dž", "ш": "š"})

# Serbian Latin to ASCII: ICAO 9303 (Đ D), Serbian passport practice (Đ DJ), English press.
GAJ_ASCII = {"đ": "d", "ž": "z", "ć": "c", "č": "c", "š": "s"}
GAJ_DJ = {"đ": "dj", "ž": "z", "ć": "c", "č": "c", "š": "s"}
GAJ_ENGLISH = {"đ": "dj", "ž": "zh", "ć": "ch", "č": "ch", "š": "sh", "dž": "j", "j": "y"}
GAJ_GERMAN = {"đ": "dj", "ž": "sch", "ć": "tsch", "č": "tsch", "š": "sch", "dž": "dsch",
              "c": "z", "v": "w"}
LATIN_TO_SR_CYR = {v: k for k, v in SR_GAJ.items()}


def romanise(word, table, initial=None):
    out = []
    for i, ch in enumerate(word):
        low = ch.lower()
        start = i == 0 or word[i - 1].lower() in CYR_VOWELS
        piece = initial[low] if initial and start and low in initial else table.get(low, low)
        out.append(piece)
    return "".join(out)


def replace_all(word, table):
    """Longest-first replacement of letter groups in a Latin word."""
    keys = sorted(table, key=len, reverse=True)
    out, i = [], 0
    while i < len(word):
        for k in keys:
            if word.startswith(k, i):
                out.append(table[k])
                i += len(k)
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


def gaj_to_cyrillic(word):
    return replace_all(word.lower(), {k: v for k, v in LATIN_TO_SR_CYR.items()})


def cap(word):
    return word[:1].upper() + word[1:]


def mrz(surnames, given):
    """ICAO 9303 name field: SURNAME<<GIVEN<NAMES, A-Z only, diacritics folded by the caller."""
    return "<".join(s.upper() for s in surnames) + "<<" + "<".join(g.upper() for g in given)


LATIN_FOLD = {"á": "a", "à": "a", "â": "a", "ã": "a", "ä": "a", "é": "e", "è": "e", "ê": "e",
              "ë": "e", "í": "i", "ì": "i", "î": "i", "ï": "i", "ó": "o", "ò": "o", "ô": "o",
              "õ": "o", "ö": "o", "ú": "u", "ù": "u", "û": "u", "ü": "u", "ñ": "n", "ç": "c",
              "ş": "s", "ğ": "g", "ı": "i", "İ": "I", "đ": "d", "ž": "z", "ć": "c", "č": "c",
              "š": "s", "ǵ": "g", "ḱ": "k"}


def fold(word):
    return "".join(LATIN_FOLD.get(c, LATIN_FOLD.get(c.lower(), c)) for c in word)


# ----------------------------------------------------------------------------------------------
# Arabic and Persian: names as phonemes, rendered in script and under each convention.
# Phonemes: b t th j H(ḥ) kh d dh r z s sh S(ṣ) D(ḍ) T(ṭ) Z(ẓ) c(ʿ) gh f q k l m n h w y '(ʾ)
# v g p ch zh (Persian), vowels a i u e o, long A I U; "+" joins a compound (ʿAbd + al-...),
# "al-" is the article; "=" marks a final tāʾ marbūṭa.

AR_SCRIPT = {"b": "ب", "t": "ت", "th": "ث", "j": "ج", "H": "ح", "kh": "خ", "d": "د", "dh": "ذ",
             "r": "ر", "z": "ز", "s": "س", "sh": "ش", "S": "ص", "D": "ض", "T": "ط", "Z": "ظ",
             "c": "ع", "gh": "غ", "f": "ف", "q": "ق", "k": "ك", "l": "ل", "m": "م", "n": "ن",
             "h": "ه", "w": "و", "y": "ي", "'": "ء", "A": "ا", "I": "ي", "U": "و", "=": "ة",
             "v": "و", "g": "گ", "p": "پ", "ch": "چ", "zh": "ژ"}
SUN = {"t", "th", "d", "dh", "r", "z", "s", "sh", "S", "D", "T", "Z", "l", "n"}

# Per convention: consonant spellings (defaults are ALA-LC without diacritics) and vowels.
AR_CONVENTIONS = {
    "ala-lc": dict(cons={}, vowels={"a": "a", "i": "i", "u": "u", "A": "a", "I": "i", "U": "u",
                                    "e": "e", "o": "o"},
                   article="al-", assimilate=False, gemination=True, final_e=False, taa="ah"),
    "bgn": dict(cons={}, vowels={"a": "a", "i": "i", "u": "u", "A": "a", "I": "i", "U": "u",
                                 "e": "e", "o": "o"},
                article="al ", assimilate=True, gemination=True, final_e=False, taa="ah"),
    "english": dict(cons={}, vowels={"a": "a", "i": "i", "u": "o", "A": "a", "I": "ee", "U": "ou",
                                     "e": "e", "o": "o"},
                    article="Al ", assimilate=False, gemination=True, final_e=False, taa="a",
                    closed_e="i"),
    "gulf-passport": dict(cons={}, vowels={"a": "a", "i": "i", "u": "o", "A": "a", "I": "i",
                                           "U": "o", "e": "e", "o": "o"},
                          article="Al", assimilate=False, gemination=False, final_e=False,
                          taa="a"),
    "french": dict(cons={"sh": "ch", "j": "dj", "q": "k", "th": "t", "dh": "d", "w": "ou"},
                   vowels={"a": "a", "i": "i", "u": "ou", "A": "a", "I": "i", "U": "ou",
                           "e": "e", "o": "o"},
                   article="El ", assimilate=True, gemination=True, final_e=True, taa="a",
                   closed_e="ai"),
    "egyptian": dict(cons={"j": "g", "th": "s", "dh": "z", "q": "k"},
                     vowels={"a": "a", "i": "i", "u": "o", "A": "a", "I": "i", "U": "ou",
                             "e": "e", "o": "o"},
                     article="El ", assimilate=False, gemination=True, final_e=False, taa="a",
                     closed_e="i"),
    # Persian conventions (the phonemes use e/o for the Persian short vowels).
    "persian-bgn": dict(cons={"q": "gh", "th": "s", "dh": "z", "w": "v", "c": "'"},
                        vowels={"a": "a", "i": "e", "u": "o", "A": "a", "I": "i", "U": "u",
                                "e": "e", "o": "o"},
                        article="", assimilate=False, gemination=True, final_e=False, taa="eh"),
    "persian-english": dict(cons={"q": "gh", "th": "s", "dh": "z", "w": "v"},
                            vowels={"a": "a", "i": "e", "u": "o", "A": "a", "I": "ee",
                                    "U": "ou", "e": "e", "o": "o"},
                            article="", assimilate=False, gemination=True, final_e=False,
                            taa="eh", ey="ei"),
}
AR_DEFAULT_CONS = {"H": "h", "S": "s", "D": "d", "T": "t", "Z": "z", "c": "", "'": ""}


def phonemes(spec):
    return spec.split()


VOWELS = {"a", "i", "u", "e", "o", "A", "I", "U"}

# How each convention writes ʿAbd + article + name, and ʿAbd Allāh.
COMPOUND = {
    "ala-lc": ("{abd} al-{W}", "Abd Allah"), "bgn": ("{abd} {art} {W}", "Abd Allah"),
    "english": ("{abd}ul {W}", "Abdullah"), "gulf-passport": ("{abd}ul{w}", "Abdulla"),
    "french": ("{abd}e{art1}{w}", "Abdellah"), "egyptian": ("{abd}el {W}", "Abdallah"),
    "persian-bgn": ("{abd}ol{w}", "Abdollah"), "persian-english": ("{abd}ol{w}", "Abdollah"),
}


def render_word(ph, conv):
    """One word (list of phonemes, no article) under a convention."""
    c = AR_CONVENTIONS[conv]
    vowel_at = [i for i, p in enumerate(ph) if p in VOWELS]
    out = []
    for i, p in enumerate(ph):
        if p == "=":
            out.append(c["taa"][1:])  # the vowel before it is written already
            continue
        if p in VOWELS:
            v = c["vowels"][p]
            last = i == vowel_at[-1]
            closed = last and i + 1 < len(ph) and ph[i + 1] not in VOWELS and ph[i + 1] != "="
            if vowel_at and i == vowel_at[0]:
                v = c.get("first_" + p, v)
            if p in c.get("closed_e", ""):
                v = "e" if closed and i != vowel_at[0] else ("a" if p == "a" else "i")
            if p == "I" and last and i == len(ph) - 1:
                v = "i"  # a final long i is written i in every Latin convention (Tamimi)
            out.append(v)
            continue
        if p == "y" and c.get("ey") and out and out[-1] == "e":
            out.append("i")
            continue
        if i > 0 and ph[i - 1] == p and not c["gemination"]:
            continue
        spelling = c["cons"].get(p, AR_DEFAULT_CONS.get(p, p))
        if p == "c" and i == 0:
            spelling = ""  # an initial ayn is not written in Latin
        out.append(spelling)
    word = "".join(out)
    if c["final_e"] and ph[-2:] == ["A", "n"]:
        word += "e"  # French: Othmane, Slimane
    return word


def script_word(spec, persian):
    if spec == "' a l l A h":
        return "الله"
    ph = [p for p in phonemes(spec) if p not in ("a", "i", "u", "e", "o")]
    letters = []
    for i, p in enumerate(ph):
        if i > 0 and ph[i - 1] == p:
            continue  # gemination (shadda) is not written
        if p == "'" and i == 0:
            letters.append("آ" if len(ph) > 1 and ph[1] == "A" else "ا")
            continue
        if p == "A" and i == 1 and ph[0] == "'":
            continue
        if p == "'" and i > 0:
            # A medial hamza sits on the letter of the vowel after it.
            full = phonemes(spec)
            at = [j for j, q in enumerate(full) if q == "'"][0]
            after = full[at + 1] if at + 1 < len(full) else ""
            letters.append({"i": "ئ", "I": "ئ", "u": "ؤ", "U": "ؤ", "a": "أ"}.get(after, "ء"))
            continue
        if p == "=" and persian:
            letters.append("ه")
            continue
        letters.append(AR_SCRIPT.get(p, ""))
    return "".join(letters)


def render_arabic_name(parts, conv):
    """parts: list of (article?, phoneme string, joined-with-previous?)."""
    persian = conv.startswith("persian") or any("e" in phonemes(spec) or "o" in phonemes(spec)
                                                for _, spec, _ in parts)
    words = []
    for art, spec, joined in parts:
        if conv == "script":
            w = ("ال" if art else "") + script_word(spec, persian)
            if joined and words and phonemes(spec)[:2] != ["'", "a"]:
                words.append(w)  # عبد الرحمن: two words in script
            else:
                words.append(w)
            continue
        c = AR_CONVENTIONS[conv]
        ph = phonemes(spec)
        w = render_word(ph, conv)
        if joined and words:
            abd = words.pop()
            if ph[:4] == ["'", "a", "l", "l"]:
                words.append(COMPOUND[conv][1])
                continue
            first = ph[0]
            stem = c["cons"].get(first, AR_DEFAULT_CONS.get(first, first))
            assimilated = art and c["assimilate"] and first in SUN
            words.append(COMPOUND[conv][0].format(
                abd=abd, W=cap(w), w=w.lower(), art=("a" + stem) if assimilated else "al",
                art1=stem if first in SUN else "l"))
            continue
        w = cap(w)
        if art and c["article"]:
            article = c["article"]
            if c["assimilate"] and ph[0] in SUN:
                stem = c["cons"].get(ph[0], AR_DEFAULT_CONS.get(ph[0], ph[0]))
                article = article[0] + stem.lower() + article[2:]
            w = article + w if article[-1] in "- " else article + w.lower()
        words.append(w)
    return " ".join(words)


# ----------------------------------------------------------------------------------------------
# Lexicons (common names of each family). Each family yields persons and conventions.

SERBIAN_GIVEN_M = "Драган Ђорђе Милош Никола Јован Душан Немања Жељко Марко Стефан Небојша Бранислав Ненад Дејан Зоран Горан Ђуро Чедомир Љубиша Војислав Милорад Срђан Предраг Владимир Александар".split()
SERBIAN_GIVEN_F = "Јелена Милица Ана Марија Драгана Снежана Биљана Мирјана Тијана Јована Ивана Љиљана Наташа Даница Ђурђина".split()
SERBIAN_SURNAMES = "Јовановић Петровић Николић Ђорђевић Марковић Ђурић Стојановић Живковић Милошевић Ђокић Вучковић Чолић Шаковић Радовановић Жарковић Лазић Илић Павловић Тодоровић Ћирић Симић Мијатовић Кнежевић Бошковић Станковић Џаферовић Љубичић Његовановић Ђуричић Шћекић".split()

MK_GIVEN_M = "Горан Игор Зоран Бојан Александар Ѓорѓи Благоја Никола Кирил Дејан Ѓоко Ќиро".split()
MK_GIVEN_F = "Марија Елена Билјана Катерина Ивана Софија Жаклина".split()
MK_SURNAMES = "Трајковски Стојановски Николовски Ѓорѓиевски Ристовски Костовски Јовановски Ѓуровски Велјановски Ќосевски Џамбазовски Шишковски Жежовски".split()

HR_BS_GIVEN_M = "Ivan Josip Stjepan Tomislav Hrvoje Željko Mirza Emir Edin Haris Đuro Dževad Ćamil Šefik".split()
HR_BS_GIVEN_F = "Amela Lejla Selma Ajla Mersiha Ana Ivana Marija Đurđa Šejla".split()
HR_BS_SURNAMES = "Horvat Kovačević Babić Marić Jurić Hodžić Hadžić Begić Delić Mehmedović Šehić Čaušević Karić Smajlović Đulić Bešić Ćosić Džeko Hadžiahmetović".split()

ALB_GIVEN_M = "Arbën Besnik Agron Ylli Gjergj Fatmir Bekim Dritan Ilir Luan Valon Shpëtim Xhevdet Qëndrim Bashkim".split()
ALB_GIVEN_F = "Arta Besa Drita Mimoza Teuta Fjolla Blerta Elira Shqipe Xhemile Lindita".split()
ALB_SURNAMES = "Hoxha Krasniqi Berisha Gashi Shala Morina Bytyqi Kelmendi Rexhepi Çela Dervishi Xhaferi Hyseni Zeneli Qerimi Thaqi".split()
# Albanian in Serbian Latin records (Kosovo, Serbia): xh dž, sh š, zh ž, q ć, gj đ, ç č, ë e,
# y i, dh d, th t, ll l, rr r, x dz.
ALB_TO_SR = {"xh": "dž", "sh": "š", "zh": "ž", "q": "ć", "gj": "đ", "ç": "č", "ë": "e", "y": "i",
             "dh": "d", "th": "t", "ll": "l", "rr": "r", "x": "dz"}

RU_GIVEN_M = "Александр Сергей Дмитрий Андрей Алексей Юрий Евгений Михаил Николай Владимир Игорь Олег Павел Пётр Григорий Вячеслав Ярослав Фёдор Илья Кирилл Максим Артём Тимофей Захар Виталий".split()
RU_GIVEN_F = "Мария Елена Наталья Анна Ольга Татьяна Светлана Ирина Екатерина Юлия Анастасия Дарья Ксения Людмила Галина Надежда Яна Софья Алёна Евгения".split()
RU_SURNAMES = "Иванов Петров Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Волков Зайцев Павлов Семёнов Голубев Виноградов Богданов Воробьёв Фёдоров Михайлов Жуков Щукин Хабибуллин Цветков Чернов Юдин Яковлев Ершов Белов Шарапов".split()
RU_PATRONYMIC_M = "Сергеевич Александрович Иванович Николаевич Юрьевич".split()
RU_PATRONYMIC_F = "Сергеевна Александровна Ивановна Николаевна Юрьевна".split()

UK_GIVEN_M = "Олександр Сергій Дмитро Андрій Олексій Юрій Євген Михайло Микола Володимир Ігор Олег Павло Петро Тарас Богдан Василь Ярослав Григорій".split()
UK_GIVEN_F = "Олена Наталія Ганна Ольга Тетяна Світлана Ірина Катерина Юлія Оксана Людмила Галина Надія Віра".split()
UK_SURNAMES = "Шевченко Коваленко Бондаренко Ткаченко Кравченко Олійник Шевчук Коваль Поліщук Бойко Мельник Гончаренко Гриценко Лисенко Мороз Ковальчук Савчук Яковенко Юрченко Хоменко Щербак Гаврилюк Євтушенко Ярошенко".split()
# The Russian form a Ukrainian's Russian-language record gives the same given name.
UK_TO_RU_GIVEN = {"Олександр": "Александр", "Сергій": "Сергей", "Дмитро": "Дмитрий",
                  "Андрій": "Андрей", "Олексій": "Алексей", "Юрій": "Юрий", "Євген": "Евгений",
                  "Михайло": "Михаил", "Микола": "Николай", "Володимир": "Владимир",
                  "Ігор": "Игорь", "Олег": "Олег", "Павло": "Павел", "Петро": "Пётр",
                  "Григорій": "Григорий", "Олена": "Елена", "Наталія": "Наталья",
                  "Ганна": "Анна", "Ольга": "Ольга", "Тетяна": "Татьяна", "Світлана": "Светлана",
                  "Ірина": "Ирина", "Катерина": "Екатерина", "Юлія": "Юлия",
                  "Людмила": "Людмила", "Галина": "Галина", "Надія": "Надежда", "Віра": "Вера",
                  "Василь": "Василий", "Ярослав": "Ярослав", "Тарас": "Тарас", "Богдан": "Богдан",
                  "Оксана": "Оксана"}

BE_GIVEN = "Аляксандр Сяргей Дзмітрый Андрэй Аляксей Юрый Міхаіл Мікалай Уладзімір Ігар Святлана Вольга Наталля Таццяна Ірына".split()
BE_SURNAMES = "Казлоў Навіцкі Каваленка Шаўчэнка Мельнік Бондар Лукін Жукаў".split()

BG_GIVEN_M = "Георги Димитър Иван Христо Стоян Николай Петър Тодор Йордан Васил Красимир Цветан Ангел".split()
BG_GIVEN_F = "Мария Елена Иванка Йорданка Цветелина Десислава Радка Милена Яна Юлия".split()
BG_SURNAMES = "Иванов Георгиев Димитров Петров Николов Христов Стоянов Тодоров Йорданов Цветков Жеков Щерев Шопов Ангелов Бъчваров Юруков".split()

AR_GIVEN_M = ["m u H a m m a d", "' a H m a d", "m a H m U d", "m u S T a f A", "y U s u f",
              "' i b r A h I m", "' i s m A c I l", "c a l I", "H a s a n", "H u s a y n",
              "c u m a r", "c u th m A n", "kh A l i d", "k a r I m", "s a c I d", "j a m A l",
              "n a b I l", "w a l I d", "r a sh I d", "T A r i q", "y A s I n", "H a m z a",
              "' a m I n", "h i sh A m", "m u r A d", "c A d i l", "f a y S a l", "n A S i r",
              "s a m I r", "b i l A l", "' a n a s", "S A l i H", "s u l a y m A n",
              "' i d r I s", "y a H y A", "m A j i d", "b a sh I r", "m u n I r", "H a k I m",
              "j A b i r", "q A s i m", "z a k a r i y y A"]
AR_GIVEN_F = ["f A T i m a =", "c A ' i sh a =", "kh a d I j a =", "m a r y a m", "z a y n a b",
              "' A m i n a =", "n U r", "l a y l A", "y A s m I n", "s a l m A", "h u d A",
              "s a m I r a =", "s u c A d", "H a n A n", "' I m A n", "r a n A"]
AR_COMPOUND = [[(False, "c a b d", False), (True, "r a H m A n", True)],
               [(False, "c a b d", False), (True, "c a z I z", True)],
               [(False, "c a b d", False), (True, "q A d i r", True)],
               [(False, "c a b d", False), (False, "' a l l A h", True)]]
AR_FAMILY = [(True, "H a s a n"), (True, "r a sh I d"), (True, "t a m I m I"),
             (True, "c u t a y b I"), (True, "sh a m m a r I"), (True, "q a H T A n I"),
             (True, "m a S r I"), (True, "kh a T I b"), (False, "H a d d A d"),
             (False, "kh U r I"), (False, "m a n S U r"), (False, "d a r w I sh"),
             (False, "H a m d A n"), (True, "z a h r A n I"), (False, "j A b i r"),
             (False, "q A s i m"), (False, "' a y y U b"), (False, "m a n S U r I"),
             (False, "c a m r A n I"), (False, "c a l a w I"), (False, "' i d r I s I"),
             (False, "T A h i r I"), (False, "b a r g h U th I"), (False, "n a j j A r"),
             (False, "Sh a l a b I".replace("Sh", "sh")), (False, "s a l I m")]

FA_GIVEN_M = ["m o H a m m a d", "r e z A", "H o s e y n", "c a l I", "m a h d I", "H a m I d",
              "s a c I d", "j a v A d", "m o H s e n", "m o r t e z A", "f a r h A d",
              "d A r y U sh", "b e h n A m", "b A b a k", "k U r o sh", "p a r v I z",
              "c a b b A s", "m a s c U d", "n a s e r", "r a H I m"]
FA_GIVEN_F = ["z a h r A", "f A T e m e =", "m a r y a m", "n a r g e s", "p a r I s A",
              "sh I r I n", "l e y l A", "n a s r I n", "' A z A d e =", "s A r A"]
FA_SURNAMES = ["' a H m a d I", "m o H a m m a d I", "H o s e y n I", "r e z A ' I",
               "k a r I m I", "m o r A d I", "j a c f a r I", "r a H I m I", "h A sh e m I",
               "k A Z e m I", "S A d e q I", "q o r b A n I", "n a j a f I", "m U s a v I",
               "c a z I z I", "n a Z a r I", "' a m I n I", "H e y d a r I", "t e h r A n I",
               "sh I r A z I", "z a m A n I", "s o l T A n I", "s t A n e k z a y"]
FA_COMPOUND_GIVEN = [("m o H a m m a d", "r e z A"), ("c a l I", "r e z A"),
                     ("m o H a m m a d", "H o s e y n"), ("' a m I r", "H o s e y n"),
                     ("q o l A m", "H o s e y n"), ("m o H a m m a d", "c a l I")]

TR_GIVEN_M = "Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Ömer Emre Burak Çağrı Gökhan Serkan Şükrü".split()
TR_GIVEN_F = "Fatma Ayşe Emine Hatice Zeynep Elif Merve Özlem Gülşen Şükran Çiğdem".split()
TR_SURNAMES = "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek Güneş Türkmen".split()

ES_GIVEN = ["José Luis", "María José", "Juan Carlos", "Luis Alberto", "Ana María",
            "José Antonio", "Francisco Javier", "Jesús", "Guadalupe", "Rosa María",
            "Miguel Ángel", "María Fernanda", "Jorge", "Alejandro", "Verónica", "Andrés Felipe"]
ES_SURNAMES = ["García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez",
               "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Morales",
               "Ortiz", "Gutiérrez", "Chávez", "Ramos", "Castillo", "Jiménez", "Vargas",
               "Muñoz", "Peña"]
PT_GIVEN = ["João Pedro", "Ana Beatriz", "Maria Eduarda", "Luiz Fernando", "José Carlos",
            "Antônio", "Gonçalo", "Conceição"]
PT_SURNAMES = ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues",
               "Almeida", "Nascimento", "Carvalho", "Gonçalves", "Araújo"]

# Different names that differ little: pairs of different persons to test for false hits.
CONFUSABLE = [("Ivan", "Ivana"), ("Dragan", "Dragana"), ("Jovan", "Jovana"),
              ("Aleksandar", "Aleksandra"), ("Milan", "Milana"), ("Zoran", "Zorana"),
              ("Mario", "Maria"), ("Marko", "Marka"), ("Petar", "Petra"), ("Hassan", "Hussein"),
              ("Amin", "Amina"), ("Yasin", "Yasmin"), ("Samir", "Samira"), ("Karim", "Karima"),
              ("Said", "Saad"), ("Nikola", "Nikolina"), ("Daniel", "Daniela"), ("Adel", "Adela"),
              ("Omar", "Amir"), ("Luka", "Lukas"), ("Emil", "Emin"),
              ("Nabil", "Nabila"), ("Jamal", "Jamila"), ("Ahmad", "Hamad"), ("Ali", "Alia"),
              ("Sergei", "Sergio"), ("Mirza", "Mirsad"), ("Edin", "Edina"), ("Ilir", "Ilira")]

# ----------------------------------------------------------------------------------------------


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.rows = []

    def dob(self):
        y = self.r.randint(1955, 2012)
        m = self.r.randint(1, 12)
        d = self.r.randint(1, 28)
        return f"{y:04d}-{m:02d}-{d:02d}"

    def other_dob(self, dob):
        while True:
            o = self.dob()
            if o[:4] != dob[:4]:
                return o

    def add(self, family, relation, dobrel, kind, ca, a, da, cb, b, db):
        self.rows.append((family, relation, dobrel, kind, ca, a, da, cb, b, db))

    def same(self, family, kind, ca, a, cb, b):
        """A same-person pair, with a date-of-birth situation drawn at random."""
        dob = self.dob()
        x = self.r.random()
        if x < 0.70:
            self.add(family, "same", "agree", kind, ca, a, dob, cb, b, dob)
        elif x < 0.80:
            self.add(family, "same", "partial", kind, ca, a, dob, cb, b, dob[:4])
        elif x < 0.92:
            self.add(family, "same", "missing", kind, ca, a, dob, cb, b, "")
        else:
            self.add(family, "same", "differ", kind, ca, a, dob, cb, b, self.other_dob(dob))

    def different(self, family, kind, ca, a, cb, b, twins_share=0.5):
        dob = self.dob()
        if self.r.random() < twins_share:
            self.add(family, "different", "agree", kind, ca, a, dob, cb, b, dob)
        else:
            self.add(family, "different", "differ", kind, ca, a, dob, cb, b, self.other_dob(dob))

    def typo(self, name):
        words = name.split()
        idx = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if not idx:
            return None
        i = self.r.choice(idx)
        w = words[i]
        p = self.r.randint(1, len(w) - 2)
        op = self.r.choice(["del", "ins", "sub", "swap"])
        letters = "abcdefghijklmnoprstuvz"
        if op == "del":
            w = w[:p] + w[p + 1:]
        elif op == "ins":
            w = w[:p] + self.r.choice(letters) + w[p:]
        elif op == "sub":
            c = self.r.choice([c for c in letters if c != w[p].lower()])
            w = w[:p] + c + w[p + 1:]
        else:
            w = w[:p] + w[p + 1] + w[p] + w[p + 2:]
        words[i] = w
        return " ".join(words)


def pick_two(r, options):
    a, b = r.sample(options, 2)
    return a, b


def cyrillic_family(g, family, persons, conventions, n_same, n_diff, extra=None):
    """persons: list of (given, surname) in Cyrillic; conventions: name -> function(word)."""
    names = list(conventions)
    for _ in range(n_same):
        given, surname = g.r.choice(persons)
        ca, cb = pick_two(g.r, names)
        a = f"{conventions[ca](given)} {conventions[ca](surname)}"
        b = f"{conventions[cb](given)} {conventions[cb](surname)}"
        if g.r.random() < 0.25:
            b = f"{conventions[cb](surname)} {conventions[cb](given)}"  # surname first
        g.same(family, "convention", ca, a, cb, b)
    for _ in range(n_same // 6):
        given, surname = g.r.choice(persons)
        ca = g.r.choice(names)
        cb = g.r.choice([n for n in names if n != "cyrillic"] or names)
        a = f"{conventions[ca](given)} {conventions[ca](surname)}"
        b = g.typo(f"{conventions[cb](given)} {conventions[cb](surname)}")
        if b:
            g.same(family, "typo", ca, a, cb, b)
    for _ in range(n_diff):
        (g1, s1), (g2, s2) = pick_two(g.r, persons)
        ca, cb = g.r.choice(names), g.r.choice(names)
        kind = g.r.choice(["sibling", "namesake", "unrelated"])
        if kind == "sibling":
            s2 = s1
            if g1 == g2:
                continue
        elif kind == "namesake":
            g2 = g1
            if s1 == s2:
                continue
        a = f"{conventions[ca](g1)} {conventions[ca](s1)}"
        b = f"{conventions[cb](g2)} {conventions[cb](s2)}"
        g.different(family, kind, ca, a, cb, b, twins_share=0.5 if kind != "unrelated" else 0.8)
    if extra:
        extra()


def with_gender(given, surname, female_given):
    """Russian and Bulgarian female surnames take -а (Иванов -> Иванова)."""
    if given in female_given and surname.endswith(("ов", "ев", "ин", "ёв")):
        return surname + "а"
    return surname


def south_slavic(g):
    gaj = lambda w: cap(romanise(w, SR_GAJ))
    conv = {
        "cyrillic": lambda w: w,
        "serbian-latin": gaj,
        "icao-mrz-ascii": lambda w: cap(replace_all(gaj(w).lower(), GAJ_ASCII)),
        "passport-dj": lambda w: cap(replace_all(gaj(w).lower(), GAJ_DJ)),
        "english": lambda w: cap(replace_all(gaj(w).lower(), GAJ_ENGLISH)),
        "german": lambda w: cap(replace_all(gaj(w).lower(), GAJ_GERMAN)),
    }
    persons = [(gv, s) for gv in SERBIAN_GIVEN_M + SERBIAN_GIVEN_F for s in SERBIAN_SURNAMES]
    cyrillic_family(g, "south-slavic", persons, conv, 330, 110)
    # MRZ lines of Serbian passports (Đ as DJ) against the Cyrillic record.
    for _ in range(50):
        given, surname = g.r.choice(persons)
        line = mrz([replace_all(gaj(surname).lower(), GAJ_DJ)],
                   [replace_all(gaj(given).lower(), GAJ_DJ)])
        g.same("south-slavic", "mrz", "cyrillic", f"{given} {surname}", "mrz", line)
    mk = {
        "macedonian-cyrillic": lambda w: w,
        "macedonian-official": lambda w: cap(romanise(w, MK_OFFICIAL)),
        "macedonian-diacritic": lambda w: cap(romanise(w, MK_DIACRITIC)),
        "icao-mrz-ascii": lambda w: cap(fold(romanise(w, MK_DIACRITIC))),
    }
    mk_persons = [(gv, s if gv not in MK_GIVEN_F else s[:-1] + "а")
                  for gv in MK_GIVEN_M + MK_GIVEN_F for s in MK_SURNAMES]
    cyrillic_family(g, "south-slavic", mk_persons, mk, 90, 30)
    # Croatian and Bosnian names, native Latin.
    hb = {
        "latin": lambda w: w,
        "ascii": lambda w: fold(w),
        "english": lambda w: cap(replace_all(w.lower(), GAJ_ENGLISH)),
        "serbian-cyrillic": lambda w: cap(gaj_to_cyrillic(w)),
    }
    hb_persons = [(gv, s) for gv in HR_BS_GIVEN_M + HR_BS_GIVEN_F for s in HR_BS_SURNAMES]
    cyrillic_family(g, "south-slavic", hb_persons, hb, 110, 40)


def albanian(g):
    conv = {
        "albanian": lambda w: w,
        "ascii": lambda w: fold(w),
        "serbian-latin": lambda w: cap(replace_all(w.lower(), ALB_TO_SR)),
        "serbian-cyrillic": lambda w: cap(gaj_to_cyrillic(replace_all(w.lower(), ALB_TO_SR))),
        "mrz-ascii": lambda w: fold(w).upper(),
    }
    persons = [(gv, s) for gv in ALB_GIVEN_M + ALB_GIVEN_F for s in ALB_SURNAMES]
    cyrillic_family(g, "albanian", persons, conv, 150, 60)


def east_slavic(g):
    ru = {
        "cyrillic": lambda w: w,
        "icao": lambda w: cap(romanise(w, RU_ICAO)),
        "passport-1997": lambda w: cap(romanise(w, RU_MVD)),
        "bgn-pcgn": lambda w: cap(romanise(w, RU_BGN, RU_BGN_INITIAL)),
        "german": lambda w: cap(romanise(w, RU_GERMAN, RU_GERMAN_INITIAL)),
        "french": lambda w: cap(romanise(w, RU_FRENCH)),
    }
    persons = [(gv, with_gender(gv, s, RU_GIVEN_F)) for gv in RU_GIVEN_M + RU_GIVEN_F
               for s in RU_SURNAMES]
    cyrillic_family(g, "east-slavic", persons, ru, 330, 110)
    # With the patronymic on one side only (a Russian record's three-part name).
    for _ in range(50):
        given, surname = g.r.choice(persons)
        pat = g.r.choice(RU_PATRONYMIC_F if given in RU_GIVEN_F else RU_PATRONYMIC_M)
        ca, cb = pick_two(g.r, list(ru))
        a = f"{ru[ca](given)} {ru[ca](pat)} {ru[ca](surname)}"
        b = f"{ru[cb](given)} {ru[cb](surname)}"
        g.same("east-slavic", "patronymic", ca, a, cb, b)
    uk = {
        "cyrillic": lambda w: w,
        "national-2010": lambda w: cap(romanise(w, UK_KMU, UK_KMU_INITIAL)),
        "icao-g": lambda w: cap(romanise(w, UK_ICAO, UK_KMU_INITIAL)),
        "bgn-pcgn": lambda w: cap(romanise(w, UK_BGN)),
    }
    uk_persons = [(gv, s) for gv in UK_GIVEN_M + UK_GIVEN_F for s in UK_SURNAMES]
    cyrillic_family(g, "east-slavic", uk_persons, uk, 200, 60)
    # A Ukrainian's Russian-language record: the Russian form of the given name.
    for _ in range(60):
        given, surname = g.r.choice(uk_persons)
        ca = g.r.choice(["cyrillic", "national-2010"])
        a = f"{uk[ca](given)} {uk[ca](surname)}"
        rg = UK_TO_RU_GIVEN[given]
        cb = g.r.choice(["cyrillic", "icao", "passport-1997"])
        b = f"{ru[cb](rg)} {uk['national-2010'](surname) if cb != 'cyrillic' else surname}"
        g.same("east-slavic", "russian-form", ca, a, "russian-" + cb, b)
    be = {
        "cyrillic": lambda w: w,
        "icao": lambda w: cap(romanise(w, BE_ICAO)),
        "bgn-pcgn": lambda w: cap(romanise(w, BE_BGN)),
    }
    be_persons = [(gv, s) for gv in BE_GIVEN for s in BE_SURNAMES]
    cyrillic_family(g, "east-slavic", be_persons, be, 50, 20)
    bg = {
        "cyrillic": lambda w: w,
        "streamlined-2009": lambda w: cap(romanise(w, BG_STREAMLINED)),
        "icao": lambda w: cap(romanise(w, BG_ICAO)),
        "russian-style": lambda w: cap(romanise(w, BG_RUSSIAN_STYLE)),
    }
    bg_persons = [(gv, with_gender(gv, s, BG_GIVEN_F)) for gv in BG_GIVEN_M + BG_GIVEN_F
                  for s in BG_SURNAMES]
    cyrillic_family(g, "east-slavic", bg_persons, bg, 120, 40)


def arabic_person(g, female=None):
    female = g.r.random() < 0.35 if female is None else female
    parts = []
    if not female and g.r.random() < 0.15:
        parts.extend(g.r.choice(AR_COMPOUND))
    else:
        parts.append((False, g.r.choice(AR_GIVEN_F if female else AR_GIVEN_M), False))
    art, fam = g.r.choice(AR_FAMILY)
    parts.append((art, fam, False))
    return parts


def arabic(g, family, conventions, n_same, n_diff):
    for _ in range(n_same):
        parts = arabic_person(g)
        ca, cb = pick_two(g.r, conventions)
        a, b = render_arabic_name(parts, ca), render_arabic_name(parts, cb)
        if g.r.random() < 0.2 and cb != "script":
            # The article written joined, or dropped.
            b = b.replace("Al ", "Al").replace("al-", "") if g.r.random() < 0.5 else b.replace("Al ", "")
        g.same(family, "convention", ca, a, cb, b)
    for _ in range(n_same // 6):
        parts = arabic_person(g)
        ca = g.r.choice(conventions)
        cb = g.r.choice([c for c in conventions if c != "script"])
        b = g.typo(render_arabic_name(parts, cb))
        if b:
            g.same(family, "typo", ca, render_arabic_name(parts, ca), cb, b)
    for _ in range(n_diff):
        p1, p2 = arabic_person(g), arabic_person(g)
        kind = g.r.choice(["sibling", "namesake", "unrelated"])
        if kind == "sibling":
            p2 = p2[:-1] + p1[-1:]
        elif kind == "namesake":
            p2 = p1[:-1] + p2[-1:]
        if p1 == p2:
            continue
        ca, cb = g.r.choice(conventions), g.r.choice(conventions)
        g.different(family, kind, ca, render_arabic_name(p1, ca), cb,
                    render_arabic_name(p2, cb), twins_share=0.5 if kind != "unrelated" else 0.8)


def gulf_filiation(g):
    """Gulf names with the father's name after bin/ibn, against the passport without it."""
    for _ in range(60):
        given = g.r.choice(AR_GIVEN_M)
        father = g.r.choice(AR_GIVEN_M)
        art, fam = g.r.choice(AR_FAMILY)
        full = [(False, given, False), (False, father, False), (art, fam, False)]
        conv = g.r.choice(["english", "ala-lc", "bgn"])
        a = render_arabic_name(full, conv).split()
        a.insert(1, "bin")
        b_conv = g.r.choice(["gulf-passport", "english"])
        b = render_arabic_name(full, b_conv)
        if g.r.random() < 0.5:
            b = mrz([fold(w) for w in b.split()[2:]], [fold(w) for w in b.split()[:2]])
            b_conv = "mrz"
        g.same("arabic", "filiation", conv, " ".join(a), b_conv, b)


def persian(g):
    conventions = ["script", "persian-bgn", "persian-english"]

    def person():
        female = g.r.random() < 0.35
        given = g.r.choice(FA_GIVEN_F if female else FA_GIVEN_M)
        return [(False, given, False), (False, g.r.choice(FA_SURNAMES), False)]

    for _ in range(170):
        parts = person()
        ca, cb = pick_two(g.r, conventions)
        g.same("persian", "convention", ca, render_arabic_name(parts, ca), cb,
               render_arabic_name(parts, cb))
    # Compound given names: joined, hyphenated or apart.
    for _ in range(60):
        first, second = g.r.choice(FA_COMPOUND_GIVEN)
        surname = g.r.choice(FA_SURNAMES)
        conv = g.r.choice(["persian-bgn", "persian-english"])
        f, s = render_word(phonemes(first), conv), render_word(phonemes(second), conv)
        sur = cap(render_word(phonemes(surname), conv))
        forms = [f"{cap(f)} {cap(s)} {sur}", f"{cap(f)}-{cap(s)} {sur}", f"{cap(f)}{s} {sur}"]
        a, b = g.r.sample(forms, 2)
        g.same("persian", "compound", conv, a, conv, b)
    for _ in range(25):
        parts = person()
        cb = g.r.choice(conventions[1:])
        b = g.typo(render_arabic_name(parts, cb))
        if b:
            g.same("persian", "typo", "script", render_arabic_name(parts, "script"), cb, b)
    for _ in range(70):
        p1, p2 = person(), person()
        kind = g.r.choice(["sibling", "namesake"])
        if kind == "sibling":
            p2 = [p2[0], p1[1]]
        else:
            p2 = [p1[0], p2[1]]
        if p1 == p2:
            continue
        ca, cb = g.r.choice(conventions), g.r.choice(conventions)
        g.different("persian", kind, ca, render_arabic_name(p1, ca), cb,
                    render_arabic_name(p2, cb))


def turkish(g):
    conv = {
        "turkish": lambda w: w,
        "ascii-mrz": lambda w: fold(w),
        "german": lambda w: replace_all(w, {"ö": "oe", "ü": "ue", "Ö": "Oe", "Ü": "Ue",
                                            "ş": "s", "ç": "c", "ğ": "g", "ı": "i", "İ": "I",
                                            "Ş": "S", "Ç": "C"}),
        "english": lambda w: replace_all(w, {"ş": "sh", "ç": "ch", "Ş": "Sh", "Ç": "Ch",
                                             "ğ": "", "ı": "i", "İ": "I", "ö": "o", "ü": "u",
                                             "Ö": "O", "Ü": "U"}),
    }
    persons = [(gv, s) for gv in TR_GIVEN_M + TR_GIVEN_F for s in TR_SURNAMES]
    cyrillic_family(g, "turkish", persons, conv, 170, 60)


def iberian(g):
    for _ in range(170):
        pt = g.r.random() < 0.3
        given = g.r.choice(PT_GIVEN if pt else ES_GIVEN)
        s1, s2 = g.r.sample(PT_SURNAMES if pt else ES_SURNAMES, 2)
        full = f"{given} {s1} {s2}"
        if pt and g.r.random() < 0.4:
            full = f"{given} {s1} {g.r.choice(['da', 'dos', 'de'])} {s2}"
        forms = {
            "full": full,
            "ascii": fold(full),
            "first-surname": fold(f"{given} {s1}") if not pt else fold(f"{given} {s2}"),
            "first-given": fold(f"{given.split()[0]} {s1} {s2}"),
            "hyphenated": fold(f"{given} {s1}-{s2}"),
            "y": f"{given} {s1} y {s2}" if not pt else fold(full),
            "surname-first": fold(f"{s1} {s2}, {given}").upper(),
            "mrz": mrz([fold(s1), fold(s2)], [fold(x) for x in given.split()]),
        }
        ca, cb = pick_two(g.r, list(forms))
        g.same("iberian", ca + "/" + cb if ca < cb else cb + "/" + ca, ca, forms[ca], cb,
               forms[cb])
    for _ in range(30):
        given = g.r.choice(ES_GIVEN)
        s1, s2 = g.r.sample(ES_SURNAMES, 2)
        b = g.typo(fold(f"{given} {s1} {s2}"))
        if b:
            g.same("iberian", "typo", "full", f"{given} {s1} {s2}", "ascii", b)
    for _ in range(80):
        g1, g2 = g.r.sample(ES_GIVEN, 2)
        s1, s2, s3 = g.r.sample(ES_SURNAMES, 3)
        kind = g.r.choice(["sibling", "namesake"])
        a = f"{g1} {s1} {s2}"
        b = f"{g2} {s1} {s2}" if kind == "sibling" else f"{g1} {s3} {s2}"
        g.different("iberian", kind, "full", a, "ascii", fold(b))


def confusables(g):
    surnames = ["Petrovic", "Hodzic", "Ivanov", "Haddad", "Garcia", "Krasniqi", "Yilmaz",
                "Ahmadi", "Kovalenko", "Mansour", "Nikolic", "Rossi"]
    for a, b in CONFUSABLE:
        for _ in range(3):
            s = g.r.choice(surnames)
            g.different("confusable", "gender-or-near-name", "latin", f"{a} {s}", "latin",
                        f"{b} {s}", twins_share=1.0)
    # Common full names, different persons (different dates of birth).
    common = ["Mohammed Ali", "Ivan Petrov", "Maria Garcia", "Ahmed Hassan", "Jelena Jovanovic",
              "Mehmet Yilmaz", "Ali Ahmadi", "Olena Shevchenko", "Jose Garcia Lopez",
              "Fatima Haddad"]
    for name in common:
        for _ in range(5):
            g.different("common-name", "namesake-full", "latin", name, "latin", name,
                        twins_share=0.0)


def main():
    g = Gen(SEED)
    south_slavic(g)
    albanian(g)
    east_slavic(g)
    arabic(g, "arabic", ["script", "ala-lc", "bgn", "english", "gulf-passport", "egyptian"],
           330, 110)
    arabic(g, "maghreb", ["script", "french", "ala-lc", "english"], 170, 60)
    gulf_filiation(g)
    persian(g)
    turkish(g)
    iberian(g)
    confusables(g)
    out = sys.stdout
    out.write("# Generated by tests/data/names/make_pairs.py (seed %d): do not edit.\n" % SEED)
    out.write("id\tfamily\trelation\tdob\tkind\tconvention_a\tname_a\tdob_a\tconvention_b\t"
              "name_b\tdob_b\n")
    seen = set()
    n = 0
    for row in g.rows:
        family, relation, dobrel, kind, ca, a, da, cb, b, db = row
        if (a, b, relation) in seen or not a.strip() or not b.strip():
            continue
        seen.add((a, b, relation))
        n += 1
        out.write("\t".join([str(n), family, relation, dobrel, kind, ca, a, da, cb, b, db]) + "\n")


if __name__ == "__main__":
    main()
