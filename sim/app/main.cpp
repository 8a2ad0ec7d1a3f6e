// negsim's command line: parses arguments with Boost.Program_options, calls one subcommand and alone decides the
// exit code: 0 success, 2 bad input (scenario file, arguments), 1 any other failure (I/O, internal error).
#include "app/commands.hpp"

#include "cluster/cluster.hpp"

#include "input/input_error.hpp"
#include "model/capacity.hpp"
#include "model/text.hpp"

#include <boost/program_options.hpp>

#include <charconv>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
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
    "  bench [SCENARIO]   negotiations per second, 1 and all threads, on SCENARIO and a generated case, or\n"
    "                     with --case AxIxT on the reference loop's case (docs/performance.md)\n\n"
    "Options:\n"
    "  --set NAME=VALUE   (run, validate, evaluate, solve, trace, sweep) change one value of the scenario; --nominal: no uncertainty\n"
    "  --help             this text (or: negsim COMMAND --help)\n"
    "  --version          print the version\n";

// Parses the arguments after the command name; SCENARIO is the one positional argument (run: any number of them).
po::variables_map parse(const std::vector<std::string>& args, const po::options_description& options, bool many = false) {
    po::options_description all;
    if (many) all.add(options).add_options()("scenario", po::value<std::vector<std::string>>(), "scenario files and folders");
    else all.add(options).add_options()("scenario", po::value<std::string>(), "scenario file");
    po::positional_options_description positional;
    positional.add("scenario", many ? -1 : 1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
    return vm;
}

// Prints the command's options if --help was given.
bool shows_help(const po::variables_map& vm, const po::options_description& options) {
    if (vm.count("help")) std::cout << options << '\n';
    return vm.count("help") > 0;
}

// A whole non-negative integer in [lo, hi]: no sign, spaces, hex or fraction (Boost would wrap "-1" to 2^64 - 1).
// `what` names the value in the message ("--samples").
std::uint64_t whole_number(const std::string& text, const std::string& what, std::uint64_t lo, std::uint64_t hi) {
    std::uint64_t value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || result.ec != std::errc() || result.ptr != text.data() + text.size() || value < lo || value > hi)
        throw po::error(what + " " + negsim::quote_text(text) + " is not valid; expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    return value;
}

std::uint64_t count(const po::variables_map& vm, const std::string& name, std::uint64_t lo, std::uint64_t hi) {
    return whole_number(vm[name].as<std::string>(), "--" + name, lo, hi);
}

// --case AxIxT of `negsim bench`: agents 2 to kMaxAgents, issues 1 to kMaxIssues, rounds 1 to 10^6.
negsim::cli::BenchCase bench_case(const std::string& text) {
    const std::size_t first = text.find('x'), second = first == std::string::npos ? first : text.find('x', first + 1);
    if (second == std::string::npos) throw po::error("--case " + negsim::quote_text(text) + " is not valid; expected AxIxT, e.g. 4x5x100");
    negsim::cli::BenchCase c;
    c.agents = whole_number(text.substr(0, first), "--case agents", 2, negsim::kMaxAgents);
    c.issues = whole_number(text.substr(first + 1, second - first - 1), "--case issues", 1, negsim::kMaxIssues);
    c.rounds = static_cast<int>(whole_number(text.substr(second + 1), "--case rounds", 1, 1000000));
    return c;
}

// A file or folder name given with `name`; an empty one is a usage error (it would name the working directory).
std::string path_argument(const po::variables_map& vm, const std::string& name) {
    const std::string text = vm[name].as<std::string>();
    if (text.empty()) throw po::error("--" + name + " is empty; expected a file or folder name");
    return text;
}

std::string scenario_argument(const po::variables_map& vm, const std::string& command) {
    if (!vm.count("scenario")) throw po::error("missing SCENARIO; usage: negsim " + command + " SCENARIO [OPTIONS]");
    return vm["scenario"].as<std::string>();
}

// --set NAME=VALUE (repeatable) and --nominal, for every command that reads a scenario (docs/sweeps.md, "Overrides").
void add_scenario_options(po::options_description& options) {
    options.add_options()
        ("set", po::value<std::vector<std::string>>()->composing(), "NAME=VALUE: change one value of the scenario (repeatable, applied in order; names in docs/sweeps.md)")
        ("nominal", po::bool_switch(), "run without the scenario's uncertainty block (monte_carlo.uncertainty)");
}

std::vector<negsim::Override> overrides_argument(const po::variables_map& vm) {
    std::vector<negsim::Override> overrides;
    if (vm.count("set"))
        for (const std::string& argument : vm["set"].as<std::vector<std::string>>()) overrides.push_back(negsim::parse_override(argument));
    return overrides;
}

negsim::cli::ScenarioInput scenario_input(const po::variables_map& vm, const std::string& command) {
    return {scenario_argument(vm, command), overrides_argument(vm), vm["nominal"].as<bool>()};
}

int dispatch(negsim::Cluster& cluster, const std::string& command, const std::vector<std::string>& args) {
    if (command == "run") {
        po::options_description options("negsim run SCENARIO... [OPTIONS]\n\nNegotiate SCENARIO under Monte Carlo sampling and write to the "
                                         "output folder (docs/outputs.md): summary.json, summary.csv, hist.csv, sensitivity.csv, zopa.csv, "
                                         "scenario.json (the scenario as run), samples.csv (below 100000 samples, or as --write-samples says) "
                                         "and, with --zone-map, zone_map.csv. Several scenarios (files, or folders of *.json files) are a "
                                         "batch: each one's results in OUT/<name>/ and one row per scenario in OUT/summary.csv (OUT: --out, "
                                         "default out).\n\nOptions");
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        options.add_options()
            ("help", "this text")
            ("samples", po::value<std::string>(), "number of samples, 1 to 2^40 (default: the scenario's monte_carlo.samples)")
            ("seed", po::value<std::string>(), "random seed, 0 to 2^64-1 (default: the scenario's monte_carlo.seed)")
            ("threads", po::value<std::string>()->default_value(std::to_string(cores)), "worker threads, 1 to 256; results do not depend on it")
            ("out", po::value<std::string>(), "output folder (default: out/<scenario name>; a batch: out)")
            ("sample", po::value<std::string>(), "replay this one sample of the run (below --samples): print its samples.csv row and write nothing")
            ("write-samples", po::value<std::string>()->implicit_value("yes"), "write samples.csv: yes or no (default: yes below 100000 samples)")
            ("zone-samples", po::value<std::string>()->default_value("1000"), "samples searched for zopa.csv and zone_map.csv (the costly part), 0 to 10^9")
            ("zone-map", po::value<std::string>(), "two issue ids, a,b: also write zone_map.csv over them")
            ("grid", po::value<std::string>()->default_value("20"), "zone map cells per continuous issue, 2 to 200")
            ("target-ci", po::value<std::string>(), "sample in chunks of 4096 until the agreement probability's 95% interval is narrower than this width; --samples is the cap")
            ("plots", po::bool_switch(), "then draw the figures and report.html into the output folder, as negsim plot does");
        add_scenario_options(options);
        const auto vm = parse(args, options, true);
        if (shows_help(vm, options)) return 0;
        negsim::cli::RunArguments a;
        if (!vm.count("scenario")) throw po::error("missing SCENARIO; usage: negsim run SCENARIO... [OPTIONS]");
        a.scenarios = vm["scenario"].as<std::vector<std::string>>();
        a.overrides = overrides_argument(vm);
        a.nominal = vm["nominal"].as<bool>();
        if (vm.count("samples")) a.samples = count(vm, "samples", 1, std::uint64_t{1} << 40);
        if (vm.count("seed")) a.seed = count(vm, "seed", 0, ~std::uint64_t{0});
        if (vm.count("out")) a.out = path_argument(vm, "out");
        if (vm.count("sample")) a.sample = count(vm, "sample", 0, ~std::uint64_t{0});
        a.threads = static_cast<unsigned>(count(vm, "threads", 1, 256));
        a.zone_samples = count(vm, "zone-samples", 0, 1000000000);
        if (vm.count("zone-map")) a.zone_map = vm["zone-map"].as<std::string>();
        a.zone_grid = static_cast<std::size_t>(count(vm, "grid", 2, 200));
        if (vm.count("target-ci")) {
            double width = 0.0;
            if (!negsim::parse_number(vm["target-ci"].as<std::string>(), width) || !(width > 0.0 && width < 1.0))
                throw po::error("--target-ci " + negsim::quote_text(vm["target-ci"].as<std::string>()) + " is not valid; expected a width between 0 and 1, e.g. 0.01");
            a.target_ci = width;
        }
        if (vm.count("write-samples")) {
            const std::string w = vm["write-samples"].as<std::string>();
            if (w != "yes" && w != "no") throw po::error("--write-samples " + negsim::quote_text(w) + " is not valid; expected yes or no");
            a.write_samples = w == "yes";
        }
        if (a.sample && a.out) throw po::error("--sample replays one sample and writes nothing; it does not combine with --out");
        a.plots = vm["plots"].as<bool>();  // with --sample: nothing is written, so nothing is drawn
        negsim::cli::run(a, cluster);
        return 0;
    }
    if (command == "validate") {
        po::options_description options("negsim validate SCENARIO\n\nCheck SCENARIO and print a digest of it; exit code 2 and a "
                                        "message naming the place of the first error if it is invalid.\n\nOptions");
        options.add_options()("help", "this text");
        add_scenario_options(options);
        const auto vm = parse(args, options);
        if (shows_help(vm, options)) return 0;
        negsim::cli::validate(scenario_input(vm, command));
        return 0;
    }
    if (command == "evaluate") {
        po::options_description options("negsim evaluate SCENARIO --package ISSUE=VALUE,...\n\nPrint every agent's utility (nominal "
                                        "parameters) for one package and whether each agent the decision rule requires would accept "
                                        "it at its reservation value; then, across the scenario's uncertainty, the probability that each "
                                        "agent would accept it and that the decision rule would be met.\n\nOptions");
        options.add_options()
            ("help", "this text")
            ("package", po::value<std::string>(), "the package: issue=value for every issue, comma-separated; option names for discrete issues")
            ("samples", po::value<std::string>(), "samples of the uncertainty, 1 to 10^9 (default: the scenario's monte_carlo.samples)")
            ("seed", po::value<std::string>(), "random seed (default: the scenario's monte_carlo.seed)");
        add_scenario_options(options);
        const auto vm = parse(args, options);
        if (shows_help(vm, options)) return 0;
        if (!vm.count("package")) throw po::error("missing --package ISSUE=VALUE,...");
        std::optional<std::uint64_t> samples, seed;
        if (vm.count("samples")) samples = count(vm, "samples", 1, 1000000000);
        if (vm.count("seed")) seed = count(vm, "seed", 0, ~std::uint64_t{0});
        negsim::cli::evaluate(scenario_input(vm, command), vm["package"].as<std::string>(), samples, seed);
        return 0;
    }
    if (command == "trace") {
        po::options_description options("negsim trace SCENARIO [--sample K] [--seed S] [--out FILE]\n\nReplay one sample's negotiation and "
                                        "write one row per round and agent: the offer, the agent's utility, aspiration, threshold and "
                                        "answer.\n\nOptions");
        options.add_options()
            ("help", "this text")
            ("sample", po::value<std::string>()->default_value("0"), "the sample to replay")
            ("seed", po::value<std::string>(), "random seed (default: the scenario's monte_carlo.seed)")
            ("out", po::value<std::string>()->default_value("trace.csv"), "the CSV file to write");
        add_scenario_options(options);
        const auto vm = parse(args, options);
        if (shows_help(vm, options)) return 0;
        std::optional<std::uint64_t> seed;
        if (vm.count("seed")) seed = count(vm, "seed", 0, ~std::uint64_t{0});
        negsim::cli::trace(scenario_input(vm, command), seed, count(vm, "sample", 0, ~std::uint64_t{0}), path_argument(vm, "out"));
        return 0;
    }
    if (command == "sweep") {
        po::options_description options("negsim sweep SCENARIO --vary NAME=LO:HI:N [--vary ...] [OPTIONS]\n\nRun SCENARIO once per point of a "
                                        "design over its parameters, every point with the same seed (common random numbers), and write "
                                        "sweep.csv (one row per point), differences.csv (grid), sobol.csv (sobol), sweep.json and "
                                        "scenario.json (docs/sweeps.md).\n\nOptions");
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        options.add_options()
            ("help", "this text")
            ("vary", po::value<std::vector<std::string>>()->composing(), "NAME=LO:HI:N (grid), NAME=LO:HI (lhs, sobol) or NAME=A,B,C; repeatable")
            ("sweep", po::value<std::string>(), "a sweep file (JSON, scenarios/sweeps/schema.json) instead of --vary, --design and --points")
            ("design", po::value<std::string>()->default_value("grid"), "grid, lhs (Latin hypercube) or sobol (Saltelli design, writes sobol.csv)")
            ("points", po::value<std::string>(), "lhs: the number of points; sobol: the number of base points N (N x (factors + 2) runs)")
            ("samples", po::value<std::string>(), "samples per point, 1 to 2^40 (default: the scenario's monte_carlo.samples)")
            ("seed", po::value<std::string>(), "the seed of every point and of the design (default: the scenario's monte_carlo.seed)")
            ("bootstrap", po::value<std::string>(), "bootstrap resamples for sobol.csv intervals, 100 to 100000 (default 1000)")
            ("threads", po::value<std::string>()->default_value(std::to_string(cores)), "worker threads per process, 1 to 256; results do not depend on it")
            ("out", po::value<std::string>(), "output folder (default: out/<scenario name>/sweep)")
            ("resume", po::bool_switch(), "complete the interrupted sweep in the output folder (its journal); the same files as an uninterrupted run")
            ("shard", po::value<std::string>(), "I/N: run share I (0 to N-1) of the points, for job arrays; join the shards with negsim merge");
        add_scenario_options(options);
        const auto vm = parse(args, options);
        if (shows_help(vm, options)) return 0;
        negsim::cli::SweepArguments a;
        a.scenario = scenario_argument(vm, command);
        if (vm.count("vary")) a.vary = vm["vary"].as<std::vector<std::string>>();
        if (vm.count("sweep")) a.sweep_file = path_argument(vm, "sweep");
        const std::string design = vm["design"].as<std::string>();
        if (design == "grid") a.design = negsim::DesignKind::grid;
        else if (design == "lhs") a.design = negsim::DesignKind::lhs;
        else if (design == "sobol") a.design = negsim::DesignKind::sobol;
        else throw po::error("--design " + negsim::quote_text(design) + " is not valid; expected grid, lhs or sobol");
        if (a.sweep_file && (vm.count("vary") || !vm["design"].defaulted() || vm.count("points")))
            throw po::error("--sweep gives the design; it does not combine with --vary, --design or --points");
        if (vm.count("points")) a.points = static_cast<std::size_t>(count(vm, "points", 2, 1000000));
        if (vm.count("samples")) a.samples = count(vm, "samples", 1, std::uint64_t{1} << 40);
        if (vm.count("seed")) a.seed = count(vm, "seed", 0, ~std::uint64_t{0});
        if (vm.count("bootstrap")) a.bootstrap = static_cast<std::size_t>(count(vm, "bootstrap", 100, 100000));
        a.threads = static_cast<unsigned>(count(vm, "threads", 1, 256));
        if (vm.count("out")) a.out = path_argument(vm, "out");
        a.resume = vm["resume"].as<bool>();
        if (vm.count("shard")) {  // I/N
            const std::string text = vm["shard"].as<std::string>();
            const auto slash = text.find('/');
            if (slash == std::string::npos) throw po::error("--shard " + negsim::quote_text(text) + " is not valid; expected I/N with 0 <= I < N, e.g. 3/16");
            const auto n = static_cast<std::size_t>(whole_number(text.substr(slash + 1), "--shard N", 1, 100000));
            a.shard = std::pair{static_cast<std::size_t>(whole_number(text.substr(0, slash), "--shard I", 0, n - 1)), n};
        }
        a.overrides = overrides_argument(vm);
        a.nominal = vm["nominal"].as<bool>();
        negsim::cli::sweep(a, cluster);
        return 0;
    }
    if (command == "merge") {
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
        negsim::cli::merge(vm["scenario"].as<std::vector<std::string>>(), path_argument(vm, "out"));
        return 0;
    }
    if (command == "import" || command == "export") {
        const bool in = command == "import";
        po::options_description options(in ? "negsim import FORMAT FILE... --out SCENARIO.json [--rounds N] [--name NAME] [--protocol P]\n\nBuild a negsim scenario "
                                             "from another tool's files (docs/interop.md) and print the defaults it used for what the format lacks. "
                                             "FORMAT: genius (a domain and one profile per party), geniusweb (profiles, optionally their domain), "
                                             "ktab-csv, ktab-xml, eu-csv (Actor, Capability, Position, Salience) or decide (#A #P #M #D rows).\n\nOptions"
                                           : "negsim export FORMAT SCENARIO --out DIR\n\nWrite SCENARIO in FORMAT (genius, geniusweb, ktab-csv, ktab-xml, "
                                             "eu-csv, decide) into DIR, and print what the format cannot hold and was dropped (docs/interop.md).\n\nOptions");
        options.add_options()("help", "this text")("out", po::value<std::string>(), in ? "the scenario file to write (required)" : "the folder to write into (required)");
        if (in)
            options.add_options()
                ("rounds", po::value<std::string>()->default_value(std::to_string(negsim::interop::kDefaultRounds)), "rounds of the protocol, and the deadline over which a GENIUS discount becomes a per-round factor, 1 to 100000")
                ("name", po::value<std::string>(), "the scenario's name (default: from the file)")
                ("protocol", po::value<std::string>()->default_value("alternating"), "alternating (negsim's) or stacked (stacked alternating offers with GENIUS's rules)");
        else
            add_scenario_options(options);
        const auto vm = parse(args, options, true);
        if (shows_help(vm, options)) return 0;
        std::vector<std::string> words;
        if (vm.count("scenario")) words = vm["scenario"].as<std::vector<std::string>>();
        if (words.size() < 2) throw po::error(in ? "usage: negsim import FORMAT FILE... --out SCENARIO.json" : "usage: negsim export FORMAT SCENARIO --out DIR");
        if (!vm.count("out")) throw po::error("missing --out");
        const std::string format = words[0];
        const std::vector<std::string> files(words.begin() + 1, words.end());
        if (in) {
            negsim::interop::ImportOptions o;
            o.rounds = static_cast<int>(count(vm, "rounds", 1, 100000));
            if (vm.count("name")) o.name = vm["name"].as<std::string>();
            const std::string protocol = vm["protocol"].as<std::string>();
            if (protocol != "alternating" && protocol != "stacked")
                throw po::error("--protocol " + negsim::quote_text(protocol) + " is not valid; expected alternating or stacked");
            o.stacked = protocol == "stacked";
            negsim::cli::import_scenario(format, files, path_argument(vm, "out"), o);
        } else {
            if (files.size() != 1) throw po::error("export reads one scenario; usage: negsim export FORMAT SCENARIO --out DIR");
            negsim::cli::export_scenario(format, {files[0], overrides_argument(vm), vm["nominal"].as<bool>()}, path_argument(vm, "out"));
        }
        return 0;
    }
    if (command == "plot") {
        po::options_description options("negsim plot DIR\n\nDraw the figures of a negsim run output folder and write them into it "
                                        "(docs/plots.md): outcomes.png, sensitivity.png, zone_map.png (if zone_map.csv is there), "
                                        "trace.png (if trace.csv is there) and report.html, one page with the summary and every "
                                        "figure. Needs Python 3 with matplotlib (apt-get install python3-matplotlib); the scripts "
                                        "are in plots/ (NEGSIM_PLOTS_DIR overrides the folder, NEGSIM_PYTHON the interpreter, default "
                                        "/usr/bin/python3).\n\nOptions");
        options.add_options()("help", "this text");
        const auto vm = parse(args, options);
        if (shows_help(vm, options)) return 0;
        if (!vm.count("scenario")) throw po::error("missing DIR; usage: negsim plot DIR");
        return negsim::cli::plot(vm["scenario"].as<std::string>()) ? 0 : 1;
    }
    if (command == "bench") {
        po::options_description options("negsim bench [SCENARIO] [--samples N] [--case AxIxT] [--information MODE]\n\nNegotiations per second on SCENARIO (default "
                                        "scenarios/paris-2026.json) and on a generated 4-agent, 5-issue, 100-round case, with one thread "
                                        "and with all cores, alternately, three times each; the best of each is printed.\n\nOptions");
        options.add_options()
            ("help", "this text")
            ("samples", po::value<std::string>()->default_value("5000"), "samples per measurement, 1 to 10^9")
            ("case", po::value<std::string>(), "AxIxT: instead, the reference loop's case (../shared/bench) with A agents, I issues, T rounds")
            ("information", po::value<std::string>()->default_value("both"), "complete, private or both: the information modes measured");
        const auto vm = parse(args, options);
        if (shows_help(vm, options)) return 0;
        const std::string scenario = vm.count("scenario") ? vm["scenario"].as<std::string>() : "scenarios/paris-2026.json";
        std::optional<negsim::cli::BenchCase> reference;
        if (vm.count("case")) reference = bench_case(vm["case"].as<std::string>());
        if (reference && vm.count("scenario")) throw po::error("--case measures the reference loop's case alone; give no SCENARIO with it");
        const std::string mode = vm["information"].as<std::string>();
        if (mode != "complete" && mode != "private" && mode != "both")
            throw po::error("--information must be complete, private or both, not " + negsim::quote_text(mode));
        negsim::cli::bench(scenario, count(vm, "samples", 1, 1000000000), reference, {mode != "private", mode != "complete"});
        return 0;
    }
    if (command == "solve") {
        po::options_description options("negsim solve SCENARIO [--out FILE] [--points N]\n\nFor the nominal parameters, with the "
                                        "reservation values as disagreement point: the Nash (symmetric and power-weighted), "
                                        "Kalai-Smorodinsky, egalitarian and utilitarian solutions, the compromise position and points on "
                                        "the Pareto frontier; printed and written as JSON.\n\nOptions");
        options.add_options()
            ("help", "this text")
            ("out", po::value<std::string>(), "the JSON file to write (default: out/<scenario name>/solutions.json)")
            ("points", po::value<std::string>()->default_value("41"), "Pareto frontier points, 2 to 10000");
        add_scenario_options(options);
        const auto vm = parse(args, options);
        if (shows_help(vm, options)) return 0;
        std::optional<std::string> out;
        if (vm.count("out")) out = path_argument(vm, "out");
        negsim::cli::solve(scenario_input(vm, command), out, static_cast<int>(count(vm, "points", 2, 10000)));
        return 0;
    }
    throw po::error("unknown command " + negsim::quote_text(command) + "; expected run, validate, evaluate, solve, trace, sweep, merge, import, export, plot or bench (see negsim --help)");
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
