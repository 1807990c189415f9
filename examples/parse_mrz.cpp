// Parse an MRZ with docintake's public API and print the checked fields.
//   example_parse_mrz                       (parses the ICAO TD3 specimen)
//   example_parse_mrz LINE1 LINE2 [LINE3]
#include <cstdio>
#include <string>
#include <vector>

#include <docintake/mrz.h>

int main(int argc, char** argv) {
    std::vector<std::string> lines;
    for (int i = 1; i < argc; ++i) lines.emplace_back(argv[i]);
    if (lines.empty()) {
        lines = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
    }
    const docintake::MrzParseResult result = docintake::ParseMrz(lines);
    if (result.error) {
        std::fprintf(stderr, "not an MRZ: %s\n", result.error.message.c_str());
        return 2;
    }
    const docintake::Mrz& mrz = result.mrz;
    std::printf("format:          %s\n", docintake::ToString(mrz.format));
    std::printf("document number: %s\n", mrz.document_number.c_str());
    std::printf("name:            %s, %s\n", mrz.surname.c_str(), mrz.given_names.c_str());
    std::printf("nationality:     %s\n", mrz.nationality.code.c_str());
    std::printf("birth date:      %s\n", mrz.birth_date.iso().c_str());
    std::printf("expiry date:     %s\n", mrz.expiry_date.iso().c_str());
    for (const auto& check : mrz.checks)
        std::printf("check %-16s %s\n", check.name.c_str(), check.passed ? "ok" : "FAILED");
    std::printf("valid:           %s\n", mrz.valid() ? "yes" : "no");
    return mrz.valid() ? 0 : 1;
}
