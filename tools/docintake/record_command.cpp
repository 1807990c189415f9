// docintake record show|audit: a stored record by id (the one command that prints
// personal data, and only when asked for it by id) and the audit log (ids, times).
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include <docintake/store.h>

#include "commands.h"
#include "store_args.h"

namespace docintake::cli {
namespace {

// Record ids are 32 lower-case hex characters. Anything else is refused without
// being echoed: a mistaken argument could be a name or a document number.
bool LooksLikeRecordId(const std::string& id) {
    if (id.size() != 32) return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

struct ShowArgs {
    StoreArgs store;
    std::string id;
};

int RunShow(const ShowArgs& args) {
    if (!LooksLikeRecordId(args.id)) {
        std::fprintf(stderr, "docintake record show: error: invalid_argument: a record id is 32 lower-case hex characters\n");
        return 2;
    }
    auto store = OpenStore(args.store, "record show", /*create=*/false);
    if (!store) return 2;
    std::string json;
    if (Error error = store->GetJson(args.id, json)) {
        PrintError("record show", error);
        return 2;
    }
    // Personal data is shown only once the showing is in the audit log.
    if (Error error = store->NoteViewed(args.id, "cli record show")) {
        PrintError("record show", error);
        return 2;
    }
    std::cout << json << "\n" << std::flush;
    return 0;
}

struct AuditArgs {
    StoreArgs store;
    int limit = 1000;
};

int RunAudit(const AuditArgs& args) {
    auto store = OpenStore(args.store, "record audit", /*create=*/false);
    if (!store) return 2;
    for (const AuditEvent& event : store->Audit(args.limit)) {
        nlohmann::json j{{"at", Rfc3339(event.at)},
                         {"record_id", event.record_id},
                         {"event", event.event},
                         {"detail", event.detail}};
        std::cout << j.dump() << "\n";
    }
    std::cout << std::flush;
    return 0;
}

}  // namespace

void AddRecordCommand(CLI::App& app) {
    CLI::App* record = app.add_subcommand("record", "Stored intake records: show one by id, or the audit log");
    record->require_subcommand(1);

    auto show = std::make_shared<ShowArgs>();
    CLI::App* show_cmd = record->add_subcommand(
        "show", "Print one record's JSON (docs/schemas/intake-record.v1.json); it holds personal data");
    AddStoreOptions(show_cmd, show->store);
    show_cmd->add_option("id", show->id, "Record id (32 hex characters, as `outbox list` prints)")->required();
    show_cmd->callback([show] {
        const int code = RunShow(*show);
        if (code != 0) throw CLI::RuntimeError(code);
    });

    auto audit = std::make_shared<AuditArgs>();
    CLI::App* audit_cmd = record->add_subcommand(
        "audit", "The audit log, newest first: one JSON object per event (at, record_id, event, detail)");
    AddStoreOptions(audit_cmd, audit->store);
    audit_cmd->add_option("--limit", audit->limit, "At most this many events")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    audit_cmd->callback([audit] {
        const int code = RunAudit(*audit);
        if (code != 0) throw CLI::RuntimeError(code);
    });
}

}  // namespace docintake::cli
