// negsim sweep and negsim merge end to end: rows and their order, common random numbers, the same bytes for any
// thread count, a sweep killed at a random moment and resumed, shards merged, bad names.
#include "input/scenario_loader.hpp"
#include "random/random_stream.hpp"
#include "cli_support.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using negsim::read_file;
using negsim::test::csv_rows;
using negsim::test::negsim_cli;
using negsim::test::scratch_dir;
using Result = negsim::test::CliResult;

namespace {

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
}

const std::string kSmall = negsim::test::source_path("scenarios/example-small.json");
const std::string kParis = negsim::test::source_path("scenarios/paris-2026-core.json");

// Every final file of a sweep folder, for byte comparisons.
void require_same_files(const fs::path& a, const fs::path& b) {
    for (const char* file : {"sweep.csv", "differences.csv", "sweep.json", "scenario.json"}) {
        INFO(file);
        REQUIRE(fs::exists(a / file));
        CHECK(read_file((a / file).string()) == read_file((b / file).string()));
    }
}

}  // namespace

TEST_CASE("A 2-parameter grid gives one row per point, first factor slowest, the same bytes on 1 and 2 threads", "[sweep]") {
    const fs::path dir = scratch_dir("sweep-grid");
    const std::string args = "sweep " + kSmall + " --vary donor/reservation=0.1:0.3:3 --vary protocol/rounds=10,20 --samples 300 --seed 3";
    const Result one = negsim_cli(args + " --threads 1 --out " + (dir / "one").string(), dir);
    INFO(one.err);
    REQUIRE(one.exit_code == 0);
    REQUIRE(negsim_cli(args + " --threads 2 --out " + (dir / "two").string(), dir).exit_code == 0);
    require_same_files(dir / "one", dir / "two");

    const auto rows = csv_rows(read_file((dir / "one" / "sweep.csv").string()));
    REQUIRE(rows.size() == 7);  // header + 3 x 2 points
    CHECK(rows[0][0] == "point");
    CHECK(rows[0][1] == "donor_reservation");
    CHECK(rows[0][2] == "protocol_rounds");
    const std::vector<std::pair<std::string, std::string>> expected = {{"0.1", "10"}, {"0.1", "20"}, {"0.2", "10"}, {"0.2", "20"}, {"0.3", "10"}, {"0.3", "20"}};
    for (std::size_t p = 0; p < expected.size(); ++p) {
        CHECK(rows[p + 1][0] == std::to_string(p));
        CHECK(rows[p + 1][1] == expected[p].first);
        CHECK(rows[p + 1][2] == expected[p].second);
        CHECK(rows[p + 1][column(rows[0], "samples")] == "300");
    }
    // A point equals a plain run with the same --set: the sweep adds nothing but the overrides.
    REQUIRE(negsim_cli("run " + kSmall + " --set donor/reservation=0.2 --set protocol/rounds=20 --samples 300 --seed 3 --out " + (dir / "run").string(), dir).exit_code == 0);
    const auto summary = csv_rows(read_file((dir / "run" / "summary.csv").string()));
    // Its summary.csv after the provenance columns (scenario, scenario_sha256, seed) is the point's row after its values.
    REQUIRE(summary.size() == 2);
    CHECK(std::vector<std::string>(summary[0].begin() + 3, summary[0].end()) == std::vector<std::string>(rows[0].begin() + 3, rows[0].end()));
    CHECK(std::vector<std::string>(summary[1].begin() + 3, summary[1].end()) == std::vector<std::string>(rows[4].begin() + 3, rows[4].end()));
    // differences.csv: each point against its lower neighbour in each factor, 2 x 2 + 3 x 1 rows.
    const auto differences = csv_rows(read_file((dir / "one" / "differences.csv").string()));
    CHECK(differences.size() == 1 + 4 + 3);
    fs::remove_all(dir);
}

