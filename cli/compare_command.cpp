// negsim compare RUN_A RUN_B: the paired difference of two runs of the same seed and samples (analysis/compare.hpp).
#include "cli/cli_options.hpp"
#include "cli/commands.hpp"

#include "analysis/compare.hpp"

#include <filesystem>
#include <iostream>

namespace negsim::cli {

void compare(const std::string& first, const std::string& second, const std::optional<std::string>& out_option) {
    const RunSamples a = read_run_samples(first);
    const RunSamples b = read_run_samples(second);
    const Comparison c = compare_runs(a, b);
    // Default: beside the runs' usual folder, named after both, so that comparing other pairs keeps each result.
    const auto name = [](const std::string& folder) { return std::filesystem::path(folder).lexically_normal().filename().string(); };
    const std::string out = out_option.value_or("out/compare-" + name(second) + "-vs-" + name(first));
    write_comparison(c, out);
    std::cout << comparison_text(c) << "Wrote differences.csv and comparison.json to " << out << '\n';
}

int compare_command(const std::vector<std::string>& args, Cluster&) {
    po::options_description options("negsim compare RUN_A RUN_B [--out DIR]\n\nThe paired difference of two run folders of the same seed and "
                                    "samples (each with samples.csv): deals gained and lost, the change in agreement with its paired 95% "
                                    "interval, and per issue the shift of the agreed values from RUN_A to RUN_B (docs/outputs.md).\n\nOptions");
    options.add_options()
        ("help", "this text")
        ("out", po::value<std::string>(), "the output folder (default: out/compare-<RUN_B>-vs-<RUN_A>)");
    const auto vm = parse(args, options, true);
    if (shows_help(vm, options)) return 0;
    const std::vector<std::string> runs = vm.count("scenario") ? vm["scenario"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (runs.size() != 2) throw po::error("expected two run folders; usage: negsim compare RUN_A RUN_B [--out DIR]");
    compare(runs[0], runs[1], vm.count("out") ? std::optional<std::string>(path_argument(vm, "out")) : std::nullopt);
    return 0;
}

}  // namespace negsim::cli
