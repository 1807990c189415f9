// Random valid MRZs of every format, composed independently of the parser,
// must parse back to exactly their fields; any substitution the check digits
// can detect must make them invalid.
#include <doctest/doctest.h>

#include <docintake/mrz.h>

#include "support/mrz_compose.h"

using namespace docintake;

namespace {

constexpr std::int32_t kToday = 20261125;
constexpr int kPerFormat = 4000;

std::string Spaces(std::string s) {
    for (char& c : s)
        if (c == '<') c = ' ';
    return s;
}

int Value(char c) { return c == '<' ? 0 : c <= '9' ? c - '0' : c - 'A' + 10; }

}  // namespace

TEST_CASE("random valid MRZs round-trip through the parser") {
    test::RandomMrz random(20261125);
    MrzParseOptions options;
    options.reference_date = kToday;
    for (MrzFormat format : {MrzFormat::TD1, MrzFormat::TD2, MrzFormat::TD3, MrzFormat::MRVA, MrzFormat::MRVB}) {
        int failures = 0;
        for (int i = 0; i < kPerFormat; ++i) {
            const test::MrzFields f = random.Next(format);
            const auto lines = test::Compose(f);
            const MrzParseResult r = ParseMrz(lines, options);
            const bool ok = !r.error && r.mrz.format == format && r.mrz.valid() &&
                            r.mrz.document_code == f.code && r.mrz.issuing_state.code == f.state &&
                            r.mrz.nationality.code == f.nationality && r.mrz.surname == f.surname &&
                            r.mrz.given_names == f.given && r.mrz.document_number == f.number &&
                            r.mrz.birth_date.raw == f.birth && r.mrz.expiry_date.raw == f.expiry &&
                            ToString(r.mrz.sex)[0] == (f.sex == '<' ? 'X' : f.sex) &&
                            r.mrz.optional_data == f.optional && r.mrz.optional_data_2 == f.optional2;
            if (!ok && failures++ < 3) {
                MESSAGE(ToString(format) << " failed: " << lines[0] << " / " << lines[1]
                                         << (lines.size() > 2 ? " / " + lines[2] : std::string()) << " error "
                                         << r.error.message << " failed check " << r.mrz.first_failed_check());
            }
        }
        CHECK_MESSAGE(failures == 0, ToString(format));
    }
}

TEST_CASE("every detectable single substitution in a checked position makes the MRZ invalid") {
    // The 7-3-1 scheme detects a substitution unless weight x difference is a
    // multiple of 10 (e.g. A for K: 10 vs 20). Every other one must be caught.
    test::RandomMrz random(7);
    MrzParseOptions options;
    options.reference_date = kToday;
    const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
    int tried = 0, missed = 0;
    for (MrzFormat format : {MrzFormat::TD1, MrzFormat::TD2, MrzFormat::TD3, MrzFormat::MRVA, MrzFormat::MRVB}) {
        for (int i = 0; i < 300; ++i) {
            const auto lines = test::Compose(random.Next(format));
            const Mrz truth = ParseMrz(lines, options).mrz;
            REQUIRE(truth.valid());
            // Positions covered by a check: line 2 (TD1: lines 1-2) except sex and nationality.
            for (std::size_t l = 0; l + 1 < lines.size() + (format == MrzFormat::TD1 ? 0 : 1); ++l) {
                if (format != MrzFormat::TD1 && l == 0) continue;
                for (std::size_t p = 0; p < lines[l].size(); ++p) {
                    const bool unchecked =
                        format == MrzFormat::TD1 ? (l == 0 && p < 5) || (l == 1 && p >= 7 && p <= 7) || (l == 1 && p >= 15 && p < 18)
                                                 : (p >= 10 && p < 13) || p == 20 ||
                                                       ((format == MrzFormat::MRVA || format == MrzFormat::MRVB) && p >= 28);
                    if (unchecked) continue;
                    const char original = lines[l][p];
                    const char replacement = alphabet[static_cast<std::size_t>(random.Uniform(0, 36))];
                    if (replacement == original) continue;
                    const int diff = Value(replacement) - Value(original);
                    // Undetectable by design when the difference is a multiple of 10.
                    if (diff % 10 == 0) continue;
                    auto corrupted = lines;
                    corrupted[l][p] = replacement;
                    const MrzParseResult r = ParseMrz(corrupted, options);
                    ++tried;
                    if (!r.error && r.mrz.valid()) {
                        // A filler turned into a character may move where a long number ends,
                        // or a '<' check digit may be allowed: it must then read differently.
                        if (r.mrz.document_number == truth.document_number && r.mrz.optional_data == truth.optional_data &&
                            r.mrz.birth_date.raw == truth.birth_date.raw && r.mrz.expiry_date.raw == truth.expiry_date.raw &&
                            r.mrz.optional_data_2 == truth.optional_data_2) {
                            continue;
                        }
                        if (missed++ < 5) MESSAGE("undetected: " << corrupted[0] << " / " << corrupted[1]);
                    }
                }
            }
        }
    }
    MESSAGE(tried << " substitutions tried");
    CHECK(tried > 20000);
    CHECK(missed == 0);
}
