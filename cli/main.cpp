// negsim's command line: picks the subcommand, which parses its own options, and alone decides the exit code: 0
// success, 2 bad input (scenario file, arguments), 1 any other failure (I/O, internal error).
#include "cli/commands.hpp"

#include "cluster/cluster.hpp"

#include "input/input_error.hpp"
#include "model/text.hpp"

#include <boost/program_options.hpp>

#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "negsim " NEGSIM_VERSION " - Monte Carlo negotiation scenario simulator\n\n"
    "Usage: negsim COMMAND [OPTIONS]\n\n"
    "Commands:\n"
    "  run SCENARIO...    negotiate the scenario under Monte Carlo sampling; write results (several: a batch)\n"
    "  validate SCENARIO  check a scenario file and print a digest of it\n"
    "  evaluate SCENARIO  utilities of every agent for one package (--package)\n"
    "  solve SCENARIO     cooperative solutions and the Pareto frontier (nominal parameters)\n"
    "  trace SCENARIO     one negotiation, round by round, as CSV (--sample, --out)\n"
    "  sweep SCENARIO     one run per point of a design over parameters (--vary, --sweep); sweep.csv\n"
    "  merge DIR...       join the journals of a sweep's shards into its final files (--out)\n"
    "  import FORMAT FILE...  a scenario from GENIUS, GeniusWeb, KTAB, expected-utility or decide files (--out)\n"
    "  export FORMAT SCENARIO the scenario in one of those formats (--out DIR)\n"
    "  plot DIR           the figures (PNG) and report.html of a run folder, drawn by plots/ (Python 3, matplotlib)\n"
    "  compare RUN_A RUN_B  the paired difference of two runs of the same seed and samples (--out)\n"
    "  bench [SCENARIO]   negotiations per second, 1 and all threads, on SCENARIO and a generated case, or\n"
    "                     with --case AxIxT on the reference loop's case (docs/performance.md)\n\n"
    "Options:\n"
    "  --set NAME=VALUE   (run, validate, evaluate, solve, trace, sweep) change one value of the scenario; --nominal: no uncertainty\n"
    "  --help             this text (or: negsim COMMAND --help)\n"
    "  --version          print the version\n";

// Every command, in the order the usage text and the unknown-command message name them; each reads its own options
// (its <command>_command.cpp).
struct Subcommand {
    const char* name;
    int (*run)(const std::vector<std::string>& args, negsim::Cluster& cluster);
};

constexpr Subcommand kCommands[] = {
    {"run", negsim::cli::run_command},
    {"validate", negsim::cli::validate_command},
    {"evaluate", negsim::cli::evaluate_command},
    {"solve", negsim::cli::solve_command},
    {"trace", negsim::cli::trace_command},
    {"sweep", negsim::cli::sweep_command},
    {"merge", negsim::cli::merge_command},
    {"import", negsim::cli::import_command},
    {"export", negsim::cli::export_command},
    {"plot", negsim::cli::plot_command},
    {"compare", negsim::cli::compare_command},
    {"bench", negsim::cli::bench_command},
};

int dispatch(negsim::Cluster& cluster, const std::string& command, const std::vector<std::string>& args) {
    std::string names;
    for (std::size_t i = 0; i < std::size(kCommands); ++i) {
        if (command == kCommands[i].name) return kCommands[i].run(args, cluster);
        names += (i == 0 ? "" : i + 1 == std::size(kCommands) ? " or " : ", ") + std::string(kCommands[i].name);
    }
    throw po::error("unknown command " + negsim::quote_text(command) + "; expected " + names + " (see negsim --help)");
}

// Under mpirun every rank runs the same command on the same input: bad input is found by all of them alike, before
// any message, and reported once (by rank 0); any other failure on one rank ends the whole job, since the others
// would wait for it forever.
int command_line(negsim::Cluster& cluster, const std::vector<std::string>& words) {
    try {
        if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
            std::cout << kUsage;
            return words.empty() ? 2 : 0;
        }
        if (words[0] == "--version") {
            std::cout << "negsim " NEGSIM_VERSION "\n";
            return 0;
        }
        return dispatch(cluster, words[0], std::vector<std::string>(words.begin() + 1, words.end()));
    } catch (const negsim::InputError& e) {
        if (cluster.root()) std::cerr << "negsim: error: " << e.what() << '\n';
        return 2;
    } catch (const po::error& e) {
        // Boost's messages quote the user's words as they are: one line of printable text like every other message.
        if (cluster.root()) std::cerr << "negsim: error: " << negsim::printable_text(e.what(), negsim::kMessageChars) << '\n';
        return 2;
    } catch (const std::exception& e) {
        const std::string message = negsim::printable_text(e.what(), negsim::kMessageChars);
        if (cluster.size() > 1)
            cluster.abort(1, "negsim: failed on rank " + std::to_string(cluster.rank()) + " of " + std::to_string(cluster.size()) + ": " + message);
        std::cerr << "negsim: failed: " << message << '\n';
        return 1;
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> words(argv + 1, argv + argc);
    try {
        negsim::Cluster cluster;  // joins the MPI job if mpirun (or srun) started this process
        return command_line(cluster, words);
    } catch (const std::exception& e) {  // MPI failed to start or to stop
        std::cerr << "negsim: failed: " << negsim::printable_text(e.what(), negsim::kMessageChars) << '\n';
        return 1;
    }
}
