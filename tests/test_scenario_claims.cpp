// What a scenario file says in its own words about numbers: every percentage in any text of scenarios/*.json and
// scenarios/sweeps/*.json must be listed below, either as a statement about the inputs or as a claim about the
// scenario's results, and every claim is checked by running negsim (docs/scenario-format.md, "Descriptions").
#include "cli_support.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using negsim::read_file;

namespace {

// A percentage that states an input (a probability the file sets, a rule it models), not a result.
struct Statement {
    const char* file;   // relative to scenarios/
    const char* quote;  // an exact piece of one of its texts, holding the percentage
};

constexpr Statement kInputs[] = {
    {"paris-2026-core.json", "a 1% chance per round that talks collapse"},          // protocol.breakdown = 0.01
    {"paris-2026-private.json", "a 1% chance per round that talks collapse"},  // the same
    {"paris-2026.json", "a 1% chance per round that talks collapse"},          // the same
    {"paris-2026-russia-hardline.json", "taken as given rather than a 20% chance"},  // battlefield_shift.probability = 0.2
    {"paris-2026-two-tracks.json", "a 1% chance per round that talks collapse"},  // protocol.breakdown, and each stage's
    {"paris-2026-two-tracks.json", "Breakdown 1% per round at both tables"},
    {"paris-2026-two-tracks.json", "24 rounds, 1% breakdown per round"},
    {"council-qmv.json", "the Nice Treaty's 62% safeguard"},                   // the population criterion's share
};

// A claim about the scenario's results: the agreement probability of `negsim run FILE --samples N` (the file's seed)
// after a JSON patch (RFC 6902) of the file, stated in `quote` as a percentage with one decimal.
struct Claim {
    const char* file;
    const char* quote;
    const char* patch;  // JSON array of operations; "[]" for the file as it is
    int samples;
    double agreement;   // the stated value, as a share; the run must print it so (one decimal of a percent)
};

constexpr const char* kRussiaLast =
    R"([{"op": "replace", "path": "/protocol/order", "value": ["france", "united_kingdom", "germany", "ukraine", "united_states", "russia"]}])";
constexpr const char* kFixedWeights =
    R"([{"op": "remove", "path": "/monte_carlo/uncertainty/agents/ukraine/weights"}, {"op": "remove", "path": "/monte_carlo/uncertainty/agents/united_states/weights"},
        {"op": "remove", "path": "/monte_carlo/uncertainty/agents/france/weights"}, {"op": "remove", "path": "/monte_carlo/uncertainty/agents/united_kingdom/weights"},
        {"op": "remove", "path": "/monte_carlo/uncertainty/agents/germany/weights"}, {"op": "remove", "path": "/monte_carlo/uncertainty/agents/russia/weights"}])";
constexpr const char* kConcentration60 =
    R"([{"op": "replace", "path": "/monte_carlo/uncertainty/agents/ukraine/weights/concentration", "value": 60},
        {"op": "replace", "path": "/monte_carlo/uncertainty/agents/united_states/weights/concentration", "value": 60},
        {"op": "replace", "path": "/monte_carlo/uncertainty/agents/france/weights/concentration", "value": 60},
        {"op": "replace", "path": "/monte_carlo/uncertainty/agents/united_kingdom/weights/concentration", "value": 60},
        {"op": "replace", "path": "/monte_carlo/uncertainty/agents/germany/weights/concentration", "value": 60},
        {"op": "replace", "path": "/monte_carlo/uncertainty/agents/russia/weights/concentration", "value": 60}])";

const Claim kClaims[] = {
    {"paris-2026-core.json", "agreement is 39.6% against", kRussiaLast, 2000, 0.396},
    {"paris-2026-core.json", "against 39.0% with the order above", "[]", 2000, 0.390},
    {"paris-2026-core.json", "39.0% as given", "[]", 2000, 0.390},
    {"paris-2026-core.json", "18.6% with fixed weights", kFixedWeights, 2000, 0.186},
    {"paris-2026-core.json", "35.2% with concentration 60 for all", kConcentration60, 2000, 0.352},
};

// Every string in a JSON document, with its pointer.
void strings_of(const nlohmann::json& j, const std::string& pointer, std::vector<std::pair<std::string, std::string>>& out) {
    if (j.is_string()) out.emplace_back(pointer, j.get<std::string>());
    else if (j.is_object())
        for (const auto& [key, value] : j.items()) strings_of(value, pointer + "/" + key, out);
    else if (j.is_array())
        for (std::size_t i = 0; i < j.size(); ++i) strings_of(j[i], pointer + "/" + std::to_string(i), out);
}

