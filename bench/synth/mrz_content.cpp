// Random, valid MRZ content with the variety seen at intake desks: names of
// many origins (already transliterated to A-Z as ICAO 9303 part 3 asks),
// truncated name fields, special nationality codes, TD1 long document numbers,
// unknown birth-date parts and personal-number fillers.
//
// All names and numbers are invented combinations; none belongs to a real document.

#include <algorithm>
#include <string>
#include <vector>

#include "synth/rng.h"
#include "synth/synth.h"

namespace docintake::synth {
namespace {

// Surnames (transliterated; '<' separates parts, as in the MRZ).
const std::vector<std::string> kSurnames = {
    "AL<HASSAN", "ABDULLAHI", "AHMADZAI", "HAIDARI", "NGUYEN", "TESFAMARIAM", "GEBREMEDHIN",
    "MOHAMED<ALI", "KOVALENKO", "SHEVCHENKO", "BONDARENKO", "IVANOVA", "KOWALSKA<KWIATKOWSKA",
    "MUELLER", "SCHROEDER", "GARCIA<LOPEZ", "FERNANDEZ<DE<LA<CRUZ", "OBRIEN", "DIALLO",
    "MUKENDI<KABONGO", "OKONKWO", "YILMAZ", "OEZTUERK", "HOSSEINI", "RAHIMI", "BARZANI",
    "WANG", "LI", "ZHANG", "O", "KHAN", "CHOWDHURY", "RAHMAN", "HAILE", "WOLDEMICHAEL",
    "MAHAMAT<ABAKAR", "DJIBRIL", "SAEED", "ABDELRAHMAN<OSMAN", "ALBERTSEN", "HAAKONSEN",
    "VAN<DER<BERG", "DOS<SANTOS<PEREIRA", "PAPADOPOULOU", "NAKAMURA", "KIM", "TRAN<THI",
    "AL<MAHMOUD<AL<SHAMMARI", "BIN<ABDULAZIZ<AL<OTAIBI", "ERIKSSON", "SMITH", "NOWAK",
    "ADEBAYO<OLUWASEUN", "KARIMOVA", "TURSUNOV", "ASLAM", "JOVANOVIC", "HADZIC"};

const std::vector<std::string> kGivenNames = {
    "ANNA", "MARIA", "MOHAMMED", "AHMAD", "FATIMA", "AISHA", "OMAR", "YUSUF", "MARYAM",
    "OLEKSANDR", "OLENA", "DMYTRO", "SVITLANA", "THI<HUONG", "VAN<MINH", "SELAM", "BERHANE",
    "ABDIRAHMAN", "HODAN", "JEAN<PIERRE", "MARIE<CLAIRE", "CHIDI", "NGOZI", "MEHMET", "ZEYNEP",
    "REZA", "ZAHRA", "SHIRIN", "WEI", "XIAOLING", "JOANNA", "KATARZYNA", "JUERGEN", "SOEREN",
    "JOSE<LUIS", "ANA<SOFIA", "AMADOU", "FATOUMATA", "HAMID", "NOOR", "NUR", "ABDUL<KARIM",
    "IBRAHIM", "KHADIJA", "MUSTAFA", "LEILA", "ARASH", "PARISA", "NIKOLAOS", "YUKI", "MIN<JUN",
    "GUSTAV", "INGRID", "ALEKSANDAR", "EMINA", "ASEL", "TIMUR", "SAMIRA", "ELIAS", "KWAME"};

// Issuing states and nationalities: ISO 3166-1 alpha-3 plus Germany's "D<<".
const std::vector<std::string> kStates = {
    "AFG", "SYR", "IRQ", "ERI", "SOM", "ETH", "SDN", "UKR", "RUS", "TUR", "IRN", "PAK", "BGD",
    "NGA", "COD", "GIN", "MLI", "VNM", "CHN", "MMR", "D<<", "FRA", "ITA", "ESP", "POL", "NLD",
    "GBR", "USA", "CAN", "AUT", "CHE", "SWE", "NOR", "GRC", "BIH", "SRB", "GEO", "ARM", "AZE",
    "UZB", "KAZ", "TCD", "CMR", "MAR", "DZA", "TUN", "EGY", "LBN", "JOR", "YEM", "COL", "VEN"};
// ICAO special codes and the specimen state.
const std::vector<std::string> kSpecialNationalities = {
    "XXA", "XXB", "XXC", "XXX", "UNO", "UNA", "UNK", "RKS", "EUE", "XOM", "XPO", "GBD", "GBO", "UTO"};
const std::vector<std::string> kSpecialIssuers = {"UNO", "EUE", "XOM", "UTO", "D<<", "GBD"};

const char* kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const char* kDigits = "0123456789";

char CheckDigit(const std::string& data) {
    // Every character we emit is in the MRZ alphabet, so this is never '\0'.
    return docintake::ComputeCheckDigit(data);
}

std::string Pad(std::string s, size_t width) {
    if (s.size() > width) s.resize(width);
    s.append(width - s.size(), '<');
    return s;
}

std::string RandomChars(Rng& rng, const char* alphabet, int n) {
    std::string s;
    const int size = static_cast<int>(std::char_traits<char>::length(alphabet));
    for (int i = 0; i < n; ++i) s += alphabet[rng.integer(0, size - 1)];
    return s;
}

// "SURNAME<<GIVEN<NAMES", cut to the field width when too long (the MRZ shows
// a truncated name; the full one is only in the visual zone).
std::string NameField(Rng& rng, size_t width) {
    std::string name = rng.pick(kSurnames);
    if (rng.chance(0.15)) name += "<" + rng.pick(kSurnames);  // double-barrelled
    if (!rng.chance(0.05)) {  // a few people have no given name
        name += "<<" + rng.pick(kGivenNames);
        const int extra = rng.chance(0.3) ? rng.integer(1, 3) : 0;
        for (int i = 0; i < extra; ++i) name += "<" + rng.pick(kGivenNames);
    }
    return Pad(name, width);
}

std::string State(Rng& rng) { return rng.chance(0.1) ? rng.pick(kSpecialIssuers) : rng.pick(kStates); }
std::string Nationality(Rng& rng, const std::string& issuer) {
    if (rng.chance(0.2)) return rng.pick(kSpecialNationalities);
    return rng.chance(0.6) ? issuer : rng.pick(kStates);
}

std::string Two(int v) { return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10); }

// YYMMDD; sometimes with the day or month and day unknown ("<<").
std::string BirthDate(Rng& rng) {
    const int year = rng.integer(1940, 2024);
    std::string s = Two(year % 100) + Two(rng.integer(1, 12)) + Two(rng.integer(1, 28));
    const double u = rng.uniform();
    if (u < 0.06) s.replace(4, 2, "<<");
    else if (u < 0.10) s.replace(2, 4, "<<<<");
    return s;
}

std::string ExpiryDate(Rng& rng) {
    return Two(rng.integer(2015, 2039) % 100) + Two(rng.integer(1, 12)) + Two(rng.integer(1, 28));
}

char Sex(Rng& rng) {
    const double u = rng.uniform();
    return u < 0.47 ? 'M' : u < 0.94 ? 'F' : (rng.chance(0.5) ? '<' : 'X');
}

std::string DocumentNumber(Rng& rng, int max_len = 9) {
    std::string n;
    if (rng.chance(0.5)) n = RandomChars(rng, kAlnum, 2) + RandomChars(rng, kDigits, 7);
    else n = RandomChars(rng, kAlnum, rng.integer(6, 9));
    if (static_cast<int>(n.size()) > max_len) n.resize(static_cast<size_t>(max_len));
    return n;
}

std::vector<std::string> Td3(Rng& rng, bool visa, size_t width) {
    const std::string issuer = State(rng);
    std::string code = visa ? "V<" : rng.pick(std::vector<std::string>{"P<", "P<", "P<", "PT", "PD", "PO"});
    std::string line1 = code + issuer + NameField(rng, width - 5);
    const std::string number = Pad(DocumentNumber(rng), 9);
    const std::string birth = BirthDate(rng), expiry = ExpiryDate(rng);
    std::string head = number + CheckDigit(number) + Nationality(rng, issuer) + birth + CheckDigit(birth) +
                       Sex(rng) + expiry + CheckDigit(expiry);
    if (visa) {  // MRV: optional data to the end, no composite
        std::string opt = rng.chance(0.5) ? Pad("", width - 28) : Pad(RandomChars(rng, kAlnum, rng.integer(1, 12)), width - 28);
        return {line1, head + opt};
    }
    std::string personal;
    char personal_check;
    const double u = rng.uniform();
    if (u < 0.45) {  // no personal number: fillers, check digit '<' or '0'
        personal = Pad("", 14);
        personal_check = rng.chance(0.5) ? '<' : '0';
    } else {
        personal = Pad(u < 0.75 ? RandomChars(rng, kDigits, rng.integer(8, 14))
                                : RandomChars(rng, kAlnum, rng.integer(4, 12)),
                       14);
        personal_check = CheckDigit(personal);
    }
    std::string line2 = head + personal + personal_check;
    const std::string composite = line2.substr(0, 10) + line2.substr(13, 7) + line2.substr(21, 22);
    return {line1, line2 + CheckDigit(composite)};
}

std::vector<std::string> Td2(Rng& rng) {
    const std::string issuer = State(rng);
    const std::string code = rng.pick(std::vector<std::string>{"I<", "ID", "AR", "IR", "AC"});
    std::string line1 = code + issuer + NameField(rng, 31);
    const std::string number = Pad(DocumentNumber(rng), 9);
    const std::string birth = BirthDate(rng), expiry = ExpiryDate(rng);
    std::string line2 = number + CheckDigit(number) + Nationality(rng, issuer) + birth + CheckDigit(birth) +
                        Sex(rng) + expiry + CheckDigit(expiry) +
                        Pad(rng.chance(0.6) ? "" : RandomChars(rng, kAlnum, rng.integer(1, 7)), 7);
    const std::string composite = line2.substr(0, 10) + line2.substr(13, 7) + line2.substr(21, 14);
    return {line1, line2 + CheckDigit(composite)};
}

std::vector<std::string> Td1(Rng& rng) {
    const std::string issuer = State(rng);
    const std::string code = rng.pick(std::vector<std::string>{"I<", "ID", "IR", "AR", "AC", "C<", "IP"});
    std::string line1 = code + issuer;
    if (rng.chance(0.2)) {
        // Long document number: 9 characters, '<' where the check digit would be,
        // the rest at the start of the optional data, then the check digit over all.
        const std::string number = RandomChars(rng, kAlnum, 3) + RandomChars(rng, kDigits, rng.integer(7, 10));
        const std::string rest = number.substr(9);
        line1 += number.substr(0, 9) + "<" + Pad(rest + CheckDigit(number), 15);
    } else {
        const std::string number = Pad(DocumentNumber(rng), 9);
        line1 += number + CheckDigit(number) +
                 Pad(rng.chance(0.5) ? "" : RandomChars(rng, kAlnum, rng.integer(1, 15)), 15);
    }
    const std::string birth = BirthDate(rng), expiry = ExpiryDate(rng);
    std::string line2 = birth + CheckDigit(birth) + Sex(rng) + expiry + CheckDigit(expiry) +
                        Nationality(rng, issuer) +
                        Pad(rng.chance(0.6) ? "" : RandomChars(rng, kAlnum, rng.integer(1, 11)), 11);
    const std::string composite = line1.substr(5, 25) + line2.substr(0, 7) + line2.substr(8, 7) + line2.substr(18, 11);
    line2 += CheckDigit(composite);
    return {line1, line2, NameField(rng, 30)};
}

// The French identity card issued until 2021 (2 x 36): surname and office code
// on line 1; card number (issue year and month, department, serial), given
// names separated by "<<", birth date and sex on line 2; the composite check
// digit covers both lines.
std::vector<std::string> FrenchId(Rng& rng) {
    std::string line1 = "IDFRA" + Pad(rng.pick(kSurnames), 25) +
                        (rng.chance(0.8) ? RandomChars(rng, kDigits, 6) : std::string(6, '<'));
    const std::string number = Two(rng.integer(1988, 2020) % 100) + Two(rng.integer(1, 12)) +
                               RandomChars(rng, kDigits, 3) + RandomChars(rng, kDigits, 5);
    std::string given = rng.pick(kGivenNames);
    if (rng.chance(0.4)) given += "<<" + rng.pick(kGivenNames);
    std::string birth = Two(rng.integer(1930, 2015) % 100) + Two(rng.integer(1, 12)) + Two(rng.integer(1, 28));
    std::string line2 = number + CheckDigit(number) + Pad(given, 14) + birth + CheckDigit(birth) +
                        (rng.chance(0.5) ? 'M' : 'F');
    return {line1, line2 + CheckDigit(line1 + line2)};
}

}  // namespace

std::vector<std::string> RandomMrz(MrzFormat format, std::uint64_t seed) {
    Rng rng(seed, 0x4D525A);
    switch (format) {
        case MrzFormat::TD1: return Td1(rng);
        case MrzFormat::TD2: return Td2(rng);
        case MrzFormat::TD3: return Td3(rng, false, 44);
        case MrzFormat::MRVA: return Td3(rng, true, 44);
        case MrzFormat::MRVB: return Td3(rng, true, 36);
        case MrzFormat::FrenchId: return FrenchId(rng);
        case MrzFormat::IsoDrivingLicence:  // not generated (synth.h)
        case MrzFormat::FrenchDrivingLicence:
        case MrzFormat::SwissDrivingLicence: return {};
    }
    return {};
}

}  // namespace docintake::synth
