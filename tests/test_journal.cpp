// Damaged sweep journals: `negsim sweep --resume` and `negsim merge` check every record (its point, its fields, its
// agreement bits, its checksum) and refuse a damaged journal with exit code 2, a message naming the journal and the
// line, and nothing written; a line cut off at the very end (a kill mid-write) is dropped. Also the limit on a
// design's points and the place named for a bad value in a sweep file's "set".
#include "analysis/sha256.hpp"
#include "input/scenario_loader.hpp"
#include "cli_support.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using negsim::read_file;
using negsim::test::negsim_cli;
using negsim::test::scratch_dir;
using Json = nlohmann::ordered_json;
using Result = negsim::test::CliResult;

namespace {

const std::string kSmall = negsim::test::source_path("scenarios/example-small.json");
const std::string kGrid = "sweep " + kSmall + " --vary donor/reservation=0.1:0.3:3 --samples 300 --seed 5 --threads 1";
const std::string kSobol = "sweep " + kSmall + " --design sobol --points 4 --vary donor/reservation=0.1:0.3 --vary upstream/reservation=0.2:0.45 "
                           "--samples 300 --seed 5 --threads 1";

// A journal's lines, without their newlines.
std::vector<std::string> lines_of(const fs::path& file) {
    std::vector<std::string> lines;
    std::istringstream in(read_file(file.string()));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

void write_text(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) text += line + '\n';
    return text;
}

// A line's checksum made valid again, as a tool that rewrites lines would: the damage must then be found by the
// checks of the record's shape, not by its checksum (docs/sweeps.md: the SHA-256 of the line without its "sha256").
std::string resealed(Json j) {
    j.erase("sha256");
    j["sha256"] = negsim::sha256_hex(j.dump());
    return j.dump();
}

// The complete journal of the grid sweep, as the sweep itself wrote it: the final rename is made to fail (a folder
// stands where sweep.csv goes), which leaves the journal with every point, as a kill just before the end would.
std::vector<std::string> grid_journal(const fs::path& dir) {
    const fs::path out = dir / "journal";
    fs::create_directories(out / "sweep.csv" / "blocker");
    const Result r = negsim_cli(kGrid + " --out " + out.string(), dir);
    REQUIRE(r.exit_code != 0);
    std::vector<std::string> lines = lines_of(out / "sweep.journal");
    REQUIRE(lines.size() == 4);  // the header and 3 points
    fs::remove_all(out);
    return lines;
}

// What one damage does to a journal's lines, and what the message must then say.
struct Damage {
    const char* what;
    std::size_t line;        // the 1-based line the message names
    const char* says;        // a phrase of the message
    std::function<void(std::vector<std::string>&)> apply;
};

// Damage to the record at file line `line`, through its JSON, resealed or not.
std::function<void(std::vector<std::string>&)> edit(std::size_t line, std::function<void(Json&)> change, bool reseal) {
    return [=](std::vector<std::string>& lines) {
        Json j = Json::parse(lines[line - 1]);
        change(j);
        lines[line - 1] = reseal ? resealed(j) : j.dump();
    };
}

void require_refused(const Result& r, const fs::path& journal, std::size_t line, const std::string& says) {
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(journal.string() + ":" + std::to_string(line) + ":"));
    CHECK_THAT(r.err, Catch::Contains(says));
    // The journal's path once: not repeated by an outer message.
    CHECK(r.err.find(journal.string()) == r.err.rfind(journal.string()));
}

// `negsim merge INPUTS` is refused for damage `d` in `journal`, and leaves the file `kept` of its --out (folder `name`)
// as it was and writes no other final file.
void require_merge_refused(const fs::path& dir, const std::string& name, const std::string& inputs, const fs::path& journal, const Damage& d,
                           const std::string& kept) {
    const fs::path merged = dir / name;
    fs::create_directories(merged);
    write_text(merged / kept, "earlier\n");
    require_refused(negsim_cli("merge " + inputs + " --out " + merged.string(), dir), journal, d.line, d.says);
    CHECK(read_file((merged / kept).string()) == "earlier\n");
    for (const char* file : {"sweep.csv", "differences.csv", "sobol.csv"})
        if (file != kept) CHECK_FALSE(fs::exists(merged / file));
}

}  // namespace