std::vector<fs::path> scenario_files() {
    std::vector<fs::path> files;
    for (const char* folder : {"scenarios", "scenarios/sweeps"})
        for (const auto& entry : fs::directory_iterator(negsim::test::source_path(folder)))
            if (entry.path().extension() == ".json") files.push_back(entry.path());
    return files;
}

std::string scenario_name(const fs::path& file) { return file.parent_path().filename() == "sweeps" ? "sweeps/" + file.filename().string() : file.filename().string(); }

// Whether the percentage at [at, at + length) of `text` lies inside one of the quotes listed for `file`.
bool listed(const std::string& file, const std::string& text, std::size_t at, std::size_t length) {
    std::vector<std::string> quotes;
    for (const Statement& s : kInputs)
        if (file == s.file) quotes.emplace_back(s.quote);
    for (const Claim& c : kClaims)
        if (file == c.file) quotes.emplace_back(c.quote);
    for (const std::string& q : quotes)
        for (std::size_t from = text.find(q); from != std::string::npos; from = text.find(q, from + 1))
            if (from <= at && at + length <= from + q.size()) return true;
    return false;
}

bool file_says(const std::string& file, const std::string& quote) {
    std::vector<std::pair<std::string, std::string>> texts;
    strings_of(nlohmann::json::parse(read_file(negsim::test::source_path("scenarios/" + file))), "", texts);
    for (const auto& [pointer, text] : texts)
        if (text.find(quote) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("every percentage in a scenario's texts is a listed input or a checked claim", "[claims]") {
    const std::regex percentage(R"(\d+(\.\d+)?\s*(%|percent\b|per cent\b))");
    std::vector<std::string> unlisted;
    for (const fs::path& path : scenario_files()) {
        std::vector<std::pair<std::string, std::string>> texts;
        strings_of(nlohmann::json::parse(read_file(path.string())), "", texts);
        for (const auto& [pointer, text] : texts)
            for (auto m = std::sregex_iterator(text.begin(), text.end(), percentage); m != std::sregex_iterator(); ++m)
                if (!listed(scenario_name(path), text, static_cast<std::size_t>(m->position()), static_cast<std::size_t>(m->length())))
                    unlisted.push_back(scenario_name(path) + ": " + pointer + ": \"" + m->str() + "\" in \"..." +
                                       text.substr(static_cast<std::size_t>(std::max<long>(0, m->position() - 60)), 120) + "...\"");
    }
    INFO("a result a scenario states must be a checked claim in tests/test_scenario_claims.cpp, or be removed");
    for (const std::string& u : unlisted) FAIL_CHECK(u);
    CHECK(unlisted.empty());
    // The table holds nothing stale: each quote is still in its file.
    for (const Statement& s : kInputs) CHECK(file_says(s.file, s.quote));
    for (const Claim& c : kClaims) CHECK(file_says(c.file, c.quote));
}

TEST_CASE("the results a scenario states about itself are what negsim gives", "[claims][cli]") {
    const fs::path dir = negsim::test::scratch_dir("claims");
    int n = 0;
    for (const Claim& c : kClaims) {
        INFO(c.file << ": \"" << c.quote << "\"");
        char stated[32];
        std::snprintf(stated, sizeof stated, "%.1f%%", 100.0 * c.agreement);
        REQUIRE(std::string(c.quote).find(stated) != std::string::npos);  // the quote states the value checked
        const nlohmann::json scenario = nlohmann::json::parse(read_file(negsim::test::source_path("scenarios/" + std::string(c.file))));
        const fs::path file = dir / ("claim-" + std::to_string(n++) + ".json");
        std::ofstream(file) << scenario.patch(nlohmann::json::parse(c.patch)).dump(2);
        const fs::path out = dir / "out";
        fs::remove_all(out);
        const auto r = negsim::test::negsim_cli("run " + file.string() + " --samples " + std::to_string(c.samples) + " --zone-samples 0 --out " + out.string(), dir);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        const double measured = nlohmann::json::parse(read_file((out / "summary.json").string()))["agreement"]["probability"].get<double>();
        char printed[32];  // as the terminal prints it: the stated value is the measured one rounded
        std::snprintf(printed, sizeof printed, "%.1f%%", 100.0 * measured);
        CHECK(std::string(printed) == stated);
    }
    fs::remove_all(dir);
}
