// Small things of the command line, end to end: a package written with spaces, whose reservation empties the set of
// packages every agent accepts, and mass points at the median's precision in the terminal summary.
#include "input/scenario_loader.hpp"
#include "cli_support.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;
using negsim::read_file;
using negsim::test::negsim_cli;
using negsim::test::scratch_dir;

TEST_CASE("evaluate reads a package written with spaces after the commas and around the names", "[cli][evaluate]") {
    const fs::path dir = scratch_dir("package-spaces");
    const std::string small = negsim::test::source_path("scenarios/example-small.json");
    const auto tight = negsim_cli("evaluate " + small + " --samples 20 --package water_share=50,duration=10,monitoring=none", dir);
    const auto spaced = negsim_cli("evaluate " + small + " --samples 20 --package \"water_share=50, duration = 10,  monitoring= none\"", dir);
    INFO(spaced.err);
    REQUIRE(tight.exit_code == 0);
    CHECK(spaced.exit_code == 0);
    CHECK(spaced.out == tight.out);
    fs::remove_all(dir);
}

TEST_CASE("solve names the agents whose reservation empties the individually rational set", "[cli][solutions]") {
    const fs::path dir = scratch_dir("solve-empty");
    const std::string two = negsim::test::source_path("tests/data/two-party.json");
    // u_a = share, u_b = 1 - share: with b at 0.1, a gets at most 0.9, below its 0.95; with a at 0.95, b at most 0.05.
    const auto r = negsim_cli("solve " + two + " --set a/reservation=0.95 --set b/reservation=0.1 --out " + (dir / "s.json").string(), dir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Whose reservation empties the set") && Catch::Contains("a (at most 0.9000, reservation 0.9500)") &&
                          Catch::Contains("b (at most 0.0500, reservation 0.1000)"));
    const auto j = nlohmann::json::parse(read_file((dir / "s.json").string()));
    REQUIRE(j["reservations_emptying_the_set"].size() == 2);
    CHECK(j["reservations_emptying_the_set"][0]["agent"] == "a");
    CHECK(j["reservations_emptying_the_set"][0]["best_given_others"].get<double>() == Approx(0.9));
    fs::remove_all(dir);
}

TEST_CASE("the terminal summary gives mass points at the median's precision", "[cli][summary]") {
    const fs::path dir = scratch_dir("mass-precision");
    // The donor's ideal duration, 20.123456789 years, holds a fifth of the deals: a mass point beside a median of 13.21.
    const auto r = negsim_cli("run " + negsim::test::source_path("scenarios/example-small.json") +
                                  " --samples 2000 --seed 7 --zone-samples 0 --set donor/ideal/duration=20.123456789 --out " + (dir / "p").string(), dir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::size_t seen = 0;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        const auto at = line.find("mass points:");
        if (at == std::string::npos || line.find_first_not_of(' ') != at) continue;  // an issue's line, not the heading
        // Each entry: [about ]VALUE (SHARE%)
        std::istringstream entries(line.substr(at + 12));
        for (std::string word; entries >> word;) {
            if (word == "about" || word.front() == '(') continue;
            const double value = std::stod(word);
            char shown[32];
            std::snprintf(shown, sizeof shown, "%.4g", value);
            CAPTURE(line);
            CHECK(word == shown);
            ++seen;
        }
    }
    CHECK(seen >= 2);
    CHECK_THAT(r.out, Catch::Contains("mass points: 20.12 ("));
    fs::remove_all(dir);
}
