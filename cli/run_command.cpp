// negsim run: one scenario under Monte Carlo sampling, or a batch of scenarios (several files, or a folder) with one
// combined summary.csv (docs/outputs.md, "Batches"). Every file and argument is checked before anything is written.
#include "cli/commands.hpp"

#include "analysis/contribution_report.hpp"
#include "analysis/output_files.hpp"
#include "analysis/report.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/sha256.hpp"
#include "analysis/tally.hpp"
#include "analysis/zones.hpp"
#include "cli/cli_options.hpp"
#include "cli/process_run.hpp"
#include "cli/progress.hpp"
#include "cluster/cluster.hpp"
#include "cluster/distributed_run.hpp"
#include "input/input_error.hpp"
#include "input/warnings.hpp"
#include "model/text.hpp"
#include "runner/monte_carlo.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

namespace negsim::cli {

namespace {

namespace fs = std::filesystem;

// The two issues of --zone-map ("a,b"), checked against the scenario before anything is written.
std::optional<std::pair<std::size_t, std::size_t>> zone_map_issues(const Scenario& scenario, const std::optional<std::string>& argument) {
    if (!argument) return std::nullopt;
    std::vector<std::string> ids;
    for (const Issue& issue : scenario.issues) ids.push_back(issue.id);
    const auto comma = argument->find(',');
    const std::string first = argument->substr(0, comma), second = comma == std::string::npos ? "" : argument->substr(comma + 1);
    const auto index = [&](const std::string& id) {
        const auto it = std::find(ids.begin(), ids.end(), id);
        if (it == ids.end()) throw InputError("--zone-map", "", unknown_name("issue", id, ids) + " in scenario " + quote_text(scenario.name));
        return static_cast<std::size_t>(it - ids.begin());
    };
    if (comma == std::string::npos || first == second)
        throw InputError("--zone-map", "", quote_text(*argument) + " is not two different issue ids; expected issue_a,issue_b");
    return std::pair{index(first), index(second)};
}

// One scenario, validated and with its arguments checked, ready to run.
struct Prepared {
    std::string path;
    EffectiveScenario effective;
    std::optional<std::pair<std::size_t, std::size_t>> zone_map;
};

Prepared prepare(const std::string& path, const RunArguments& a) {
    Prepared p{path, load({path, a.overrides, a.nominal, a.one_table}), std::nullopt};
    p.zone_map = zone_map_issues(p.effective.scenario, a.zone_map);
    return p;
}

// The scenario files the arguments name: a file as given; a folder's *.json files in name order.
std::vector<std::string> scenario_files(const std::vector<std::string>& arguments) {
    std::vector<std::string> files;
    for (const std::string& argument : arguments) {
        if (argument.empty()) throw InputError("SCENARIO", "", "an empty name; expected a scenario file or a folder of them");
        std::error_code error;
        if (!fs::is_directory(argument, error)) {
            files.push_back(argument);
            continue;
        }
        std::vector<std::string> found;
        for (const auto& entry : fs::directory_iterator(argument))
            if (entry.path().extension() == ".json" && entry.is_regular_file()) found.push_back(entry.path().string());
        if (found.empty()) throw InputError(argument, "", "is a folder with no *.json scenario file in it");
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

// The inputs whose uncertainty moves agreement most, in the summary (summary.json "input_uncertainty", terminal).
constexpr std::size_t kStrongestInputs = 3;

// The run's time, with the negotiations' rate apart from the zone searches (thread-seconds in the workers, taken out
// of the wall time as if spread over the threads: the rate of negotiating alone, as negsim bench measures it).
void print_timing(const fs::path& directory, double seconds, std::uint64_t samples, double zone, std::uint64_t searched, unsigned threads,
                  int ranks) {
    const double negotiating = std::max(seconds - zone / threads, 1e-9);
    const std::string where = ranks > 1 ? " per rank, " + std::to_string(ranks) + " ranks" : "";
    std::fprintf(stdout, "Results in %s/ (%.2f s: %.0f negotiations/s on %u thread%s%s", directory.string().c_str(), seconds,
                 static_cast<double>(samples) / negotiating, threads, threads == 1 ? "" : "s", where.c_str());
    if (searched > 0) std::fprintf(stdout, ", zone search %.2f thread-s over %llu samples", zone, static_cast<unsigned long long>(searched));
    std::fprintf(stdout, ")\n");
}

double zone_seconds(std::chrono::steady_clock::rep ticks) {
    return std::chrono::duration<double>(std::chrono::steady_clock::duration(ticks)).count();
}

// Runs one prepared scenario into `directory`; returns its summary.csv columns.
// Under mpirun every rank calls it; only rank 0 writes, prints and returns columns.
std::optional<SummaryColumns> run_one(const Prepared& p, const RunArguments& a, const fs::path& directory, Cluster& cluster) {
    const Scenario& scenario = p.effective.scenario;
    RunOptions options;
    options.samples = a.samples.value_or(scenario.monte_carlo.samples);
    options.seed = a.seed.value_or(scenario.monte_carlo.seed);
    options.threads = a.threads;
    if (!cluster.root()) {  // another rank of an MPI job: computes its share of the samples, writes and prints nothing
        run_distributed(cluster, scenario, options, {}, {}, {}, a.zone_samples);
        return std::nullopt;
    }
    const std::vector<std::string> warnings = scenario_warnings(scenario);
    for (const std::string& warning : warnings) std::cerr << "negsim: warning: " << printable_text(p.path) << ": " << warning << '\n';

    OutputFiles files(directory);
    const bool write_samples = a.write_samples.value_or(options.samples < 100000);
    std::ofstream* samples_csv = write_samples ? &files.open("samples.csv") : nullptr;
    if (samples_csv) write_samples_header(*samples_csv, scenario);
    RunTally tally(scenario);
    SensitivityTally sensitivity(scenario, options.seed);
    ZoneTally zones(scenario, options.first_sample, options.chunk, kZopaGrid, a.zone_samples, p.zone_map, a.zone_grid);
    ProgressBar progress;
    const auto start = std::chrono::steady_clock::now();
    // The zone searches' time in the workers (thread-time, summed): reported apart from the negotiations' rate.
    std::atomic<std::chrono::steady_clock::rep> zone_time{0};
    run_distributed(
        cluster, scenario, options,
        [&](std::uint64_t first, std::span<const Outcome> outcomes) {
            tally.add(outcomes);
            sensitivity.add(first, outcomes);
            zones.add(first, outcomes);
            if (samples_csv)
                for (std::size_t i = 0; i < outcomes.size(); ++i) write_sample_row(*samples_csv, scenario, first + i, outcomes[i]);
        },
        [&](std::uint64_t done, std::uint64_t total) {
            progress.update(done, total);
            if (!a.target_ci) return false;
            const Interval ci = tally.agreement_interval();
            return ci.hi - ci.lo < *a.target_ci;
        },
        [&](std::uint64_t sample, const Parameters& parameters) {
            const auto begin = std::chrono::steady_clock::now();
            zones.probe(sample, parameters);
            zone_time += (std::chrono::steady_clock::now() - begin).count();
        },
        a.zone_samples, [&](std::uint64_t done, std::uint64_t total) { progress.update(done, total); });
    progress.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    Summary summary = tally.summarise();
    summary.zone_undecided_searches = zones.undecided();
    summary.input_effects = sensitivity.strongest_inputs(kStrongestInputs);
    Provenance provenance{p.path, sha256_hex(p.effective.text), options.seed, NEGSIM_VERSION, {}, a.nominal, warnings};
    for (const Override& o : a.overrides) provenance.overrides.emplace_back(o.name, o.value);
    files.open("summary.json") << summary_json(scenario, provenance, summary).dump(2) << '\n';
    write_summary_csv(files.open("summary.csv"), scenario, provenance, summary);
    write_histogram_csv(files.open("hist.csv"), scenario, summary);
    if (scenario.contributions.any) {
        write_contributions_csv(files.open("contributions.csv"), scenario, summary);
        write_aggregates_csv(files.open("aggregates.csv"), scenario, summary);
    }
    sensitivity.write_csv(files.open("sensitivity.csv"));
    zones.write_zopa_csv(files.open("zopa.csv"));
    if (zones.has_map()) zones.write_zone_map_csv(files.open("zone_map.csv"));
    if (!write_samples) files.remove_stale("samples.csv");
    if (!zones.has_map()) files.remove_stale("zone_map.csv");
    files.open("scenario.json") << p.effective.text;
    files.commit();

    std::cout << scenario.name << ": " << summary.samples << " samples, seed " << options.seed;
    if (a.target_ci) std::cout << " (stopped at a 95% interval narrower than " << *a.target_ci << " or the cap of " << options.samples << ")";
    std::cout << '\n' << human_summary(scenario, summary);
    print_timing(directory, seconds, summary.samples, zone_seconds(zone_time.load()), std::min<std::uint64_t>(a.zone_samples, summary.samples),
                 options.threads, cluster.size());
    if (a.plots) (void)plot(directory.string());
    return summary_columns(scenario, provenance, summary);
}

void check_out_folder(const fs::path& directory) {
    if (fs::exists(directory) && !fs::is_directory(directory)) throw InputError("--out", "", directory.string() + " exists and is not a folder");
}

}  // namespace

void run(const RunArguments& a, Cluster& cluster) {
    if (a.scenarios.empty()) throw InputError("SCENARIO", "", "missing; usage: negsim run SCENARIO... [OPTIONS]");
    const std::vector<std::string> paths = scenario_files(a.scenarios);
    const bool batch = paths.size() > 1 || std::any_of(a.scenarios.begin(), a.scenarios.end(), [](const std::string& s) {
                           std::error_code error;
                           return fs::is_directory(s, error);
                       });
    if (!batch) {
        const Prepared p = prepare(paths[0], a);
        const Scenario& scenario = p.effective.scenario;
        if (!scenario.stages.list.empty()) {
            const std::uint64_t samples = a.samples.value_or(scenario.monte_carlo.samples);
            if (a.sample) {
                if (!cluster.root()) return;
                if (*a.sample >= samples) throw InputError("--sample", "", std::to_string(*a.sample) + " is not a sample of a run of " + std::to_string(samples) + " samples");
                replay_stages(scenario, a.seed.value_or(scenario.monte_carlo.seed), *a.sample);
                return;
            }
            if (a.zone_map) throw InputError("--zone-map", "", "maps the zone of one table; a scenario in stages writes each stage's files in stages/<id>/ (or give --one-table)");
            const fs::path directory = a.out ? fs::path(*a.out) : fs::path("out") / scenario.name;
            check_out_folder(directory);
            run_stages(p.path, p.effective, a, directory, cluster);
            if (a.plots && cluster.root()) (void)plot(directory.string());
            return;
        }
        if (a.sample) {
            // Replay one sample of a run of `samples`: print its samples.csv row, write nothing (under mpirun, once).
            if (!cluster.root()) return;
            const std::uint64_t samples = a.samples.value_or(scenario.monte_carlo.samples);
            if (*a.sample >= samples)
                throw InputError("--sample", "", std::to_string(*a.sample) + " is not a sample of a run of " + std::to_string(samples) +
                                                     " samples; expected 0 to " + std::to_string(samples - 1) +
                                                     (a.samples ? "" : " (monte_carlo.samples; give --samples N for a larger run)"));
            const Outcome outcome = simulate_sample(scenario, a.seed.value_or(scenario.monte_carlo.seed), *a.sample);
            write_samples_header(std::cout, scenario);
            write_sample_row(std::cout, scenario, *a.sample, outcome);
            return;
        }
        const fs::path directory = a.out ? fs::path(*a.out) : fs::path("out") / scenario.name;
        check_out_folder(directory);
        (void)run_one(p, a, directory, cluster);
        return;
    }

    // A batch: every file validated and every name checked before the first run.
    if (a.sample) throw InputError("--sample", "", "replays one sample of one scenario; give one SCENARIO file, not a batch of " + std::to_string(paths.size()));
    std::vector<Prepared> batch_scenarios;
    std::map<std::string, std::string> names;  // scenario name -> its file
    for (const std::string& path : paths) {
        batch_scenarios.push_back(prepare(path, a));
        if (!batch_scenarios.back().effective.scenario.stages.list.empty())
            throw InputError(path, "/stages", "is a scenario in stages; a batch runs scenarios of one table (run it alone, or give --one-table)");
        const std::string& name = batch_scenarios.back().effective.scenario.name;
        if (name == "summary.csv") throw InputError(path, "/name", "\"summary.csv\" names the batch's combined file; rename the scenario");
        const auto [it, fresh] = names.emplace(name, path);
        if (!fresh)
            throw InputError(path, "/name", quote_text(name) + " is also the name of " + printable_text(it->second, kEchoChars) +
                                                "; the scenarios of a batch need different names (each names its output folder)");
    }
    const fs::path out = a.out ? fs::path(*a.out) : fs::path("out");
    check_out_folder(out);
    for (const Prepared& p : batch_scenarios) check_out_folder(out / p.effective.scenario.name);
    std::vector<SummaryColumns> rows;
    for (const Prepared& p : batch_scenarios)
        if (auto columns = run_one(p, a, out / p.effective.scenario.name, cluster)) rows.push_back(std::move(*columns));
    if (!cluster.root()) return;
    OutputFiles files(out);
    write_batch_summary_csv(files.open("summary.csv"), rows);
    files.commit();
    std::printf("Batch of %zu scenarios: one row each in %s\n", rows.size(), (out / "summary.csv").string().c_str());
}

namespace {

po::options_description run_options() {
    po::options_description options("negsim run SCENARIO... [OPTIONS]\n\nNegotiate SCENARIO under Monte Carlo sampling and write to the "
                                     "output folder (docs/outputs.md): summary.json, summary.csv, hist.csv, sensitivity.csv, zopa.csv, "
                                     "scenario.json (the scenario as run), samples.csv (below 100000 samples, or as --write-samples says) "
                                     "and, with --zone-map, zone_map.csv. Several scenarios (files, or folders of *.json files) are a "
                                     "batch: each one's results in OUT/<name>/ and one row per scenario in OUT/summary.csv (OUT: --out, "
                                     "default out).\n\nOptions");
    options.add_options()
        ("help", "this text")
        ("samples", po::value<std::string>(), "number of samples, 1 to 2^40 (default: the scenario's monte_carlo.samples)")
        ("seed", po::value<std::string>(), "random seed, 0 to 2^64-1 (default: the scenario's monte_carlo.seed)")
        ("threads", po::value<std::string>()->default_value(default_threads()), "worker threads, 1 to 256; results do not depend on it")
        ("out", po::value<std::string>(), "output folder (default: out/<scenario name>; a batch: out)")
        ("sample", po::value<std::string>(), "replay this one sample of the run (below --samples): print its samples.csv row and write nothing")
        ("write-samples", po::value<std::string>()->implicit_value("yes"), "write samples.csv: yes or no (default: yes below 100000 samples)")
        ("zone-samples", po::value<std::string>()->default_value(std::to_string(kZoneSamples)), "samples searched for zopa.csv and zone_map.csv (the costly part), 0 to 10^9")
        ("zone-map", po::value<std::string>(), "two issue ids, a,b: also write zone_map.csv over them")
        ("grid", po::value<std::string>()->default_value("20"), "zone map cells per continuous issue, 2 to 200")
        ("target-ci", po::value<std::string>(), "sample in chunks of 4096 until the agreement probability's 95% interval is narrower than this width; --samples is the cap")
        ("plots", po::bool_switch(), "then draw the figures and report.html into the output folder, as negsim plot does");
    add_scenario_options(options);
    return options;
}

// --target-ci: a width strictly between 0 and 1.
std::optional<double> target_ci_argument(const po::variables_map& vm) {
    if (!vm.count("target-ci")) return std::nullopt;
    const std::string text = vm["target-ci"].as<std::string>();
    double width = 0.0;
    if (!parse_number(text, width) || !(width > 0.0 && width < 1.0))
        throw po::error("--target-ci " + quote_text(text) + " is not valid; expected a width between 0 and 1, e.g. 0.01");
    return width;
}

std::optional<bool> write_samples_argument(const po::variables_map& vm) {
    if (!vm.count("write-samples")) return std::nullopt;
    const std::string w = vm["write-samples"].as<std::string>();
    if (w != "yes" && w != "no") throw po::error("--write-samples " + quote_text(w) + " is not valid; expected yes or no");
    return w == "yes";
}

RunArguments run_arguments(const po::variables_map& vm) {
    RunArguments a;
    if (!vm.count("scenario")) throw po::error("missing SCENARIO; usage: negsim run SCENARIO... [OPTIONS]");
    a.scenarios = vm["scenario"].as<std::vector<std::string>>();
    a.overrides = overrides_argument(vm);
    a.nominal = vm["nominal"].as<bool>();
    a.samples = optional_count(vm, "samples", 1, std::uint64_t{1} << 40);
    a.seed = seed_argument(vm);
    if (vm.count("out")) a.out = path_argument(vm, "out");
    a.sample = optional_count(vm, "sample", 0, ~std::uint64_t{0});
    a.threads = threads_argument(vm);
    a.zone_samples = count(vm, "zone-samples", 0, 1000000000);
    if (vm.count("zone-map")) a.zone_map = vm["zone-map"].as<std::string>();
    a.zone_grid = static_cast<std::size_t>(count(vm, "grid", 2, 200));
    a.target_ci = target_ci_argument(vm);
    a.write_samples = write_samples_argument(vm);
    if (a.sample && a.out) throw po::error("--sample replays one sample and writes nothing; it does not combine with --out");
    a.plots = vm["plots"].as<bool>();  // with --sample: nothing is written, so nothing is drawn
    a.one_table = vm["one-table"].as<bool>();
    return a;
}

}  // namespace

int run_command(const std::vector<std::string>& args, Cluster& cluster) {
    const po::options_description options = run_options();
    const auto vm = parse(args, options, true);
    if (shows_help(vm, options)) return 0;
    run(run_arguments(vm), cluster);
    return 0;
}

}  // namespace negsim::cli