TEST_CASE("With common random numbers, no sample gains a deal as Russia's reservation value rises", "[sweep]") {
    // Russia's reservation can only make agreement harder. Common random numbers give every point the same sample k,
    // so what they guarantee is sample by sample: no sample that failed at a lower reservation reaches a deal at a
    // higher one (samples_gained == 0), and the paired interval of each step is narrower than the interval the two
    // points' own Wilson intervals give for independent samples (Newcombe 1998, method 10, square-and-add). Independent
    // streams per point gain hundreds of deals per step and fail both checks.
    const fs::path dir = scratch_dir("sweep-monotone");
#ifdef NEGSIM_TESTS_UNDER_SANITIZERS
    const std::string samples = "600";  // the first 600 samples of the same streams: the same guarantees, a third of the time
#else
    const std::string samples = "2000";
#endif
    const Result r = negsim_cli("sweep " + kParis + " --vary russia/reservation=0.45:0.72:10 --samples " + samples + " --seed 11 --out " + (dir / "s").string(), dir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto rows = csv_rows(read_file((dir / "s" / "sweep.csv").string()));
    REQUIRE(rows.size() == 11);
    const std::size_t p = column(rows[0], "agreement_probability");
    const std::size_t lo = column(rows[0], "agreement_ci95_lo");
    const std::size_t hi = column(rows[0], "agreement_ci95_hi");
    for (std::size_t i = 2; i < rows.size(); ++i) {
        INFO("point " << i - 1);
        CHECK(std::stod(rows[i][p]) <= std::stod(rows[i - 1][p]));
    }
    CHECK(std::stod(rows[1][p]) > std::stod(rows[10][p]) + 0.1);  // and the parameter matters
    const auto differences = csv_rows(read_file((dir / "s" / "differences.csv").string()));
    REQUIRE(differences.size() == 10);
    const auto& h = differences[0];
    for (std::size_t i = 1; i < differences.size(); ++i) {
        const auto& d = differences[i];
        INFO("point " << d[column(h, "point")] << " against " << d[column(h, "neighbour")]);
        CHECK(d[column(h, "samples_gained")] == "0");
        const auto& at = rows[1 + std::stoul(d[column(h, "point")])];
        const auto& below = rows[1 + std::stoul(d[column(h, "neighbour")])];
        const double p1 = std::stod(at[p]), p2 = std::stod(below[p]);
        const double unpaired_width = std::hypot(p1 - std::stod(at[lo]), std::stod(below[hi]) - p2) +
                                      std::hypot(std::stod(at[hi]) - p1, p2 - std::stod(below[lo]));
        const double paired_width = std::stod(d[column(h, "ci95_hi")]) - std::stod(d[column(h, "ci95_lo")]);
        CHECK(paired_width < unpaired_width);
        CHECK(std::stod(d[column(h, "ci95_lo")]) <= 0.0);
    }
    fs::remove_all(dir);
}

TEST_CASE("A sweep killed at random moments and resumed equals the uninterrupted one, merged shards too", "[sweep]") {
    const fs::path dir = scratch_dir("sweep-resume");
    const std::string args = "sweep " + kSmall + " --vary upstream/reservation=0.2:0.45:12 --samples 400 --seed 5 --threads 2";
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(negsim_cli(args + " --out " + (dir / "whole").string(), dir).exit_code == 0);
    const auto whole = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();

    // Kill (SIGKILL: no chance to tidy up) at moments drawn at random each time the test runs, within the first 80% of
    // how long the uninterrupted sweep took (a fixed range let a fast machine finish before the first kill); resume
    // after each.
    negsim::RandomStream rng(static_cast<std::uint64_t>(::getpid()), 0, 1);
    const fs::path resumed = dir / "resumed";
    int kills = 0;
    for (int attempt = 0; attempt < 6 && !fs::exists(resumed / "sweep.csv"); ++attempt) {
        const auto delay = std::chrono::milliseconds(1 + static_cast<long>(rng.uniform() * 0.8 * static_cast<double>(whole)));
        INFO("attempt " << attempt << ", kill after " << delay.count() << " ms");
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            const std::string command = std::string(NEGSIM_BINARY) + " " + args + " --resume --out " + resumed.string() + " >/dev/null 2>&1";
            ::execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        std::this_thread::sleep_for(delay);
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        if (WIFSIGNALED(status)) ++kills;
        else REQUIRE(WEXITSTATUS(status) == 0);  // finished before the kill
    }
    const Result last = negsim_cli(args + " --resume --out " + resumed.string(), dir);
    INFO(last.err);
    REQUIRE(last.exit_code == 0);
    CHECK(kills > 0);
    require_same_files(dir / "whole", resumed);
    CHECK_FALSE(fs::exists(resumed / "sweep.journal"));

    // Three shards, merged.
    for (int i = 0; i < 3; ++i) REQUIRE(negsim_cli(args + " --shard " + std::to_string(i) + "/3 --out " + (dir / "shards").string(), dir).exit_code == 0);
    CHECK_FALSE(fs::exists(dir / "shards" / "sweep.csv"));
    const Result merged = negsim_cli("merge " + (dir / "shards").string() + " --out " + (dir / "merged").string(), dir);
    INFO(merged.err);
    REQUIRE(merged.exit_code == 0);
    require_same_files(dir / "whole", dir / "merged");
    // A missing shard is an error that says so, and writes nothing.
    fs::remove(dir / "shards" / "shard-1-of-3.journal");
    const Result partial = negsim_cli("merge " + (dir / "shards").string() + " --out " + (dir / "partial").string(), dir);
    CHECK(partial.exit_code == 2);
    CHECK_THAT(partial.err, Catch::Contains("has no result"));
    CHECK_FALSE(fs::exists(dir / "partial" / "sweep.csv"));
    fs::remove_all(dir);
}

TEST_CASE("An unfinished sweep is not overwritten without --resume, nor resumed with other arguments", "[sweep]") {
    const fs::path dir = scratch_dir("sweep-guard");
    const std::string args = "sweep " + kSmall + " --vary donor/reservation=0.1:0.3:3 --samples 100 --seed 5 --out " + (dir / "s").string();
    REQUIRE(negsim_cli(args + " --shard 0/2", dir).exit_code == 0);
    const Result again = negsim_cli(args + " --shard 0/2", dir);
    CHECK(again.exit_code == 2);
    CHECK_THAT(again.err, Catch::Contains("--resume"));
    const Result other = negsim_cli("sweep " + kSmall + " --vary donor/reservation=0.1:0.3:3 --samples 100 --seed 6 --out " + (dir / "s").string() + " --shard 0/2 --resume", dir);
    CHECK(other.exit_code == 2);
    CHECK_THAT(other.err, Catch::Contains("seed"));
    fs::remove_all(dir);
}

TEST_CASE("A wrong parameter name in --vary lists the nearest valid names and writes nothing", "[sweep]") {
    const fs::path dir = scratch_dir("sweep-badname");
    const Result r = negsim_cli("sweep " + kParis + " --vary russia/reservaton=0.4:0.7:3 --samples 10 --out " + (dir / "s").string(), dir);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("russia/reservation"));
    CHECK_FALSE(fs::exists(dir / "s"));
    const Result range = negsim_cli("sweep " + kParis + " --vary russia/reservation=0.4:1.7:3 --samples 10 --out " + (dir / "s").string(), dir);
    CHECK(range.exit_code == 2);
    CHECK_THAT(range.err, Catch::Contains("domain"));
    fs::remove_all(dir);
}

