#include "docintake/cross_check.h"

#include <algorithm>

namespace docintake {
namespace {

const std::string* Find(const Fields& fields, const char* name) {
    for (const auto& f : fields)
        if (f.first == name) return &f.second;
    return nullptr;
}

// Upper case, '<' as space, single spaces, no spaces at the ends.
std::string FoldName(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == '<' || c == ' ' || c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    return out;
}

bool NamesAgree(const std::string& mrz_name, const std::string& seal_name, bool mrz_truncated) {
    const std::string a = FoldName(mrz_name), b = FoldName(seal_name);
    if (a == b) return true;
    return mrz_truncated && !a.empty() && b.compare(0, a.size(), a) == 0;
}

bool CompleteIsoDate(const std::string& s) { return s.size() == 10 && s[4] == '-' && s[7] == '-'; }

// Line 1 whole, line 2 over the 28 characters every seal keeps.
bool MrzAgree(const std::vector<std::string>& lines, const std::string& seal_mrz) {
    const std::size_t nl = seal_mrz.find('\n');
    if (lines.size() != 2 || nl == std::string::npos) return false;
    const std::string l1 = seal_mrz.substr(0, nl), l2 = seal_mrz.substr(nl + 1);
    return l1 == lines[0] && l2.compare(0, 28, lines[1], 0, 28) == 0;
}

}  // namespace

std::vector<BarcodeMismatch> CrossCheck(const Mrz& mrz, const std::vector<BarcodeRead>& barcodes) {
    std::vector<BarcodeMismatch> out;
    const bool truncated = mrz.has_warning(MrzWarning::NamePossiblyTruncated);
    for (std::size_t i = 0; i < barcodes.size(); ++i) {
        const DecodedPayload& p = barcodes[i].payload;
        if (p.error || (p.kind != PayloadKind::VDS && p.kind != PayloadKind::VDSNC)) continue;
        auto flag = [&](const char* field, const std::string& mrz_value, const std::string& seal_value) {
            out.push_back({i, field, mrz_value, seal_value});
        };
        if (const std::string* v = Find(p.fields, "document_number"); v && !mrz.document_number.empty()) {
            std::string seal = *v;
            seal.erase(std::remove(seal.begin(), seal.end(), '<'), seal.end());
            if (seal != mrz.document_number) flag("document_number", mrz.document_number, *v);
        }
        const std::pair<const char*, const MrzDate*> dates[] = {{"birth_date", &mrz.birth_date},
                                                                {"expiry_date", &mrz.expiry_date}};
        for (const auto& [name, date] : dates) {
            const std::string* v = Find(p.fields, name);
            if (v && date->complete() && CompleteIsoDate(*v) && *v != date->iso()) flag(name, date->iso(), *v);
        }
        if (const std::string* v = Find(p.fields, "surname"); v && !NamesAgree(mrz.surname, *v, truncated))
            flag("surname", mrz.surname, *v);
        if (const std::string* v = Find(p.fields, "given_names"); v && !NamesAgree(mrz.given_names, *v, truncated))
            flag("given_names", mrz.given_names, *v);
        if (const std::string* v = Find(p.fields, "nationality");
            v && !mrz.nationality.code.empty() && FoldName(*v) != mrz.nationality.code)
            flag("nationality", mrz.nationality.code, *v);
        if (const std::string* v = Find(p.fields, "sex"); v && *v != ToString(mrz.sex)) flag("sex", ToString(mrz.sex), *v);
        if (const std::string* v = Find(p.fields, "mrz"); v && !MrzAgree(mrz.lines, *v)) {
            std::string joined;
            for (const std::string& l : mrz.lines) joined += (joined.empty() ? "" : "\n") + l;
            flag("mrz", joined, *v);
        }
    }
    return out;
}

}  // namespace docintake