TEST_CASE("A damaged journal is refused by resume and by merge with its line, exit code 2 and nothing written", "[sweep][journal]") {
    const fs::path dir = scratch_dir("journal-damage");
    REQUIRE(negsim_cli(kGrid + " --out " + (dir / "whole").string(), dir).exit_code == 0);
    const std::vector<std::string> journal = grid_journal(dir);

    // The undamaged journal merges into the uninterrupted sweep's files.
    write_text(dir / "good.journal", joined(journal));
    REQUIRE(negsim_cli("merge " + (dir / "good.journal").string() + " --out " + (dir / "good").string(), dir).exit_code == 0);
    for (const char* file : {"sweep.csv", "differences.csv"}) CHECK(read_file((dir / "good" / file).string()) == read_file((dir / "whole" / file).string()));

    const std::vector<Damage> damages = {
        {"a point far out of range", 3, "point", edit(3, [](Json& j) { j["point"] = 1000000; }, true)},
        {"a negative point", 3, "point", edit(3, [](Json& j) { j["point"] = -1; }, true)},
        {"a point of 2^63", 3, "point", edit(3, [](Json& j) { j["point"] = std::uint64_t{1} << 63; }, true)},
        {"an empty outputs list", 4, "outputs", edit(4, [](Json& j) { j["outputs"] = Json::array(); }, true)},
        {"a short agreed string", 2, "agreed", edit(2, [](Json& j) { j["agreed"] = j["agreed"].get<std::string>().substr(2); }, true)},
        {"a newline inside a row", 2, "row", edit(2, [](Json& j) { j["row"] = j["row"].get<std::string>() + "\n9"; }, true)},
        {"an unknown key", 3, "unknown", edit(3, [](Json& j) { j["note"] = "x"; }, true)},
        {"a point relabelled as another", 4, "point 1", edit(4, [](Json& j) { j["point"] = 1; }, true)},
        {"a point relabelled without a new checksum", 4, "checksum", edit(4, [](Json& j) { j["point"] = 0; }, false)},
        {"a changed digit in a row", 3, "checksum",
         [](std::vector<std::string>& lines) {
             const auto at = lines[2].find("300,");  // the samples column
             REQUIRE(at != std::string::npos);
             lines[2][at] = '4';
         }},
        {"a duplicated line", 5, "point 2", [](std::vector<std::string>& lines) { lines.push_back(lines[3]); }},
        {"a record split over two lines", 3, "not JSON",
         [](std::vector<std::string>& lines) { lines.insert(lines.begin() + 3, lines[2].substr(40)), lines[2].resize(40); }},
        {"a lowered samples_per_point", 1, "checksum", edit(1, [](Json& j) { j["definition"]["samples_per_point"] = 299; }, false)},
        {"a journal of the old format", 1, "format 1", edit(1, [](Json& j) { j["negsim_sweep_journal"] = 1, j.erase("sha256"); }, false)},
    };
    for (std::size_t k = 0; k < damages.size(); ++k) {
        const Damage& d = damages[k];
        INFO(d.what);
        std::vector<std::string> lines = journal;
        d.apply(lines);
        const fs::path out = dir / ("case" + std::to_string(k));
        fs::create_directories(out);
        const fs::path path = out / "sweep.journal";
        write_text(path, joined(lines));
        // Resume: refused, the journal untouched, no final file.
        require_refused(negsim_cli(kGrid + " --resume --out " + out.string(), dir), path, d.line, d.says);
        CHECK(read_file(path.string()) == joined(lines));
        for (const char* file : {"sweep.csv", "differences.csv", "sweep.json"}) CHECK_FALSE(fs::exists(out / file));
        // Merge reads it with the same checks.
        require_merge_refused(dir, "merged" + std::to_string(k), path.string(), path, d, "sweep.csv");
    }
    fs::remove_all(dir);
}

