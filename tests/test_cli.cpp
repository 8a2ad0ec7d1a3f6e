// The negsim command line end to end: files written, exit codes, nothing written on bad input.
#include "analysis/sha256.hpp"
#include "input/scenario_loader.hpp"
#include "cli_support.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sys/wait.h>

namespace fs = std::filesystem;
using negsim::read_file;
using negsim::test::negsim_cli;
using negsim::test::scratch_dir;
using Result = negsim::test::CliResult;

TEST_CASE("negsim run writes samples.csv, summary.json, summary.csv and the scenario", "[cli]") {
    const fs::path dir = scratch_dir("run");
    const std::string scenario = negsim::test::source_path("scenarios/example-small.json");
    const Result r = negsim_cli("run " + scenario + " --samples 300 --seed 5 --threads 2 --out " + (dir / "a").string(), dir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Agreement probability:"));
    for (const char* file : {"samples.csv", "summary.json", "summary.csv", "hist.csv", "scenario.json"}) CHECK(fs::exists(dir / "a" / file));
    const auto summary = nlohmann::json::parse(read_file((dir / "a" / "summary.json").string()));
    CHECK(summary["samples"] == 300);
    CHECK(summary["seed"] == 5);
    const double p = summary["agreement"]["probability"];
    CHECK(summary["agreement"]["ci95"][0].get<double>() <= p);
    CHECK(summary["agreement"]["ci95"][1].get<double>() >= p);
    CHECK(read_file((dir / "a" / "scenario.json").string()) == read_file(scenario));
    // 300 rows plus the header; no temporary file left behind.
    const std::string csv = read_file((dir / "a" / "samples.csv").string());
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 301);
    for (const auto& entry : fs::directory_iterator(dir / "a")) CHECK(entry.path().filename().string()[0] != '.');

    // The same run on one thread gives byte-identical files, and a replayed sample its exact row.
    REQUIRE(negsim_cli("run " + scenario + " --samples 300 --seed 5 --threads 1 --out " + (dir / "b").string(), dir).exit_code == 0);
    for (const char* file : {"samples.csv", "summary.json", "summary.csv", "hist.csv"})
        CHECK(read_file((dir / "a" / file).string()) == read_file((dir / "b" / file).string()));
    // Without samples.csv the summary is the same.
    REQUIRE(negsim_cli("run " + scenario + " --samples 300 --seed 5 --write-samples no --out " + (dir / "c").string(), dir).exit_code == 0);
    CHECK_FALSE(fs::exists(dir / "c" / "samples.csv"));
    CHECK(read_file((dir / "a" / "summary.json").string()) == read_file((dir / "c" / "summary.json").string()));
    const Result replay = negsim_cli("run " + scenario + " --seed 5 --sample 123", dir);
    REQUIRE(replay.exit_code == 0);
    const std::string row = replay.out.substr(replay.out.find('\n') + 1);
    CHECK(negsim::test::has_line(csv, row));
    fs::remove_all(dir);
}

TEST_CASE("bad input exits with code 2, names the place, and writes nothing", "[cli]") {
    const fs::path dir = scratch_dir("bad");
    auto j = negsim::test::load_json("tests/data/two-party.json");
    j["agents"][1]["weights"]["share"] = -0.2;
    const fs::path bad = dir / "bad.json";
    std::ofstream(bad) << j.dump(2);
    const Result r = negsim_cli("run " + bad.string() + " --out " + (dir / "out").string(), dir);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(bad.string() + ": /agents/1/weights/share: -0.2 is negative; weights must be >= 0"));
    CHECK_FALSE(fs::exists(dir / "out"));

    CHECK(negsim_cli("validate " + bad.string(), dir).exit_code == 2);
    CHECK(negsim_cli("run " + (dir / "missing.json").string(), dir).exit_code == 2);
    CHECK(negsim_cli("run --samples nine " + negsim::test::source_path("tests/data/two-party.json"), dir).exit_code == 2);
    CHECK(negsim_cli("frobnicate", dir).exit_code == 2);
    const std::string two = negsim::test::source_path("tests/data/two-party.json");
    for (const char* options : {"--samples -1", "--samples 0", "--seed -1", "--threads 0", "--threads 100000", "--samples ' 5'",
                                "--sample 3 --out x", "--sample 9 --samples 9", "--out ''"}) {
        INFO(options);
        const Result bad_option = negsim_cli("run " + two + " " + options, dir);
        CHECK(bad_option.exit_code == 2);
        CHECK_THAT(bad_option.err, Catch::Contains("negsim: error:"));
    }
    CHECK(negsim_cli("run " + dir.string(), dir).exit_code == 2);  // a folder, not a file
    std::ofstream(dir / "plain-file") << "x";
    CHECK(negsim_cli("run " + two + " --samples 5 --out " + (dir / "plain-file").string(), dir).exit_code == 2);
    fs::remove_all(dir);
}

