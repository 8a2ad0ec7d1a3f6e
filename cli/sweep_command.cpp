// negsim sweep and negsim merge: what-if sweeps from the command line (docs/sweeps.md).
#include "cli/commands.hpp"

#include "cli/cli_options.hpp"
#include "cli/progress.hpp"
#include "input/input_error.hpp"
#include "input/scenario_loader.hpp"
#include "input/variant.hpp"
#include "model/text.hpp"
#include "analysis/sweep/sweep_file.hpp"
#include "analysis/sweep/sweep_job.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace negsim::cli {

namespace {

const char* design_label(DesignKind kind) {
    switch (kind) {
        case DesignKind::grid: return "grid";
        case DesignKind::lhs: return "Latin hypercube";
        case DesignKind::sobol: return "Sobol (Saltelli) design";
    }
    return "";
}

// A few lines for the terminal: each point's values and agreement probability (the first 20 points).
void print_points(const SweepPlan& plan, const std::vector<double>& agreement) {
    const std::size_t shown = std::min<std::size_t>(plan.points().size(), 20);
    std::printf("%6s", "point");
    for (const Factor& f : plan.definition().design.factors) std::printf(" %24.24s", f.name.c_str());
    std::printf(" %10s\n", "agreement");
    for (std::size_t p = 0; p < shown; ++p) {
        std::printf("%6zu", p);
        for (const std::string& v : plan.points()[p].values) std::printf(" %24.24s", printable_text(v, 24).c_str());
        std::printf(" %9.1f%%\n", 100.0 * agreement[p]);
    }
    if (shown < plan.points().size()) std::printf("... %zu points in all (sweep.csv)\n", plan.points().size());
}

}  // namespace

void sweep(const SweepArguments& a, Cluster& cluster) {
    const ScenarioSource source = read_scenario_source(a.scenario);
    SweepDefinition d;
    d.scenario_file = a.scenario;
    d.scenario_text = source.text;
    std::string where = "--vary";
    std::optional<SweepFile> file;
    if (a.sweep_file) {
        file = read_sweep_file(*a.sweep_file);
        where = *a.sweep_file;
        d.design = file->design;
        d.overrides = file->overrides;
        d.nominal = file->nominal;
    } else {
        d.design.kind = a.design;
        if (a.vary.empty()) throw InputError("negsim sweep", "", "nothing to vary; give --vary NAME=LO:HI:N (or NAME=LO:HI with --design lhs|sobol) or --sweep FILE");
        for (const std::string& v : a.vary) d.design.factors.push_back(parse_vary(v, a.design));
        if (a.design != DesignKind::grid) {
            if (!a.points) throw InputError("--points", "", "missing; an lhs or sobol design needs --points K");
            d.design.points = *a.points;
        } else if (a.points) {
            throw InputError("--points", "", "is for --design lhs or sobol; a grid has N values per --vary NAME=LO:HI:N");
        }
    }
    d.overrides.insert(d.overrides.end(), a.overrides.begin(), a.overrides.end());
    d.nominal = d.nominal || a.nominal;
    // The scenario as every point starts from it: the shape (issues, agents) and the defaults below come from it.
    const EffectiveScenario base = apply_overrides(source.text, source.file, d.overrides, d.nominal);
    check_factors(base.scenario, d.nominal, d.design.factors, where);
    d.samples = a.samples ? *a.samples : file && file->samples ? *file->samples : base.scenario.monte_carlo.samples;
    d.design.seed = a.seed ? *a.seed : file && file->seed ? *file->seed : base.scenario.monte_carlo.seed;
    if (a.bootstrap) d.bootstrap = *a.bootstrap;
    else if (file && file->bootstrap) d.bootstrap = *file->bootstrap;
    const SweepPlan plan(std::move(d));

    SweepJob job;
    job.out = a.out ? std::filesystem::path(*a.out) : std::filesystem::path("out") / base.scenario.name / "sweep";
    if (std::filesystem::exists(job.out) && !std::filesystem::is_directory(job.out)) throw InputError("--out", "", job.out.string() + " exists and is not a folder");
    job.resume = a.resume;
    job.threads = a.threads;
    if (a.shard) {
        if (cluster.size() > 1) throw InputError("--shard", "", "splits a sweep between separate jobs; under mpirun the ranks share the points already");
        job.shard = a.shard->first;
        job.shards = a.shard->second;
    }

    ProgressBar bar;
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t first_done = 0;
    bool first_seen = false;
    const SweepJobResult result = run_sweep_job(plan, job, cluster, [&](const SweepProgress& p) {
        if (!first_seen) first_done = p.samples_done, first_seen = true;  // resumed points are not this run's speed
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        char note[96];
        std::snprintf(note, sizeof note, "points %zu/%zu  %.0f negotiations/s", p.points_done, p.points_total,
                      seconds > 0.0 ? static_cast<double>(p.samples_done - first_done) / seconds : 0.0);
        bar.update(p.samples_done, p.samples_total, note);
    });
    bar.finish();
    if (cluster.rank() != 0) return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::uint64_t run = (result.points - result.resumed) * plan.definition().samples;
    std::printf("%s: %s of %zu points, %llu samples per point, seed %llu (common random numbers)\n", plan.base().name.c_str(),
                design_label(plan.definition().design.kind), plan.points().size(),
                static_cast<unsigned long long>(plan.definition().samples), static_cast<unsigned long long>(plan.definition().design.seed));
    if (result.resumed > 0) std::printf("Resumed: %zu of %zu points were done already\n", result.resumed, result.points);
    if (result.complete) {
        print_points(plan, result.agreement);
        for (const std::string& w : result.warnings) std::fprintf(stderr, "negsim: warning: %s\n", w.c_str());
        std::printf("Results in %s/ (%.2f s, %.0f negotiations/s on %d process%s x %u thread%s)\n", job.out.string().c_str(), seconds,
                    seconds > 0.0 ? static_cast<double>(run) / seconds : 0.0, cluster.size(), cluster.size() == 1 ? "" : "es", job.threads,
                    job.threads == 1 ? "" : "s");
    } else {
        // The hint names every shard's journal: a job array may give each shard a folder of its own.
        const std::string out = job.out.string();
        const std::size_t last = job.shards - 1;
        std::printf("Shard %zu of %zu done: %zu points in %s (%.2f s)\n"
                    "When all %zu shards are done (journals shard-0-of-%zu.journal to shard-%zu-of-%zu.journal): negsim merge %s --out %s "
                    "if every shard wrote to %s, else negsim merge FOLDER_0 ... FOLDER_%zu --out %s naming each shard's folder\n",
                    job.shard, job.shards, result.points, result.journal.string().c_str(), seconds, job.shards, job.shards, last, job.shards,
                    out.c_str(), out.c_str(), out.c_str(), last, out.c_str());
    }
}

