// Small things of the command line, end to end: a package written with spaces, whose reservation empties the set of
// packages every agent accepts, mass points at the median's precision in the terminal summary, and a vote's undecided
// zone searches with the zone search's time apart.
#include "input/scenario_loader.hpp"
#include "cli_support.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
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

TEST_CASE("a run under a vote reports undecided zone searches and times the zone search apart", "[cli][voting]") {
    const fs::path dir = scratch_dir("vote-zone");
    // 12 members dividing a unit, quorum 6 (924 minimal coalitions: searched, not listed), reservations 0.3: no 6 fit
    // in the unit, yet each alone could take it, so the search can neither find a zone nor rule one out. With one share
    // fixed at v, the others' best is 0.7 - v: the bound rules the zone out for v > 0.7, 6 of the 21 grid values
    // (centres (g + 0.5) / 21), and leaves 15 per issue undecided, 180 in all.
    nlohmann::json j = nlohmann::json::parse(read_file(negsim::test::source_path("tests/data/two-party.json")));
    j["issues"] = nlohmann::json::array();
    j["agents"] = nlohmann::json::array();
    nlohmann::json shares = nlohmann::json::array();
    for (int i = 0; i < 12; ++i) {
        const std::string id = "share_" + std::to_string(i);
        j["issues"].push_back({{"id", id}, {"label", "share"}, {"unit", "fraction"}, {"min", 0}, {"max", 1}});
        shares.push_back(id);
    }
    for (int i = 0; i < 12; ++i) {
        nlohmann::json agent = {{"id", "m" + std::to_string(i)}, {"name", "member"}, {"role", "member"}, {"power", 1}, {"reservation", 0.3},
                                {"strategy", {{"type", "linear"}}}};
        for (int k = 0; k < 12; ++k) {
            agent["ideal"]["share_" + std::to_string(k)] = k == i ? 1 : 0;
            agent["weights"]["share_" + std::to_string(k)] = k == i ? 1 : 0;
        }
        j["agents"].push_back(agent);
    }
    j["constraints"] = {{{"type", "budget"}, {"issues", shares}, {"max", 1}}};
    j["protocol"] = {{"type", "alternating"}, {"rounds", 10}, {"decision_rule", {{"must_accept", nlohmann::json::array()}, {"quorum", 6}}}};
    j.erase("monte_carlo");
    const fs::path scenario = dir / "division.json";
    std::ofstream(scenario) << j.dump();
    const auto r = negsim_cli("run " + scenario.string() + " --samples 3 --zone-samples 1 --threads 1 --out " + (dir / "run").string(), dir);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("3 samples and 180 zopa.csv searches could not be decided"));
    CHECK_THAT(r.out, Catch::Contains("negotiations/s on 1 thread, zone search ") && Catch::Contains(" thread-s over 1 samples)"));
    const auto summary = nlohmann::json::parse(read_file((dir / "run" / "summary.json").string()));
    CHECK(summary["zone"]["undecided_samples"] == 3);
    CHECK(summary["zone"]["undecided_searches"] == 180);
    CHECK(summary["zone"]["samples_with_zone"] == 0);
    fs::remove_all(dir);
}