TEST_CASE("validate prints a digest, evaluate reports utilities and verdicts", "[cli]") {
    const fs::path dir = scratch_dir("eval");
    const std::string two = negsim::test::source_path("tests/data/two-party.json");
    const Result v = negsim_cli("validate " + two, dir);
    CHECK(v.exit_code == 0);
    CHECK_THAT(v.out, Catch::Contains("valid") && Catch::Contains("alternating offers, proposers in turn: a, b; 10 rounds"));

    const Result e = negsim_cli("evaluate " + two + " --package share=0.25", dir);
    REQUIRE(e.exit_code == 0);
    CHECK_THAT(e.out, Catch::Contains("0.2500") && Catch::Contains("0.7500") && Catch::Contains("accepts"));

    const Result typo = negsim_cli("evaluate " + two + " --package shar=0.25", dir);
    CHECK(typo.exit_code == 2);
    CHECK_THAT(typo.err, Catch::Contains("did you mean \"share\"?"));
    CHECK(negsim_cli("evaluate " + two + " --package share=2", dir).exit_code == 2);
    CHECK(negsim_cli("evaluate " + two + " --package share=nan", dir).exit_code == 2);
    CHECK(negsim_cli("evaluate " + two + " --package share=0x1", dir).exit_code == 2);
    CHECK(negsim_cli("evaluate " + two + " --package share=0.2,share=0.3", dir).exit_code == 2);
    CHECK(negsim_cli("--version", dir).out.rfind("negsim ", 0) == 0);
    fs::remove_all(dir);
}

TEST_CASE("solve writes every solution concept, trace writes one row per round and agent", "[cli]") {
    const fs::path dir = scratch_dir("solve");
    const std::string small = negsim::test::source_path("scenarios/example-small.json");
    const Result solved = negsim_cli("solve " + small + " --out " + (dir / "solutions.json").string(), dir);
    REQUIRE(solved.exit_code == 0);
    const auto j = nlohmann::json::parse(read_file((dir / "solutions.json").string()));
    for (const char* concept_name : {"nash", "nash_power_weighted", "kalai_smorodinsky", "egalitarian", "utilitarian", "compromise_position"}) {
        INFO(concept_name);
        CHECK(j["solutions"][concept_name]["exists"] == true);
        CHECK(j["solutions"][concept_name]["utilities"].size() == 3);
    }
    CHECK(j["pareto_frontier"].size() > 2);

    const Result traced = negsim_cli("trace " + small + " --sample 4 --out " + (dir / "trace.csv").string(), dir);
    REQUIRE(traced.exit_code == 0);
    const std::string csv = read_file((dir / "trace.csv").string());
    CHECK(csv.rfind("round,proposer,water_share,duration,monitoring,agent,utility,aspiration,threshold,response\n", 0) == 0);
    const auto rows = std::count(csv.begin(), csv.end(), '\n') - 1;
    CHECK(rows % 3 == 0);  // three agents answer every round
    CHECK(rows > 0);
    CHECK_FALSE(fs::exists(dir / "trace-beliefs.csv"));  // complete information: no beliefs

    // Under private information every agent's belief about every other, round by round, beside the trace.
    const std::string paris_private = negsim::test::source_path("scenarios/paris-2026-private.json");
    const Result believed = negsim_cli("trace " + paris_private + " --sample 2 --out " + (dir / "trace.csv").string(), dir);
    REQUIRE(believed.exit_code == 0);
    CHECK_THAT(believed.out, Catch::Contains("beliefs in"));
    const auto held = negsim::test::csv_rows(read_file((dir / "trace-beliefs.csv").string()));
    REQUIRE(held.size() > 1);
    CHECK(held[0] == std::vector<std::string>{"round", "proposer", "about", "holder", "belief_lo", "belief_hi", "belief_median"});
    std::set<std::pair<std::string, std::string>> pairs;
    for (std::size_t r = 1; r < held.size(); ++r) {
        pairs.insert({held[r][2], held[r][3]});
        CHECK(std::stod(held[r][4]) <= std::stod(held[r][6]));
        CHECK(std::stod(held[r][6]) <= std::stod(held[r][5]));
    }
    CHECK(pairs.size() == 30);  // six agents, each believing something about the five others
    fs::remove_all(dir);
}

