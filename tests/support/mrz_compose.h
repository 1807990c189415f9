#pragma once
// Test support: composes MRZ lines from fields, written independently of the
// library's layout tables (straight from ICAO Doc 9303), and draws random valid
// MRZs for round-trip tests.

#include <random>
#include <string>
#include <vector>

#include <docintake/mrz.h>

namespace docintake::test {

struct MrzFields {
    MrzFormat format = MrzFormat::TD3;
    std::string code = "P";        // document code without filler
    std::string state = "UTO";     // issuing state, without filler
    std::string surname = "ERIKSSON";      // spaces allowed
    std::string given = "ANNA MARIA";      // spaces allowed
    std::string number = "L898902C3";      // may exceed 9 for TD1/TD2
    std::string nationality = "UTO";
    std::string birth = "740812";          // YYMMDD, '<' for unknown parts
    char sex = 'F';                        // M F X <
    std::string expiry = "120415";
    std::string optional;                  // TD3 personal number or optional data
    std::string optional2;                 // TD1 line 2
};

inline std::string Pad(std::string s, std::size_t n) {
    for (char& c : s)
        if (c == ' ' || c == '-') c = '<';
    if (s.size() > n) s.resize(n);
    s.append(n - s.size(), '<');
    return s;
}

inline char Check(const std::string& s) { return ComputeCheckDigit(s); }

inline std::string NameField(const MrzFields& f, std::size_t n) {
    std::string name = f.surname;
    if (!f.given.empty()) name += "  " + f.given;  // "<<" separator
    return Pad(name, n);
}

inline std::vector<std::string> Compose(const MrzFields& f) {
    const std::string code = Pad(f.code, 2);
    const std::string state = Pad(f.state, 3);
    const std::string nat = Pad(f.nationality, 3);
    const std::string birth = f.birth + Check(f.birth);
    const std::string expiry = f.expiry + Check(f.expiry);
    switch (f.format) {
        case MrzFormat::TD1: {
            std::string number_part;
            std::string opt1;
            if (f.number.size() <= 9) {
                number_part = Pad(f.number, 9) + Check(Pad(f.number, 9));
                opt1 = Pad(f.optional, 15);
            } else {
                number_part = f.number.substr(0, 9) + "<";
                opt1 = Pad(f.number.substr(9) + Check(f.number) + "<" + f.optional, 15);
            }
            const std::string l1 = code + state + number_part + opt1;
            const std::string opt2 = Pad(f.optional2, 11);
            std::string l2 = birth + f.sex + expiry + nat + opt2;
            const std::string composite = l1.substr(5) + l2.substr(0, 7) + l2.substr(8, 7) + opt2;
            l2 += Check(composite);
            return {l1, l2, NameField(f, 30)};
        }
        case MrzFormat::TD2:
        case MrzFormat::MRVB: {
            const std::string l1 = code + state + NameField(f, 31);
            std::string number_part;
            std::string opt;
            const std::size_t opt_len = f.format == MrzFormat::TD2 ? 7 : 8;
            if (f.number.size() <= 9) {
                number_part = Pad(f.number, 9) + Check(Pad(f.number, 9));
                opt = Pad(f.optional, opt_len);
            } else {
                number_part = f.number.substr(0, 9) + "<";
                opt = Pad(f.number.substr(9) + Check(f.number) + "<" + f.optional, opt_len);
            }
            std::string l2 = number_part + nat + birth + f.sex + expiry + opt;
            if (f.format == MrzFormat::TD2)
                l2 += Check(number_part + birth + expiry + opt);
            return {l1, l2};
        }
        case MrzFormat::TD3:
        case MrzFormat::MRVA: {
            const std::string l1 = code + state + NameField(f, 39);
            const std::string number_part = Pad(f.number, 9) + Check(Pad(f.number, 9));
            std::string l2 = number_part + nat + birth + f.sex + expiry;
            if (f.format == MrzFormat::TD3) {
                const std::string personal = Pad(f.optional, 14);
                const char pcd = f.optional.empty() ? '<' : Check(personal);
                l2 += personal + pcd;
                l2 += Check(number_part + birth + expiry + personal + pcd);
            } else {
                l2 += Pad(f.optional, 16);
            }
            return {l1, l2};
        }
    }
    return {};
}

// Random valid fields of the given format (names without truncation unless long).
class RandomMrz {
public:
    explicit RandomMrz(unsigned seed) : rng_(seed) {}

