// Record store timings: Add (one transaction, synchronous=FULL: the WAL is
// fsynced before Add returns), Get (decrypt + parse) and MarkDelivered, each
// N times into a fresh store in every folder given (default: the current folder,
// which is on /work's disk when run from the build tree, and /tmp). Prints the
// median and p95 in milliseconds. The target: Add at most 5 ms median.
//
//   build-store-bench/bin/store_bench [-n 200] [FOLDER ...]

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <docintake/store.h>

namespace {

using Clock = std::chrono::steady_clock;

docintake::RecordField Field(const char* value) {
    docintake::RecordField field;
    field.value = value;
    field.source = "mrz";
    field.checked = true;
    field.confidence = 0.97;
    return field;
}

// A TD3 passport record of typical size (made-up person).
docintake::IntakeRecord SampleRecord() {
    docintake::IntakeRecord record;
    record.id = docintake::NewRecordId();
    record.created_at = docintake::Rfc3339(docintake::UnixNow());
    record.intake_date = record.created_at.substr(0, 10);
    record.document_format = "TD3";
    record.fields = {{"document_code", Field("P")},           {"issuing_state", Field("UTO")},
                     {"surname", Field("ERIKSSON")},          {"given_names", Field("ANNA MARIA")},
                     {"document_number", Field("L898902C3")}, {"nationality", Field("UTO")},
                     {"birth_date", Field("1974-08-12")},     {"sex", Field("F")},
                     {"expiry_date", Field("2032-04-15")},    {"optional_data", Field("ZE184226B")}};
    docintake::Consent consent;
    consent.given = true;
    consent.scope = "intake_record";
    consent.language = "ar";
    consent.at = record.created_at;
    record.consent = consent;
    return record;
}

struct Summary {
    double median_ms = 0;
    double p95_ms = 0;
};

Summary Summarise(std::vector<double> ms) {
    if (ms.empty()) return {};
    std::sort(ms.begin(), ms.end());
    const std::size_t n = ms.size();
    const double p95 = ms[std::min(n - 1, static_cast<std::size_t>(0.95 * static_cast<double>(n)))];
    return {n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2, p95};
}

double Ms(Clock::time_point from) { return std::chrono::duration<double, std::milli>(Clock::now() - from).count(); }

// One fresh store under `base`; false (after saying why) when something failed.
bool RunIn(const std::string& base, int n) {
    std::string pattern = (std::filesystem::path(base) / "store-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
        std::fprintf(stderr, "store_bench: cannot make a folder in %s: %s\n", base.c_str(), std::strerror(errno));
        return false;
    }
    const std::string dir = pattern;
    bool ok = true;
    {
        docintake::StoreOptions options;
        options.dir = dir + "/store";
        docintake::StoreOpenResult opened = docintake::RecordStore::Open(options);
        if (opened.error) {
            std::fprintf(stderr, "store_bench: %s\n", opened.error.message.c_str());
            std::filesystem::remove_all(dir);
            return false;
        }
        docintake::RecordStore& store = *opened.store;
        std::vector<docintake::IntakeRecord> records;
        for (int i = 0; i < n + 5; ++i) records.push_back(SampleRecord());
        for (int i = 0; i < 5; ++i) ok = ok && !store.Add(records[static_cast<std::size_t>(n + i)]);  // warm-up

        std::vector<double> add, get, mark;
        for (int i = 0; i < n; ++i) {
            const auto start = Clock::now();
            ok = ok && !store.Add(records[static_cast<std::size_t>(i)]);
            add.push_back(Ms(start));
        }
        for (int i = 0; i < n; ++i) {
            docintake::IntakeRecord back;
            const auto start = Clock::now();
            ok = ok && !store.Get(records[static_cast<std::size_t>((i * 7919) % n)].id, back);
            get.push_back(Ms(start));
        }
        const std::int64_t now = docintake::UnixNow();
        for (int i = 0; i < n; ++i) {
            const auto start = Clock::now();
            ok = ok && !store.MarkDelivered(records[static_cast<std::size_t>(i)].id, now, "file");
            mark.push_back(Ms(start));
        }
        const Summary a = Summarise(add), g = Summarise(get), m = Summarise(mark);
        std::printf("%-28s n=%d  add median %.2f ms p95 %.2f ms | get median %.3f ms p95 %.3f ms | "
                    "mark delivered median %.2f ms p95 %.2f ms%s\n",
                    base.c_str(), n, a.median_ms, a.p95_ms, g.median_ms, g.p95_ms, m.median_ms, m.p95_ms,
                    ok ? "" : "  (SOME CALLS FAILED)");
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    int n = 200;
    std::vector<std::string> bases;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-n" && i + 1 < argc) {
            n = std::max(1, std::atoi(argv[++i]));
        } else if (arg == "-h" || arg == "--help") {
            std::printf("usage: store_bench [-n COUNT] [FOLDER ...]\n");
            return 0;
        } else {
            bases.push_back(arg);
        }
    }
    if (bases.empty()) bases = {std::filesystem::current_path().string(), "/tmp"};
    bool ok = true;
    for (const std::string& base : bases) ok = RunIn(base, n) && ok;
    return ok ? 0 : 1;
}