TEST_CASE("A Sobol design too small for its indices warns on stderr and in sweep.json", "[sweep][sobol]") {
    const fs::path dir = scratch_dir("sobol-warn");
    const Result r = negsim_cli("sweep " + kSmall + " --design sobol --points 16 --samples 40 --vary protocol/rounds=4:30 --vary downstream/weights/water_share=0.1:0.9 --nominal "
                                "--bootstrap 200 --out " + (dir / "s").string(), dir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("negsim: warning: sobol.csv: water_share_q50: the 95% intervals of") && Catch::Contains("give more --points"));
    const auto j = nlohmann::json::parse(read_file((dir / "s" / "sweep.json").string()));
    REQUIRE(j.contains("warnings"));
    CHECK_THAT(j["warnings"][0].get<std::string>(), Catch::Contains("sobol.csv: "));
    fs::remove_all(dir);
}

TEST_CASE("A shard's merge hint names every shard's journal, not only its own folder", "[sweep]") {
    const fs::path dir = scratch_dir("shard-hint");
    const Result r = negsim_cli("sweep " + kSmall + " --vary protocol/rounds=4:8:3 --samples 20 --shard 0/3 --out " + (dir / "s0").string(), dir);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("When all 3 shards are done (journals shard-0-of-3.journal to shard-2-of-3.journal)") &&
                          Catch::Contains("negsim merge FOLDER_0 ... FOLDER_2 --out"));
    fs::remove_all(dir);
}