TEST_CASE("a target interval width stops the run at the first chunk whose interval is narrow enough, whatever the threads", "[cli]") {
    const fs::path dir = scratch_dir("target");
    const std::string small = negsim::test::source_path("scenarios/example-small.json");
    for (const char* threads : {"1", "2"}) {
        const Result r = negsim_cli("run " + small + " --samples 100000 --target-ci 0.05 --threads " + threads + " --out " + (dir / threads).string(), dir);
        REQUIRE(r.exit_code == 0);
    }
    const auto one = nlohmann::json::parse(read_file((dir / "1" / "summary.json").string()));
    CHECK(one["samples"].get<std::uint64_t>() % 4096 == 0);
    CHECK(one["samples"].get<std::uint64_t>() < 100000);
    CHECK(one["agreement"]["ci95"][1].get<double>() - one["agreement"]["ci95"][0].get<double>() < 0.05);
    CHECK(read_file((dir / "1" / "summary.json").string()) == read_file((dir / "2" / "summary.json").string()));
    CHECK(negsim_cli("run " + small + " --target-ci 2", dir).exit_code == 2);
    fs::remove_all(dir);
}

TEST_CASE("every argument is checked before anything is written, and what is read is bounded", "[cli][bad-input]") {
    const fs::path dir = scratch_dir("arguments");
    const std::string two = negsim::test::source_path("tests/data/two-party.json");

    // A bad --zone-map is found before the output folder exists.
    const Result map = negsim_cli("run " + two + " --zone-map share,nope --out " + (dir / "out").string(), dir);
    CHECK(map.exit_code == 2);
    CHECK_THAT(map.err, Catch::Contains("--zone-map: unknown issue \"nope\""));
    CHECK_FALSE(fs::exists(dir / "out"));

    // An empty --out is a usage error for every command that writes.
    for (const std::string command : {"run", "trace", "solve"}) {
        INFO(command);
        const Result empty = negsim_cli(command + " " + two + " --out ''", dir);
        CHECK(empty.exit_code == 2);
        CHECK_THAT(empty.err, Catch::Contains("--out is empty"));
    }

    // --sample replays a sample of the run: below monte_carlo.samples (100 here) or --samples.
    CHECK(negsim_cli("run " + two + " --sample 99", dir).exit_code == 0);
    const Result beyond = negsim_cli("run " + two + " --sample 100", dir);
    CHECK(beyond.exit_code == 2);
    CHECK(beyond.out.empty());
    CHECK_THAT(beyond.err, Catch::Contains("expected 0 to 99"));
    const Result larger = negsim_cli("run " + two + " --sample 150 --samples 200", dir);
    REQUIRE(larger.exit_code == 0);
    CHECK_THAT(larger.out, Catch::Contains("\n150,"));

    // Devices are refused, and no file is read past 64 MiB.
    const Result zero = negsim_cli("validate /dev/zero", dir);
    CHECK(zero.exit_code == 2);
    CHECK_THAT(zero.err, Catch::Contains("/dev/zero: is not a regular file"));
    const fs::path big = dir / "big.json";
    std::ofstream(big) << "{";
    fs::resize_file(big, (std::uintmax_t{64} << 20) + 1);
    const Result large = negsim_cli("validate " + big.string(), dir);
    CHECK(large.exit_code == 2);
    CHECK_THAT(large.err, Catch::Contains("is larger than 64 MiB"));

    // A file name or an argument with control characters is escaped in the message.
    const Result named = negsim_cli("validate '" + (dir / "\x1b[31mred.json").string() + "'", dir);
    CHECK(named.exit_code == 2);
    CHECK_THAT(named.err, Catch::Contains("\\u001B[31mred.json: cannot open the file"));
    CHECK(named.err.find('\x1b') == std::string::npos);
    const Result option = negsim_cli("run " + two + " --samples \"$(printf '\\033[31m')\"", dir);
    CHECK(option.exit_code == 2);
    CHECK_THAT(option.err, Catch::Contains("--samples \"\\u001B[31m\" is not valid"));
    CHECK(option.err.find('\x1b') == std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("power beyond its domain is refused, at its end, solutions are finite", "[cli][domains]") {
    const fs::path dir = scratch_dir("power");
    auto j = negsim::test::load_json("scenarios/example-small.json");
    for (auto& agent : j["agents"]) agent["power"] = 1e308;
    std::ofstream(dir / "huge.json") << j.dump(2);
    const Result huge = negsim_cli("solve " + (dir / "huge.json").string() + " --out " + (dir / "huge-solutions.json").string(), dir);
    CHECK(huge.exit_code == 2);
    CHECK_THAT(huge.err, Catch::Contains("/agents/0/power: 1e+308 is out of range"));
    CHECK_FALSE(fs::exists(dir / "huge-solutions.json"));

    for (auto& agent : j["agents"]) agent["power"] = 1e6;
    j["agents"][2]["power"] = 5e-324;
    std::ofstream(dir / "end.json") << j.dump(2);
    const Result end = negsim_cli("solve " + (dir / "end.json").string() + " --out " + (dir / "solutions.json").string(), dir);
    REQUIRE(end.exit_code == 0);
    const std::string written = read_file((dir / "solutions.json").string());
    CHECK(written.find("null") == std::string::npos);
    CHECK(end.out.find("inf") == std::string::npos);
    CHECK(end.out.find("nan") == std::string::npos);
    const auto solutions = nlohmann::json::parse(written);
    CHECK(solutions["solutions"]["nash_power_weighted"]["exists"] == true);
    fs::remove_all(dir);
}

TEST_CASE("a wrong --set name exits with code 2, lists the nearest names and writes nothing, in every command", "[cli][overrides][bad-input]") {
    const fs::path dir = scratch_dir("set-name");
    const std::string paris = negsim::test::source_path("scenarios/paris-2026-core.json");
    const Result r = negsim_cli("run " + paris + " --samples 20 --set russia/reservaton=0.5 --out " + (dir / "out").string(), dir);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("negsim: error: --set: unknown name \"russia/reservaton\"") &&
                          Catch::Contains("the nearest valid names: \"russia/reservation\", \"ukraine/reservation\""));
    CHECK_FALSE(fs::exists(dir / "out"));
    for (const std::string& command : std::vector<std::string>{"validate", "solve --out " + (dir / "file").string(), "trace --out " + (dir / "file").string(), "evaluate --package territory=0"}) {
        INFO(command);
        const Result other = negsim_cli(command + " " + paris + " --set russia/reservaton=0.5", dir);
        CHECK(other.exit_code == 2);
        CHECK_THAT(other.err, Catch::Contains("nearest valid names"));
    }
    CHECK_FALSE(fs::exists(dir / "file"));
    for (const char* bad : {"--set russia/reservation", "--set =1", "--set russia/reservation=2"}) {
        INFO(bad);
        CHECK(negsim_cli("run " + paris + " " + bad + " --out " + (dir / "out").string(), dir).exit_code == 2);
    }
    CHECK_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
}

TEST_CASE("run records its overrides and --nominal, writes the effective scenario and its warnings", "[cli][overrides]") {
    const fs::path dir = scratch_dir("set-run");
    const std::string small = negsim::test::source_path("scenarios/example-small.json");
    const Result r = negsim_cli("run " + small + " --samples 50 --zone-samples 5 --set donor/reservation=0.25 --set protocol/rounds=12 --nominal --out " +
                                    (dir / "a").string(), dir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto summary = nlohmann::json::parse(read_file((dir / "a" / "summary.json").string()));
    CHECK(summary["scenario"]["overrides"] == nlohmann::json::parse(R"([{"name": "donor/reservation", "value": "0.25"}, {"name": "protocol/rounds", "value": "12"}])"));
    CHECK(summary["scenario"]["nominal"] == true);
    CHECK_FALSE(summary.contains("warnings"));  // --nominal leaves no distribution to warn about
    const std::string effective = read_file((dir / "a" / "scenario.json").string());
    CHECK(summary["scenario"]["sha256"] == negsim::sha256_hex(effective));
    const auto written = nlohmann::json::parse(effective);
    CHECK(written["agents"][2]["reservation"] == 0.25);
    CHECK(written["protocol"]["rounds"] == 12);
    CHECK_FALSE(written["monte_carlo"].contains("uncertainty"));

    // The example's distributions are centred on its nominal values: nothing to warn about.
    const Result centred = negsim_cli("validate " + small, dir);
    CHECK(centred.exit_code == 0);
    CHECK_THAT(centred.out, !Catch::Contains("Warnings"));
    // Without overrides: no override keys; the donor's nominal value moved off its uniform's centre is warned about:
    // recorded (and printed), validate lists it and exits 0.
    auto off = nlohmann::json::parse(read_file(small));
    off["agents"][2]["reservation"] = 0.25;
    const std::string moved = (dir / "off-centre.json").string();
    std::ofstream(moved) << off.dump(2);
    const Result b = negsim_cli("run " + moved + " --samples 50 --zone-samples 5 --out " + (dir / "b").string(), dir);
    REQUIRE(b.exit_code == 0);
    CHECK_THAT(b.err, Catch::Contains("/agents/2/reservation: the nominal value 0.25"));
    const auto plain = nlohmann::json::parse(read_file((dir / "b" / "summary.json").string()));
    CHECK_FALSE(plain["scenario"].contains("overrides"));
    REQUIRE(plain["warnings"].size() == 1);
    CHECK_THAT(plain["warnings"][0].get<std::string>(), Catch::Contains("/agents/2/reservation") && Catch::Contains("/monte_carlo/uncertainty/agents/donor/reservation"));
    const Result v = negsim_cli("validate " + moved, dir);
    CHECK(v.exit_code == 0);
    CHECK_THAT(v.out, Catch::Contains("Warnings (1):\n  /agents/2/reservation: the nominal value 0.25 is not used in sampling"));
    CHECK_THAT(negsim_cli("validate " + moved + " --nominal", dir).out, !Catch::Contains("Warnings"));
    fs::remove_all(dir);
}

TEST_CASE("a batch of scenarios writes each one's results and one summary.csv row per file, in order", "[cli][batch]") {
    const fs::path dir = scratch_dir("batch");
    fs::create_directories(dir / "in");
    auto small = negsim::test::load_json("scenarios/example-small.json");
    std::ofstream(dir / "in" / "b-small.json") << small.dump(2);
    small["name"] = "small-copy";
    std::ofstream(dir / "in" / "a-copy.json") << small.dump(2);
    const std::string two = negsim::test::source_path("tests/data/two-party.json");
    const std::string options = " --samples 40 --zone-samples 5 --seed 3";

    // Two different scenarios: the columns every scenario has.
    const Result r = negsim_cli("run " + (dir / "in" / "b-small.json").string() + " " + two + options + " --out " + (dir / "mixed").string(), dir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string csv = read_file((dir / "mixed" / "summary.csv").string());
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);
    const std::string own = read_file((dir / "mixed" / "example-small" / "summary.csv").string());
    CHECK(csv.substr(0, csv.find('\n')) == "scenario,scenario_sha256,seed,samples,deals,agreement_probability,agreement_ci95_lo,agreement_ci95_hi,"
                                           "ends_deadline,ends_breakdown,ends_not_ratified,zone_probability,zone_ci95_lo,zone_ci95_hi,"
                                           "agreement_given_zone,agreement_given_zone_ci95_lo,agreement_given_zone_ci95_hi,missed_deals,missed_share");
    const std::string first_row = csv.substr(csv.find('\n') + 1, csv.find('\n', csv.find('\n') + 1) - csv.find('\n'));
    CHECK(own.find("\n" + first_row.substr(0, first_row.size() - 1) + ",") != std::string::npos);  // its own row, cut to those columns
    CHECK_THAT(csv, Catch::Contains("\ntwo-party,"));
    CHECK(fs::exists(dir / "mixed" / "two-party" / "summary.json"));

    // A folder: its files in name order; the same columns, so all of them, and each row is the scenario's own.
    REQUIRE(negsim_cli("run " + (dir / "in").string() + options + " --out " + (dir / "folder").string(), dir).exit_code == 0);
    const std::string all = read_file((dir / "folder" / "summary.csv").string());
    const std::string copy = read_file((dir / "folder" / "small-copy" / "summary.csv").string());
    const std::string original = read_file((dir / "folder" / "example-small" / "summary.csv").string());
    CHECK(all == copy + original.substr(original.find('\n') + 1));

    // Two scenarios of the same name: an error before anything is written.
    const Result twice = negsim_cli("run " + two + " " + two + options + " --out " + (dir / "twice").string(), dir);
    CHECK(twice.exit_code == 2);
    CHECK_THAT(twice.err, Catch::Contains("/name: \"two-party\" is also the name of"));
    CHECK_FALSE(fs::exists(dir / "twice"));
    // Every file is validated first.
    std::ofstream(dir / "broken.json") << "{";
    CHECK(negsim_cli("run " + two + " " + (dir / "broken.json").string() + options + " --out " + (dir / "broken").string(), dir).exit_code == 2);
    CHECK_FALSE(fs::exists(dir / "broken"));
    fs::remove_all(dir);
}

TEST_CASE("bench --case measures the reference loop's case in the information modes asked for", "[cli]") {
    const fs::path dir = scratch_dir("bench");
    const Result both = negsim_cli("bench --case 3x2x10 --samples 20", dir);
    INFO(both.err);
    REQUIRE(both.exit_code == 0);
    const auto has_row = [](const std::string& out, const std::string& start) {
        std::istringstream lines(out);
        for (std::string line; std::getline(lines, line);)
            if (line.rfind(start, 0) == 0) return true;
        return false;
    };
    CHECK(has_row(both.out, "bench-3x2x10                 complete"));
    CHECK(has_row(both.out, "bench-3x2x10                 private"));
    const Result complete = negsim_cli("bench --case 3x2x10 --samples 20 --information complete", dir);
    REQUIRE(complete.exit_code == 0);
    CHECK(has_row(complete.out, "bench-3x2x10                 complete"));
    CHECK_FALSE(has_row(complete.out, "bench-3x2x10                 private"));
    const Result wrong = negsim_cli("bench --case 3x2x10 --information partial", dir);
    CHECK(wrong.exit_code == 2);
    CHECK_THAT(wrong.err, Catch::Contains("--information must be complete, private or both"));
    CHECK(negsim_cli("bench --case 65x2x10", dir).exit_code == 2);
    CHECK(negsim_cli("bench scenarios/example-small.json --case 3x2x10", dir).exit_code == 2);
}