    MrzFields Next(MrzFormat format) {
        MrzFields f;
        f.format = format;
        static const char* kCodes[] = {"UTO", "D", "FRA", "SYR", "AFG", "XXA", "XXB", "XXC", "UNO", "GBD", "ERI", "NGA"};
        const bool visa = format == MrzFormat::MRVA || format == MrzFormat::MRVB;
        f.code = visa ? std::string("V") + Pick("<ABCD") : format == MrzFormat::TD3 ? std::string("P") + Pick("<ABCDOS")
                                                                           : std::string(1, Pick("IAC")) + Pick("<DPR");
        if (f.code.back() == '<') f.code.pop_back();
        f.state = kCodes[Uniform(0, 11)];
        // "IDFRA" on 2 x 36 is read as the French national ID card first; an ICAO
        // TD2 starting that way is read as TD2 only when the French checks fail.
        if (format == MrzFormat::TD2 && f.code == "ID" && f.state == "FRA") f.state = "UTO";
        f.nationality = kCodes[Uniform(0, 11)];
        f.surname = Word(2, 12);
        if (Uniform(0, 3) == 0) f.surname += " " + Word(2, 10);
        f.given = Uniform(0, 9) == 0 ? "" : Word(2, 10);
        if (!f.given.empty() && Uniform(0, 2) == 0) f.given += " " + Word(2, 8);
        const std::size_t name_len = format == MrzFormat::TD1 ? 30 : (format == MrzFormat::TD3 || format == MrzFormat::MRVA) ? 39 : 31;
        while (f.surname.size() + 2 + f.given.size() > name_len - 1) f.given = f.given.substr(0, f.given.size() / 2);
        while (!f.given.empty() && f.given.back() == ' ') f.given.pop_back();
        const bool long_number = (format == MrzFormat::TD1 || format == MrzFormat::TD2) && Uniform(0, 4) == 0;
        f.number = Alnum(long_number ? Uniform(10, format == MrzFormat::TD1 ? 22 : 14) : Uniform(6, 9));
        if (long_number && format == MrzFormat::TD2) f.number.resize(std::min<std::size_t>(f.number.size(), 14));
        // The last character before '<' must not be a filler.
        f.birth = Date(Uniform(0, 20) == 0);
        f.expiry = Date(false);
        f.sex = Pick("MFX<");
        const std::size_t opt_room = format == MrzFormat::TD3 ? 14 : format == MrzFormat::MRVA ? 16 : format == MrzFormat::MRVB ? 8 : format == MrzFormat::TD2 ? 7 : 15;
        std::size_t used = long_number ? f.number.size() - 9 + 2 : 0;
        if (format == MrzFormat::TD2 && long_number && used > opt_room) {
            f.number.resize(9 + opt_room - 2);
            used = opt_room;
        }
        if (Uniform(0, 2) == 0 && used + 2 < opt_room) f.optional = Alnum(Uniform(1, static_cast<int>(opt_room - used - 1)));
        if (format == MrzFormat::TD1 && Uniform(0, 2) == 0) f.optional2 = Alnum(Uniform(1, 11));
        return f;
    }

    int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

private:
    char Pick(const char* set) {
        const std::string s(set);
        return s[static_cast<std::size_t>(Uniform(0, static_cast<int>(s.size()) - 1))];
    }
    std::string Word(int lo, int hi) {
        std::string w;
        const int n = Uniform(lo, hi);
        for (int i = 0; i < n; ++i) w.push_back(static_cast<char>('A' + Uniform(0, 25)));
        return w;
    }
    std::string Alnum(int n) {
        std::string w;
        for (int i = 0; i < n; ++i) w.push_back(Pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"));
        return w;
    }
    std::string Date(bool unknown_parts) {
        char buf[8];
        const int y = Uniform(0, 99), m = Uniform(1, 12), d = Uniform(1, 28);
        std::snprintf(buf, sizeof buf, "%02d%02d%02d", y, m, d);
        std::string s(buf);
        if (unknown_parts) {
            s.replace(4, 2, "<<");
            if (Uniform(0, 1)) s.replace(2, 2, "<<");
        }
        return s;
    }
    std::mt19937 rng_;
};

}  // namespace docintake::test
