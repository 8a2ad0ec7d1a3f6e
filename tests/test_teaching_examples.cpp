// The teaching examples of the scenario library: each description works its results out by hand, and each result
// is checked here against the negsim command that the description names (docs/scenario-format.md, "Results stated in
// a scenario's own texts").
#include "cli_support.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace {

using negsim::test::negsim_cli;
using negsim::test::scratch_dir;

// `negsim solve` on a scenario of scenarios/: its solutions.json.
nlohmann::json solutions(const std::string& file) {
    const auto scratch = scratch_dir("teach-" + file);
    const auto result = negsim_cli("solve " + negsim::test::source_path("scenarios/" + file) + " --out " + (scratch / "solutions.json").string(), scratch);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(negsim::read_file((scratch / "solutions.json").string()));
}

// `negsim run` on a scenario of scenarios/, 200 samples: it runs, and its summary names the scenario.
void runs(const std::string& file, const std::string& name) {
    const auto scratch = scratch_dir("teach-run-" + file);
    const auto result = negsim_cli("run " + negsim::test::source_path("scenarios/" + file) + " --samples 200 --threads 2 --out " + (scratch / "out").string(), scratch);
    REQUIRE(result.exit_code == 0);
    const nlohmann::json summary = nlohmann::json::parse(negsim::read_file((scratch / "out" / "summary.json").string()));
    CHECK(summary.at("scenario").at("name") == name);
    CHECK(summary.at("samples") == 200);
}

double value(const nlohmann::json& solutions, const std::string& solution, const std::string& issue) {
    return solutions.at("solutions").at(solution).at("package").at(issue).get<double>();
}

}  // namespace

TEST_CASE("Teaching example, buyer and seller: the zone is 40 to 80, the Nash solution 60, the compromise 50", "[teaching]") {
    const nlohmann::json s = solutions("teach-buyer-seller.json");
    // (p/100 - 0.4)(0.8 - p/100) is largest at p = 60; the gains over the reservations are symmetric there.
    CHECK(value(s, "nash", "price") == Approx(60).margin(1e-6));
    CHECK(value(s, "kalai_smorodinsky", "price") == Approx(60).margin(1e-6));
    CHECK(value(s, "egalitarian", "price") == Approx(60).margin(1e-6));
    CHECK(value(s, "compromise_position", "price") == Approx(50).margin(1e-9));
    runs("teach-buyer-seller.json", "teach-buyer-seller");
}

TEST_CASE("Teaching example, a committee of five: 5 minimal winning coalitions, the Nash solution 20 each", "[teaching]") {
    const auto scratch = scratch_dir("teach-committee-validate");
    const auto validated = negsim_cli("validate " + negsim::test::source_path("scenarios/teach-committee.json"), scratch);
    REQUIRE(validated.exit_code == 0);
    CHECK(validated.out.find("seats at least 4 of 7; 5 minimal winning coalitions") != std::string::npos);
    const nlohmann::json s = solutions("teach-committee.json");
    for (const char* member : {"chair", "north", "south", "east", "west"}) CHECK(value(s, "nash", std::string("programme_") + member) == Approx(20).margin(1e-4));
    runs("teach-committee.json", "teach-committee");
}

TEST_CASE("Teaching example, a spatial model: the compromise is the capability-and-salience weighted mean 3640/73", "[teaching]") {
    const nlohmann::json s = solutions("teach-spatial.json");
    CHECK(value(s, "compromise_position", "position") == Approx(3640.0 / 73.0).margin(1e-9));
    // The utilitarian solution weighs salience only; with quadratic values it is the salience-weighted mean.
    CHECK(value(s, "utilitarian", "position") == Approx(166.0 / 2.9).margin(1e-6));
    runs("teach-spatial.json", "teach-spatial");
}
