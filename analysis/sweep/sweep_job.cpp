// Sweep jobs: journal, resume, shards, MPI ranks and merge (sweep_job.hpp).
#include "analysis/sweep/sweep_job.hpp"

#include "analysis/sha256.hpp"
#include "input/input_error.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <system_error>

namespace negsim {

namespace {

constexpr int kTagStart = 1;   // rank 0 -> all: the points already done, or the error that stops the job
constexpr int kTagRecord = 2;  // rank r -> 0: one finished point

nlohmann::ordered_json header_of(const SweepPlan& plan, std::size_t shard, std::size_t shards) {
    return journal_header(definition_json(plan.definition()), plan.definition().scenario_text, shard, shards);
}

// The first key of `a` whose value differs in `b`, for a message.
std::string first_difference(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b) {
    for (const auto& item : a.items())
        if (!b.contains(item.key()) || b.at(item.key()) != item.value()) return item.key();
    return "?";
}

// Rank 0: opens or resumes the journal and returns the records already there.
std::vector<PointRecord> open_journal(const SweepPlan& plan, const SweepJob& job, std::optional<Journal>& journal) {
    const std::filesystem::path path = job.out / journal_name(job.shard, job.shards);
    const nlohmann::ordered_json header = header_of(plan, job.shard, job.shards);
    std::error_code error;
    std::filesystem::create_directories(job.out, error);
    if (error) throw std::runtime_error("cannot create output folder " + job.out.string() + ": " + error.message());
    if (std::filesystem::exists(path)) {
        JournalContents contents = read_journal(path);
        if (!contents.header.is_null()) {
            if (!job.resume)
                throw InputError("--out", "", path.string() + " holds an unfinished sweep (" + std::to_string(contents.records.size()) +
                                                  " points done); add --resume to complete it, or delete the file to start over");
            if (contents.header != header)
                throw InputError("--resume", "", path.string() + " is the journal of another sweep (its " +
                                                     first_difference(contents.header.at("definition"), header.at("definition")) +
                                                     " differs); give the same scenario, overrides, design, samples and seed, or another --out");
            check_records(path, contents, record_shape(plan, job.shard, job.shards));
            journal.emplace(path, contents.whole_bytes);
            return std::move(contents.records);
        }
    }
    journal.emplace(path, header);
    return {};
}

// negsim merge's journals: the files given, and each folder's *.journal files in name order.
std::vector<std::filesystem::path> journal_files(const std::vector<std::filesystem::path>& inputs) {
    std::vector<std::filesystem::path> files;
    for (const auto& input : inputs) {
        if (std::filesystem::is_directory(input)) {
            std::vector<std::filesystem::path> found;
            for (const auto& entry : std::filesystem::directory_iterator(input))
                if (entry.path().extension() == ".journal") found.push_back(entry.path());
            std::sort(found.begin(), found.end());
            if (found.empty()) throw InputError(input.string(), "", "no *.journal file in this folder; expected the folder a sweep shard wrote");
            files.insert(files.end(), found.begin(), found.end());
        } else if (std::filesystem::exists(input)) {
            files.push_back(input);
        } else {
            throw InputError(input.string(), "", "no such file or folder");
        }
    }
    return files;
}

// The sweep a journal's header (read_journal checked its shape and checksum) defines; `where` is its first line.
SweepPlan plan_of(const nlohmann::ordered_json& header, const std::string& where) {
    SweepDefinition d;
    try {
        d = definition_from_json(header.at("definition"));
        d.scenario_text = header.at("scenario_text").get<std::string>();
        if (sha256_hex(d.scenario_text) != header.at("definition").at("scenario").at("sha256").get<std::string>())
            throw std::runtime_error("the scenario text does not match its recorded sha256");
    } catch (const std::exception& e) {
        throw InputError(where, "", e.what());
    }
    if (std::string e = design_error(d.design); !e.empty()) throw InputError(where, "/definition", e);
    return SweepPlan(std::move(d));
}

}  // namespace

std::string journal_name(std::size_t shard, std::size_t shards) {
    return shards == 1 ? "sweep.journal" : "shard-" + std::to_string(shard) + "-of-" + std::to_string(shards) + ".journal";
}

SweepJobResult run_sweep_job(const SweepPlan& plan, const SweepJob& job, Cluster& cluster,
                             const std::function<void(const SweepProgress&)>& progress) {
    const bool root = cluster.rank() == 0;
    SweepJobResult result;
    result.journal = job.out / journal_name(job.shard, job.shards);
    std::vector<std::size_t> mine;  // this job's points (its shard)
    for (std::size_t p = job.shard; p < plan.points().size(); p += job.shards) mine.push_back(p);
    result.points = mine.size();

    // Rank 0 reads the journal and tells every rank which points are done, or the error that stops them all.
    std::optional<Journal> journal;
    std::vector<PointRecord> records;
    nlohmann::ordered_json start;
    if (root) {
        try {
            records = open_journal(plan, job, journal);
            nlohmann::ordered_json done = nlohmann::ordered_json::array();
            for (const PointRecord& r : records) done.push_back(r.point);
            start = {{"done", done}};
        } catch (const InputError& e) {
            start = {{"error", e.what()}};
            if (cluster.size() > 1) (void)cluster.broadcast(start.dump());  // the other ranks stop with it
            throw;
        }
    }
    if (cluster.size() > 1) start = nlohmann::ordered_json::parse(cluster.broadcast(root ? start.dump() : std::string()));
    if (start.contains("error")) throw InputError("--out", "", "stopped by rank 0: " + start.at("error").get<std::string>());
    std::vector<bool> done(plan.points().size(), false);
    for (const auto& p : start.at("done")) done[p.get<std::size_t>()] = true;
    std::vector<std::size_t> todo;
    for (const std::size_t p : mine)
        if (!done[p]) todo.push_back(p);
    result.resumed = mine.size() - todo.size();

    // Ranks take the unfinished points in turn; rank 0 journals its own and the others' as they arrive.
    const std::uint64_t samples = plan.definition().samples;
    SweepProgress shown{result.resumed, mine.size(), result.resumed * samples, mine.size() * samples};
    const auto keep = [&](const PointRecord& record) {
        journal->append(record);
        records.push_back(record);
        ++shown.points_done;
        shown.samples_done = shown.points_done * samples;
        if (progress) progress(shown);
    };
    const auto drain = [&] {
        while (const auto message = cluster.poll(kTagRecord)) keep(record_from_line(message->bytes));
    };
    if (root && progress) progress(shown);
    for (std::size_t k = static_cast<std::size_t>(cluster.rank()); k < todo.size(); k += static_cast<std::size_t>(cluster.size())) {
        const PointRecord record = run_point(plan, todo[k], job.threads, [&](std::uint64_t in_point) {
            if (root && progress) {
                SweepProgress now = shown;
                now.samples_done += in_point;
                progress(now);
            }
        });
        if (root) {
            keep(record);
            drain();
        } else {
            cluster.send(0, kTagRecord, record_line(record));
        }
    }
    if (!root) return result;
    while (records.size() < mine.size()) keep(record_from_line(cluster.receive(kTagRecord).bytes));

    if (job.shards == 1) {
        const std::vector<PointRecord> complete = complete_records(plan, std::move(records));
        result.warnings = write_sweep_files(plan, complete, job.out);
        for (const PointRecord& r : complete) result.agreement.push_back(r.outputs.front());
        journal.reset();
        std::filesystem::remove(result.journal);
        result.complete = true;
    }
    return result;
}

namespace {

// A point without a result is named with the journal that should hold it (an interrupted shard: finish it with
// --resume), or with its shard when no journal of that shard was given.
void require_every_point(std::size_t points, const std::vector<PointRecord>& records,
                         const std::map<std::size_t, std::filesystem::path>& shard_files, std::size_t shards) {
    std::vector<bool> present(points, false);
    for (const PointRecord& r : records) present[r.point] = true;  // check_records has put every point in range
    for (std::size_t p = 0; p < points; ++p) {
        if (present[p]) continue;
        const std::size_t shard = p % shards;
        const std::string which = "shard " + std::to_string(shard) + " of " + std::to_string(shards);
        const auto file = shard_files.find(shard);
        if (file == shard_files.end())
            throw InputError("negsim merge", "", "point " + std::to_string(p) + " has no result: no journal of " + which + " was given; merge needs the journal of every shard");
        throw InputError(file->second.string(), "", "point " + std::to_string(p) + " of " + which + " has no result: this journal is incomplete (finish its sweep with --resume)");
    }
}

}  // namespace

std::size_t merge_sweep(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& out, std::vector<std::string>* warnings) {
    const std::vector<std::filesystem::path> files = journal_files(inputs);
    std::optional<SweepPlan> plan;
    nlohmann::ordered_json first;  // the first journal's header
    std::vector<PointRecord> records;
    std::map<std::size_t, std::filesystem::path> shard_files;  // shard index -> the journal that holds it
    std::size_t shards = 1;
    for (const auto& file : files) {
        JournalContents contents = read_journal(file);
        const std::string header_line = file.string() + ":1";
        if (contents.header.is_null()) throw InputError(file.string(), "", "an empty journal (its sweep never started)");
        if (!plan) {
            plan.emplace(plan_of(contents.header, header_line));
            first = contents.header;
        } else if (contents.header.at("definition") != first.at("definition") || contents.header.at("scenario_text") != first.at("scenario_text")) {
            const std::string what = contents.header.at("definition") == first.at("definition")
                                         ? std::string("scenario_text")
                                         : first_difference(contents.header.at("definition"), first.at("definition"));
            throw InputError(header_line, "", "a journal of another sweep (its " + what + " differs from " + files.front().string() + "'s)");
        }
        const auto& shard = contents.header.at("shard");
        check_records(file, contents, record_shape(*plan, shard[0].get<std::size_t>(), shard[1].get<std::size_t>()));
        shard_files.emplace(shard[0].get<std::size_t>(), file);
        shards = shard[1].get<std::size_t>();
        records.insert(records.end(), contents.records.begin(), contents.records.end());
    }
    require_every_point(plan->points().size(), records, shard_files, shards);
    std::vector<PointRecord> complete;
    try {
        complete = complete_records(*plan, std::move(records));
    } catch (const std::runtime_error& e) {
        throw InputError("negsim merge", "", std::string(e.what()) + "; merge needs the journal of every shard, each complete");
    }
    std::vector<std::string> written = write_sweep_files(*plan, complete, out);
    if (warnings) *warnings = std::move(written);
    return plan->points().size();
}

}  // namespace negsim
