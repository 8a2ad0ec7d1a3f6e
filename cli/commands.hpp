// The subcommands of negsim. Each reads validated inputs, does its work through the libraries and prints; errors are
// thrown (InputError for bad input) and turned into exit codes by main.cpp alone.
#pragma once

#include "cluster/cluster.hpp"
#include "input/overrides.hpp"
#include "interop/interop.hpp"
#include "analysis/sweep/design.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace negsim::cli {

// A scenario file as a command reads it: with the --set overrides in order, and without its uncertainty block when
// --nominal (docs/sweeps.md).
struct ScenarioInput {
    std::string path;
    std::vector<Override> overrides;
    bool nominal = false;
    bool one_table = false;  // --one-table: a scenario in stages negotiated at one table of every agent over every issue
};

// An issue's range as users read it: "[0, 50] years", or its options in order.
[[nodiscard]] std::string range_text(const Issue& issue);

// The one way every command loads its scenario: read, overridden, validated.
[[nodiscard]] EffectiveScenario load(const ScenarioInput& input);

// The commands that negotiate one table (solve, evaluate, export) refuse a scenario in stages unless --one-table made
// it one table: InputError naming the file and /stages.
void require_one_table(const ScenarioInput& input, const Scenario& scenario, const char* command);

struct RunArguments {
    std::vector<std::string> scenarios;   // files and folders (a folder: its *.json files in name order)
    std::vector<Override> overrides;      // applied to every scenario
    bool nominal = false;
    std::optional<std::uint64_t> samples;
    std::optional<std::uint64_t> seed;
    unsigned threads = 1;
    std::optional<std::string> out;
    std::optional<std::uint64_t> sample;  // replay one sample
    std::optional<bool> write_samples;    // default: yes below 100 000 samples
    std::optional<double> target_ci;      // stop once the agreement interval is narrower than this
    std::uint64_t zone_samples = 1000;    // samples searched for zopa.csv and zone_map.csv
    std::optional<std::string> zone_map;  // "issue_a,issue_b"
    std::size_t zone_grid = 20;
    bool plots = false;                   // --plots: the figures and report.html in each run folder (plot_command.cpp)
    bool one_table = false;               // --one-table: a scenario in stages negotiated at one table instead
};

// One scenario: today's run (out/<name>/ or --out). Several, or a folder: a batch (run_command.cpp). Under mpirun
// every rank calls it; rank 0 alone writes and prints (cluster/distributed_run.hpp).
void run(const RunArguments& arguments, Cluster& cluster);
void trace(const ScenarioInput& scenario, std::optional<std::uint64_t> seed, std::uint64_t sample, const std::string& out);
void solve(const ScenarioInput& scenario, const std::optional<std::string>& out, int points);
void validate(const ScenarioInput& scenario);
// `negsim bench --case AxIxT`: the reference loop's case with A agents, I issues and T rounds (bench_command.cpp).
struct BenchCase {
    std::size_t agents = 4;
    std::size_t issues = 5;
    int rounds = 100;
    bool contributions = false;  // --contributions: the issues are the agents' lines in a common effort
};
[[nodiscard]] std::string reference_case(const BenchCase& c);
// Which information modes `negsim bench --information` measures.
struct BenchModes {
    bool complete = true;
    bool private_information = true;
};
void bench(const std::string& scenario, std::uint64_t samples, const std::optional<BenchCase>& reference, BenchModes modes);
// `negsim bench --case AxIxT --votes`: the default job's seconds under unanimity, a quorum and a weighted majority.
void bench_votes(const BenchCase& reference, std::uint64_t samples);

struct SweepArguments {
    std::string scenario;
    std::vector<std::string> vary;             // --vary NAME=SPEC
    std::optional<std::string> sweep_file;     // --sweep FILE instead of --vary, --design and --points
    DesignKind design = DesignKind::grid;
    std::optional<std::size_t> points;         // lhs and sobol
    std::optional<std::uint64_t> samples;      // per point
    std::optional<std::uint64_t> seed;
    std::optional<std::size_t> bootstrap;
    std::vector<Override> overrides;           // --set NAME=VALUE, at every point, after the sweep file's "set"
    bool nominal = false;
    unsigned threads = 1;
    std::optional<std::string> out;
    bool resume = false;
    std::optional<std::pair<std::size_t, std::size_t>> shard;  // --shard I/N
};

// negsim sweep and negsim merge (sweep_command.cpp; docs/sweeps.md).
void sweep(const SweepArguments& arguments, Cluster& cluster);
void merge(const std::vector<std::string>& inputs, const std::string& out);
// --samples and --seed default to the scenario's monte_carlo block (evaluate_command.cpp).
void evaluate(const ScenarioInput& scenario, const std::string& package, std::optional<std::uint64_t> samples, std::optional<std::uint64_t> seed);
// negsim plot DIR (plot_command.cpp; docs/plots.md): the figures and report.html of a run folder, by plots/report.py.
// False, after a one-line note saying how to get them, when Python or matplotlib is missing.
bool plot(const std::string& folder);
// negsim compare RUN_A RUN_B (compare_command.cpp; docs/outputs.md): the paired difference of two runs, printed and
// written to `out` (default out/compare-<B>-vs-<A>).
void compare(const std::string& first, const std::string& second, const std::optional<std::string>& out);

// negsim import FORMAT FILE... --out SCENARIO.json and negsim export FORMAT SCENARIO --out DIR (interop_command.cpp;
// docs/interop.md): nothing is written unless the whole conversion succeeds; the notes (defaults, drops) are printed.
void import_scenario(const std::string& format, const std::vector<std::string>& files, const std::string& out, const interop::ImportOptions& options);
void export_scenario(const std::string& format, const ScenarioInput& scenario, const std::string& out);

// The commands as `negsim COMMAND ARGS...` calls them, each in its <command>_command.cpp beside the body above it calls:
// it reads its own options from the arguments after the command name (--help prints them), calls the body and
// returns the exit code. Bad arguments are thrown (boost::program_options::error), like bad input.
int run_command(const std::vector<std::string>& args, Cluster& cluster);
int validate_command(const std::vector<std::string>& args, Cluster& cluster);
int evaluate_command(const std::vector<std::string>& args, Cluster& cluster);
int solve_command(const std::vector<std::string>& args, Cluster& cluster);
int trace_command(const std::vector<std::string>& args, Cluster& cluster);
int sweep_command(const std::vector<std::string>& args, Cluster& cluster);
int merge_command(const std::vector<std::string>& args, Cluster& cluster);
int import_command(const std::vector<std::string>& args, Cluster& cluster);
int export_command(const std::vector<std::string>& args, Cluster& cluster);
int plot_command(const std::vector<std::string>& args, Cluster& cluster);
int compare_command(const std::vector<std::string>& args, Cluster& cluster);
int bench_command(const std::vector<std::string>& args, Cluster& cluster);

}  // namespace negsim::cli
