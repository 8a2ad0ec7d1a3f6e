// Golden outputs: small runs of two scenarios (negsim run, trace and solve) and two sweeps, compared byte for byte with the files
// stored under tests/golden/<scenario>/, so that a change of any formula, draw or format shows up as a failing test
// and a diff to review. `NEGSIM_UPDATE_GOLDEN=1 ctest --test-dir build -R golden` rewrites them when a change is
// intended (tests/golden/README.md says what is stored and which one field is normalised).
#include "input/scenario_loader.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

// The commands, run from the source folder so that the scenario path recorded in summary.json and solutions.json is
// the relative "scenarios/<name>.json" on every machine. Keep in step with tests/golden/README.md.
std::vector<std::string> golden_commands(const std::string& scenario, const fs::path& out) {
    const std::string file = "scenarios/" + scenario + ".json";
    return {
        "run " + file + " --samples 200 --zone-samples 50 --seed 7 --threads 2 --out " + out.string(),
        "trace " + file + " --seed 7 --sample 1 --out " + (out / "trace.csv").string(),
        "solve " + file + " --points 11 --out " + (out / "solutions.json").string(),
    };
}

// Everything the commands write, except scenario.json (a byte copy of the input, checked in test_cli.cpp).
const std::vector<std::string> kGoldenFiles = {"samples.csv", "summary.json", "summary.csv", "hist.csv", "sensitivity.csv",
                                               "zopa.csv",    "trace.csv",    "solutions.json"};

// Two sweeps of example-small: a grid (sweep.csv, differences.csv, sweep.json) and a small Sobol design (sobol.csv).
std::vector<std::string> sweep_commands(const fs::path& out) {
    return {
        "sweep scenarios/example-small.json --vary upstream/reservation=0.2:0.45:4 --vary protocol/rounds=10,30 --samples 100 --seed 7 "
        "--threads 2 --out " + out.string(),
        "sweep scenarios/example-small.json --design sobol --points 6 --vary upstream/reservation=0.2:0.45 --vary donor/reservation=0.1:0.3 "
        "--samples 60 --seed 7 --bootstrap 200 --threads 2 --out " + (out / "sobol").string(),
    };
}
const std::vector<std::string> kSweepFiles = {"sweep.csv", "differences.csv", "sweep.json", "sobol/sweep.csv", "sobol/sobol.csv"};

// The one field that legitimately differs between builds: "negsim_version" in the JSON files changes with every
// release without any result changing. Its value is replaced by "*" in both the stored and the produced text. (No
// result file records a time, an absolute path, a thread count or a host: docs/outputs.md.)
std::string normalise(const std::string& name, std::string text) {
    if (name.size() < 5 || name.compare(name.size() - 5, 5, ".json") != 0) return text;
    const std::string key = "\"negsim_version\": \"";
    const auto start = text.find(key);
    if (start == std::string::npos) return text;
    const auto value = start + key.size();
    const auto end = text.find('"', value);
    if (end == std::string::npos) return text;
    return text.substr(0, value) + "*" + text.substr(end);
}

// Where two texts first differ, as "line N" with both lines (cut to a readable length); empty if they are equal.
std::string first_difference(const std::string& stored, const std::string& produced) {
    std::istringstream a(stored), b(produced);
    std::string line_a, line_b;
    const auto cut = [](const std::string& s) { return s.size() > 400 ? s.substr(0, 400) + "..." : s; };
    for (std::size_t line = 1;; ++line) {
        const bool more_a = static_cast<bool>(std::getline(a, line_a));
        const bool more_b = static_cast<bool>(std::getline(b, line_b));
        if (!more_a && !more_b) return stored == produced ? "" : "no line differs, but the bytes do (a final newline?)";
        if (more_a != more_b || line_a != line_b)
            return "first difference at line " + std::to_string(line) + "\n  stored:   " + (more_a ? cut(line_a) : "(end of file)") +
                   "\n  produced: " + (more_b ? cut(line_b) : "(end of file)");
    }
}

bool updating() {
    const char* flag = std::getenv("NEGSIM_UPDATE_GOLDEN");
    return flag != nullptr && std::string(flag) == "1";
}