TEST_CASE("A line cut off at the end of a journal by a kill is dropped and its point run again", "[sweep][journal]") {
    const fs::path dir = scratch_dir("journal-torn");
    REQUIRE(negsim_cli(kGrid + " --out " + (dir / "whole").string(), dir).exit_code == 0);
    std::vector<std::string> lines = grid_journal(dir);
    const fs::path out = dir / "torn";
    fs::create_directories(out);
    std::string text = joined(lines);
    text.resize(text.size() - lines.back().size() / 2);  // the last record half written, no newline
    write_text(out / "sweep.journal", text);
    const Result r = negsim_cli(kGrid + " --resume --out " + out.string(), dir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Resumed: 2 of 3 points"));
    for (const char* file : {"sweep.csv", "differences.csv", "sweep.json"}) CHECK(read_file((out / file).string()) == read_file((dir / "whole" / file).string()));
    fs::remove_all(dir);
}

TEST_CASE("Merging damaged Sobol shards is refused with the journal's line and writes no sobol.csv", "[sweep][journal]") {
    const fs::path dir = scratch_dir("journal-sobol");
    const fs::path shards = dir / "shards";
    for (const char* shard : {"0/2", "1/2"}) REQUIRE(negsim_cli(kSobol + " --shard " + shard + " --out " + shards.string(), dir).exit_code == 0);
    const fs::path path = shards / "shard-0-of-2.journal";
    const std::vector<std::string> journal = lines_of(path);
    REQUIRE(journal.size() == 9);  // the header and 8 of the 16 points
    REQUIRE(negsim_cli("merge " + shards.string() + " --out " + (dir / "whole").string(), dir).exit_code == 0);

    const std::vector<Damage> damages = {
        {"too few outputs", 3, "outputs", edit(3, [](Json& j) { j["outputs"].erase(1); }, true)},
        {"a raised samples_per_point", 2, "agreed", edit(1, [](Json& j) { j["definition"]["samples_per_point"] = 3000; }, true)},
        {"a lowered samples_per_point", 1, "checksum", edit(1, [](Json& j) { j["definition"]["samples_per_point"] = 290; }, false)},
        {"a point of another shard", 4, "shard", edit(4, [](Json& j) { j["point"] = 1; }, true)},
    };
    for (std::size_t k = 0; k < damages.size(); ++k) {
        const Damage& d = damages[k];
        INFO(d.what);
        std::vector<std::string> lines = journal;
        d.apply(lines);
        write_text(path, joined(lines));
        require_merge_refused(dir, "merged" + std::to_string(k), shards.string(), path, d, "sobol.csv");
    }
    fs::remove_all(dir);
}

TEST_CASE("A design with more points than the limit is refused before anything is allocated or written", "[sweep][journal]") {
    const fs::path dir = scratch_dir("journal-limit");
    const fs::path out = dir / "s";
    const Result grid = negsim_cli("sweep " + kSmall + " --vary donor/reservation=0.1:0.3:1000000 --vary upstream/reservation=0.2:0.45:1000000 --samples 10 --out " +
                                       out.string(), dir);
    INFO(grid.err);
    CHECK(grid.exit_code == 2);
    CHECK_THAT(grid.err, Catch::Contains("1000000000000 points"));
    const fs::path file = dir / "big.json";
    write_text(file, R"({"version": 1, "vary": [{"name": "donor/reservation", "min": 0.1, "max": 0.3, "levels": 1000000},
                                                {"name": "upstream/reservation", "min": 0.2, "max": 0.45, "levels": 1000000}]})");
    const Result from_file = negsim_cli("sweep " + kSmall + " --sweep " + file.string() + " --samples 10 --out " + out.string(), dir);
    INFO(from_file.err);
    CHECK(from_file.exit_code == 2);
    CHECK_THAT(from_file.err, Catch::Contains(file.string() + ": /vary: "));
    // 500000 base rows of 2 factors: 2 million points.
    const Result sobol = negsim_cli("sweep " + kSmall + " --design sobol --points 500000 --vary donor/reservation=0.1:0.3 --vary upstream/reservation=0.2:0.45 "
                                    "--samples 10 --out " + out.string(), dir);
    INFO(sobol.err);
    CHECK(sobol.exit_code == 2);
    CHECK_THAT(sobol.err, Catch::Contains("2000000 points"));
    CHECK_FALSE(fs::exists(out));
    fs::remove_all(dir);
}

TEST_CASE("A bad value or name in a sweep file's set is reported at the sweep file's JSON pointer", "[sweep][journal]") {
    const fs::path dir = scratch_dir("journal-set");
    const fs::path file = dir / "sweep.json";
    const std::string vary = R"("vary": [{"name": "upstream/reservation", "min": 0.2, "max": 0.4, "levels": 2}])";
    write_text(file, R"({"version": 1, "set": {"protocol/rounds": 10, "donor/reservation": 1.5}, )" + vary + "}");
    const Result value = negsim_cli("sweep " + kSmall + " --sweep " + file.string() + " --samples 10 --out " + (dir / "s").string(), dir);
    INFO(value.err);
    CHECK(value.exit_code == 2);
    CHECK_THAT(value.err, Catch::Contains(file.string() + ": /set/donor~1reservation: 1.5 is outside [0, 1]"));
    write_text(file, R"({"version": 1, "set": {"donr/reservation": 0.2}, )" + vary + "}");
    const Result name = negsim_cli("sweep " + kSmall + " --sweep " + file.string() + " --samples 10 --out " + (dir / "s").string(), dir);
    INFO(name.err);
    CHECK(name.exit_code == 2);
    CHECK_THAT(name.err, Catch::Contains(file.string() + ": /set/donr~1reservation: unknown name"));
    CHECK_FALSE(fs::exists(dir / "s"));
    fs::remove_all(dir);
}