void merge(const std::vector<std::string>& inputs, const std::string& out) {
    std::vector<std::filesystem::path> paths(inputs.begin(), inputs.end());
    std::vector<std::string> warnings;
    const std::size_t points = merge_sweep(paths, out, &warnings);
    for (const std::string& w : warnings) std::fprintf(stderr, "negsim: warning: %s\n", w.c_str());
    std::printf("Merged %zu points into %s/\n", points, out.c_str());
}

namespace {

po::options_description sweep_options() {
    po::options_description options("negsim sweep SCENARIO --vary NAME=LO:HI:N [--vary ...] [OPTIONS]\n\nRun SCENARIO once per point of a "
                                    "design over its parameters, every point with the same seed (common random numbers), and write "
                                    "sweep.csv (one row per point), differences.csv (grid), sobol.csv (sobol), sweep.json and "
                                    "scenario.json (docs/sweeps.md).\n\nOptions");
    options.add_options()
        ("help", "this text")
        ("vary", po::value<std::vector<std::string>>()->composing(), "NAME=LO:HI:N (grid), NAME=LO:HI (lhs, sobol) or NAME=A,B,C; repeatable")
        ("sweep", po::value<std::string>(), "a sweep file (JSON, scenarios/sweeps/schema.json) instead of --vary, --design and --points")
        ("design", po::value<std::string>()->default_value("grid"), "grid, lhs (Latin hypercube) or sobol (Saltelli design, writes sobol.csv)")
        ("points", po::value<std::string>(), "lhs: the number of points; sobol: the number of base points N (N x (factors + 2) runs)")
        ("samples", po::value<std::string>(), "samples per point, 1 to 2^40 (default: the scenario's monte_carlo.samples)")
        ("seed", po::value<std::string>(), "the seed of every point and of the design (default: the scenario's monte_carlo.seed)")
        ("bootstrap", po::value<std::string>(), "bootstrap resamples for sobol.csv intervals, 100 to 100000 (default 1000)")
        ("threads", po::value<std::string>()->default_value(default_threads()), "worker threads per process, 1 to 256; results do not depend on it")
        ("out", po::value<std::string>(), "output folder (default: out/<scenario name>/sweep)")
        ("resume", po::bool_switch(), "complete the interrupted sweep in the output folder (its journal); the same files as an uninterrupted run")
        ("shard", po::value<std::string>(), "I/N: run share I (0 to N-1) of the points, for job arrays; join the shards with negsim merge");
    add_scenario_options(options);
    return options;
}

DesignKind design_argument(const po::variables_map& vm) {
    const std::string design = vm["design"].as<std::string>();
    if (design == "grid") return DesignKind::grid;
    if (design == "lhs") return DesignKind::lhs;
    if (design == "sobol") return DesignKind::sobol;
    throw po::error("--design " + quote_text(design) + " is not valid; expected grid, lhs or sobol");
}

// --shard I/N: share I of N.
std::optional<std::pair<std::size_t, std::size_t>> shard_argument(const po::variables_map& vm) {
    if (!vm.count("shard")) return std::nullopt;
    const std::string text = vm["shard"].as<std::string>();
    const auto slash = text.find('/');
    if (slash == std::string::npos) throw po::error("--shard " + quote_text(text) + " is not valid; expected I/N with 0 <= I < N, e.g. 3/16");
    const auto n = static_cast<std::size_t>(whole_number(text.substr(slash + 1), "--shard N", 1, 100000));
    return std::pair{static_cast<std::size_t>(whole_number(text.substr(0, slash), "--shard I", 0, n - 1)), n};
}

SweepArguments sweep_arguments(const po::variables_map& vm) {
    SweepArguments a;
    a.scenario = scenario_argument(vm, "sweep");
    if (vm.count("vary")) a.vary = vm["vary"].as<std::vector<std::string>>();
    if (vm.count("sweep")) a.sweep_file = path_argument(vm, "sweep");
    a.design = design_argument(vm);
    if (a.sweep_file && (vm.count("vary") || !vm["design"].defaulted() || vm.count("points")))
        throw po::error("--sweep gives the design; it does not combine with --vary, --design or --points");
    if (const auto points = optional_count(vm, "points", 2, 1000000)) a.points = static_cast<std::size_t>(*points);
    a.samples = optional_count(vm, "samples", 1, std::uint64_t{1} << 40);
    a.seed = seed_argument(vm);
    if (const auto bootstrap = optional_count(vm, "bootstrap", 100, 100000)) a.bootstrap = static_cast<std::size_t>(*bootstrap);
    a.threads = threads_argument(vm);
    if (vm.count("out")) a.out = path_argument(vm, "out");
    a.resume = vm["resume"].as<bool>();
    a.shard = shard_argument(vm);
    a.overrides = overrides_argument(vm);
    a.nominal = vm["nominal"].as<bool>();
    return a;
}

}  // namespace

int sweep_command(const std::vector<std::string>& args, Cluster& cluster) {
    const po::options_description options = sweep_options();
    const auto vm = parse(args, options);
    if (shows_help(vm, options)) return 0;
    sweep(sweep_arguments(vm), cluster);
    return 0;
}

int merge_command(const std::vector<std::string>& args, Cluster&) {
    po::options_description options("negsim merge DIR_OR_JOURNAL... --out DIR\n\nJoin the journals of a sweep's shards (negsim sweep --shard "
                                    "I/N; a folder stands for its *.journal files) into the sweep's final files, the same bytes as one "
                                    "uninterrupted run.\n\nOptions");
    options.add_options()
        ("help", "this text")
        ("out", po::value<std::string>(), "the output folder (required)");
    const auto vm = parse(args, options, true);
    if (shows_help(vm, options)) return 0;
    if (!vm.count("scenario")) throw po::error("missing DIR_OR_JOURNAL; usage: negsim merge DIR_OR_JOURNAL... --out DIR");
    if (!vm.count("out")) throw po::error("missing --out DIR");
    merge(vm["scenario"].as<std::vector<std::string>>(), path_argument(vm, "out"));
    return 0;
}

}  // namespace negsim::cli