// Runs `commands` (writing under scratch/out) and compares `files` with tests/golden/<folder>/.
void check_golden(const std::string& folder, const std::vector<std::string>& commands, const std::vector<std::string>& files, const fs::path& scratch) {
    for (const std::string& args : commands) {
        const std::string command = "cd '" + negsim::test::source_path("") + "' && '" + NEGSIM_BINARY + "' " + args + " >" +
                                    (scratch / "stdout.txt").string() + " 2>" + (scratch / "stderr.txt").string() + " </dev/null";
        const int status = std::system(command.c_str());
        INFO("negsim " << args << "\n" << negsim::read_file((scratch / "stderr.txt").string()));
        REQUIRE(WIFEXITED(status));
        REQUIRE(WEXITSTATUS(status) == 0);
    }
    const fs::path golden = negsim::test::source_path("tests/golden/" + folder);
    for (const std::string& name : files) {
        const std::string produced = normalise(name, negsim::read_file((scratch / "out" / name).string()));
        const fs::path stored_path = golden / name;
        if (updating()) {
            fs::create_directories(stored_path.parent_path());
            std::ofstream(stored_path, std::ios::binary) << produced;
            WARN("NEGSIM_UPDATE_GOLDEN=1: rewrote " << stored_path.string());
            continue;
        }
        INFO("tests/golden/" << folder << "/" << name << " differs from what negsim produces now; if the change is intended, "
             "rewrite the golden files with NEGSIM_UPDATE_GOLDEN=1 ctest --test-dir build -R golden and review git diff tests/golden");
        REQUIRE(fs::exists(stored_path));
        const std::string difference = first_difference(negsim::read_file(stored_path.string()), produced);
        INFO(difference);
        CHECK(difference.empty());
    }
}

fs::path scratch_folder(const std::string& name) {
    const fs::path scratch = fs::temp_directory_path() / ("negsim-golden-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(scratch);
    fs::create_directories(scratch);
    return scratch;
}

void check_scenario(const std::string& scenario) {
    const fs::path scratch = scratch_folder(scenario);
    check_golden(scenario, golden_commands(scenario, scratch / "out"), kGoldenFiles, scratch);
    fs::remove_all(scratch);
}

}  // namespace

TEST_CASE("golden outputs of example-small: run, trace and solve, byte for byte", "[golden]") { check_scenario("example-small"); }

TEST_CASE("golden outputs of paris-2026-core: run, trace and solve, byte for byte", "[golden]") { check_scenario("paris-2026-core"); }

TEST_CASE("golden outputs of two sweeps of example-small: a grid and a Sobol design, byte for byte", "[golden]") {
    const fs::path scratch = scratch_folder("sweeps");
    check_golden("sweeps", sweep_commands(scratch / "out"), kSweepFiles, scratch);
    fs::remove_all(scratch);
}

// A process in stages: its own files, each stage's, and the trace of its stages in turn.
TEST_CASE("golden outputs of paris-2026-two-tracks: a process in stages and its trace, byte for byte", "[golden]") {
    const fs::path scratch = scratch_folder("two-tracks");
    const std::string file = "scenarios/paris-2026-two-tracks.json";
    check_golden("paris-2026-two-tracks",
                 {"run " + file + " --samples 200 --seed 7 --threads 2 --out " + (scratch / "out").string(),
                  "trace " + file + " --seed 7 --sample 1 --out " + (scratch / "out" / "trace.csv").string()},
                 {"samples.csv", "summary.json", "stages.csv", "conditional.csv", "paths.csv", "joint.csv", "stages/guarantees/summary.json",
                  "stages/guarantees/hist.csv", "stages/ceasefire/summary.json", "stages/ceasefire/hist.csv", "trace.csv"},
                 scratch);
    fs::remove_all(scratch);
}

TEST_CASE("the golden comparison names the first differing line and normalises only the version", "[golden]") {
    CHECK(first_difference("a\nb\nc\n", "a\nb\nc\n").empty());
    CHECK(first_difference("a\nb\nc\n", "a\nB\nc\n") == "first difference at line 2\n  stored:   b\n  produced: B");
    CHECK(first_difference("a\nb\n", "a\n") == "first difference at line 2\n  stored:   b\n  produced: (end of file)");
    CHECK_FALSE(first_difference("a\n", "a").empty());
    CHECK(normalise("summary.json", "{\n  \"negsim_version\": \"0.1.0\",\n  \"seed\": 7\n}") == "{\n  \"negsim_version\": \"*\",\n  \"seed\": 7\n}");
    CHECK(normalise("samples.csv", "negsim_version: \"0.1.0\"") == "negsim_version: \"0.1.0\"");
    CHECK(normalise("summary.json", "{\"seed\": 7}") == "{\"seed\": 7}");
}
