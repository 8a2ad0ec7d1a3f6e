// negsim bench: negotiations per second on the default scenario and on a generated 4-agent, 5-issue, 100-round case,
// with one thread and with all threads, the best of three alternating measurements of each. A benchmark, not a test:
// it prints rates measured in one run.
#include "cli/cli_options.hpp"
#include "cli/commands.hpp"

#include "analysis/zones.hpp"
#include "runner/monte_carlo.hpp"
#include "runner/stages.hpp"
#include "input/scenario_loader.hpp"
#include "input/variant.hpp"
#include "model/capacity.hpp"
#include "model/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace negsim::cli {

namespace {

// Four agents (two signatories, two members) with opposed ideals on five continuous issues, time-dependent
// concession over 100 rounds, and uncertain weights and reservations: a mid-sized generic negotiation.
std::string generated_case() {
    const double ideals[4][5] = {{0.9, 0.1, 0.8, 0.3, 0.6}, {0.1, 0.9, 0.2, 0.7, 0.4}, {0.7, 0.6, 0.1, 0.9, 0.2}, {0.3, 0.2, 0.9, 0.1, 0.8}};
    const double weights[4][5] = {{0.4, 0.1, 0.2, 0.2, 0.1}, {0.1, 0.4, 0.1, 0.2, 0.2}, {0.2, 0.2, 0.3, 0.1, 0.2}, {0.2, 0.1, 0.2, 0.3, 0.2}};
    const char* strategies[4] = {"boulware", "conceder", "linear", "boulware"};
    const auto name = [](const char* prefix, int n) { return std::string(prefix).append(std::to_string(n)); };
    nlohmann::json j = {{"name", "bench-4x5"}, {"protocol", {{"type", "alternating"}, {"rounds", 100}}}};
    for (int k = 0; k < 5; ++k)
        j["issues"].push_back({{"id", name("i", k)}, {"label", "Issue"}, {"unit", "share"}, {"min", 0}, {"max", 1}});
    for (int a = 0; a < 4; ++a) {
        const std::string id = name("a", a);
        nlohmann::json agent = {{"id", id}, {"name", id}, {"role", a < 2 ? "signatory" : "member"}, {"power", 1},
                                {"reservation", 0.45}, {"strategy", {{"type", strategies[a]}}}};
        for (int k = 0; k < 5; ++k) {
            agent["ideal"][name("i", k)] = ideals[a][k];
            agent["weights"][name("i", k)] = weights[a][k];
        }
        j["agents"].push_back(agent);
        j["monte_carlo"]["uncertainty"]["agents"][id] = {{"weights", {{"distribution", "dirichlet"}, {"concentration", 30}}},
                                                          {"reservation", {{"distribution", "uniform"}, {"min", 0.35}, {"max", 0.6}}}};
    }
    j["monte_carlo"]["seed"] = 1;
    return j.dump();
}

// The contribution case (--case AxIxT --contributions; docs/performance.md): the reference case's shape with its issues
// turned into contributions, a public good. Agent a0, the beneficiary, is the one signatory; agents a1 to aI each give
// a line of five options (0 to 4 units) at a cost (their own value of it, linear with ideal "0", weight 1) and value
// the total of the lines (weight 1.5, more is better), as does the beneficiary; the other agents, if any, value the
// total alone. Each line's status quo is "0", whose value is added to the contributor's reservation value (uniform on
// [0, 0.1]): with everyone giving l units a contributor gains 0.6 (I l / 4I) - 0.4 l / 4 = 0.05 l over no deal, so
// full lines are individually rational, as in the linear public-goods game. The beneficiary's reservation value is
// uniform on [0.2, 0.5]; weights Dirichlet (concentration 50); time-dependent concession (exponent 2) over T rounds, as
// in the reference case.
std::string contribution_case(const BenchCase& c) {
    const auto name = [](const char* prefix, std::size_t n) { return std::string(prefix).append(std::to_string(n)); };
    nlohmann::json j = {{"name", "bench-" + std::to_string(c.agents) + "x" + std::to_string(c.issues) + "x" + std::to_string(c.rounds) + "-contributions"},
                        {"protocol", {{"type", "alternating"}, {"rounds", c.rounds}}}};
    nlohmann::json amounts = nlohmann::json::object();
    for (std::size_t k = 0; k < c.issues; ++k) {
        j["issues"].push_back({{"id", name("line", k)}, {"label", "Line"}, {"unit", "units"}, {"options", {"0", "1", "2", "3", "4"}}, {"contributor", name("a", k + 1)}});
        amounts[name("line", k)] = {0, 1, 2, 3, 4};
    }
    j["aggregates"] = {{{"id", "total"}, {"label", "Total"}, {"unit", "units"}, {"amounts", amounts}}};
    for (std::size_t a = 0; a < c.agents; ++a) {
        const std::string id = name("a", a);
        nlohmann::json agent = {{"id", id}, {"name", id}, {"role", a == 0 ? "signatory" : "member"}, {"power", 1},
                                {"strategy", {{"type", "time-dependent"}, {"exponent", 2}}}};
        agent["ideal"]["total"] = 4.0 * static_cast<double>(c.issues);
        agent["weights"]["total"] = 1.5;
        if (a >= 1 && a <= c.issues) {
            agent["ideal"][name("line", a - 1)] = "0";
            agent["weights"][name("line", a - 1)] = 1.0;
        }
        const double low = a == 0 ? 0.2 : 0.0, high = a == 0 ? 0.5 : 0.1;
        agent["reservation"] = 0.5 * (low + high);
        j["agents"].push_back(agent);
        j["monte_carlo"]["uncertainty"]["agents"][id] = {{"weights", {{"distribution", "dirichlet"}, {"concentration", 50.0}}},
                                                          {"reservation", {{"distribution", "uniform"}, {"min", low}, {"max", high}}}};
    }
    j["monte_carlo"]["seed"] = 1;
    return j.dump();
}

}  // namespace

// The reference loop's case (../shared/bench/limit.cpp; docs/performance.md): A signatories, I continuous issues on
// [0, 1] with linear values, ideals ((7a + 3k) mod 11) / 10, weights Dirichlet around 1/I with the loop's shapes
// 1 + 50/I (negsim's concentration c gives shapes c/I, so c = I + 50), reservation values uniform on [0.2, 0.5],
// alternating offers over T rounds, and time-dependent concession whose aspiration is the loop's
// 1 - (1 - r) tau^(1/2), negsim's exponent 2 (a prose description of the loop gives 0.25, but the loop's code is what
// the rates are compared with, so the case follows the code; docs/performance.md).
std::string reference_case(const BenchCase& c) {
    if (c.contributions) return contribution_case(c);
    const auto name = [](const char* prefix, std::size_t n) { return std::string(prefix).append(std::to_string(n)); };
    nlohmann::json j = {{"name", "bench-" + std::to_string(c.agents) + "x" + std::to_string(c.issues) + "x" + std::to_string(c.rounds)},
                        {"protocol", {{"type", "alternating"}, {"rounds", c.rounds}}}};
    for (std::size_t k = 0; k < c.issues; ++k)
        j["issues"].push_back({{"id", name("i", k)}, {"label", "Issue"}, {"unit", "share"}, {"min", 0}, {"max", 1}});
    for (std::size_t a = 0; a < c.agents; ++a) {
        const std::string id = name("a", a);
        nlohmann::json agent = {{"id", id}, {"name", id}, {"role", "signatory"}, {"power", 1}, {"reservation", 0.35},
                                {"strategy", {{"type", "time-dependent"}, {"exponent", 2}}}};
        for (std::size_t k = 0; k < c.issues; ++k) {
            agent["ideal"][name("i", k)] = static_cast<double>((7 * a + 3 * k) % 11) / 10.0;
            agent["weights"][name("i", k)] = 1.0;
        }
        j["agents"].push_back(agent);
        j["monte_carlo"]["uncertainty"]["agents"][id] = {
            {"weights", {{"distribution", "dirichlet"}, {"concentration", static_cast<double>(c.issues) + 50.0}}},
            {"reservation", {{"distribution", "uniform"}, {"min", 0.2}, {"max", 0.5}}}};
    }
    j["monte_carlo"]["seed"] = 1;
    return j.dump();
}

namespace {

// One measurement: negotiations (a scenario in stages: processes) per wall-clock second and per CPU-second (user + system time of the process, the
// reference loop's measure: ../shared/bench/README.md), and the mean number of rounds played.
struct Rate {
    double wall = 0.0;
    double cpu = 0.0;
    double rounds = 0.0;
};

Rate rate(const Scenario& s, std::uint64_t samples, unsigned threads) {
    RunOptions options;
    options.samples = samples;
    options.seed = s.monte_carlo.seed;
    options.threads = threads;
    std::uint64_t rounds = 0;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    if (!s.stages.list.empty()) {  // a process in stages: processes per second, rounds of every stage played
        options.chunk = kProcessChunk;
        run_process(s, options, [&](std::uint64_t, std::span<const ProcessOutcome> outcomes) {
            for (const ProcessOutcome& o : outcomes)
                for (std::size_t st = 0; st < s.stages.list.size(); ++st) rounds += static_cast<std::uint64_t>(o.stage[st].rounds);
        });
    } else {
        run_monte_carlo(s, options, [&](std::uint64_t, std::span<const Outcome> outcomes) {
            for (const Outcome& o : outcomes) rounds += static_cast<std::uint64_t>(o.rounds);
        });
    }
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double n = static_cast<double>(samples);
    return {n / seconds, n / cpu, static_cast<double>(rounds) / n};
}

// The same scenario text with every agent knowing the others only by the prior (docs/protocols.md, "Private
// information"), read by the loader like any file; none when the protocol has no proposer (mediator), or for a process
// in stages (played under complete information).
constexpr int kRepeats = 3;

Rate best_of(const Rate& a, const Rate& b) { return {std::max(a.wall, b.wall), std::max(a.cpu, b.cpu), b.rounds}; }

std::optional<Scenario> private_variant(const std::string& text, const std::string& name) {
    nlohmann::json j = nlohmann::json::parse(text);
    if (j["protocol"].value("type", "") == "mediator" || j.contains("stages")) return std::nullopt;  // stages: complete information only
    j["information"] = "private";
    return parse_scenario(j.dump(), name + " with private information");
}

// The reference case under a decision rule taken by vote: "quorum", two thirds of the agents; "majority", two thirds
// of vote weights 1 to 5 ((a mod 5) + 1 for agent a); "unanimity", the case as it is (every agent a signatory).
std::string voting_variant(const std::string& text, const std::string& rule) {
    nlohmann::json j = nlohmann::json::parse(text);
    if (rule == "quorum") j["protocol"]["decision_rule"] = {{"must_accept", nlohmann::json::array()}, {"quorum", 2.0 / 3.0}};
    if (rule == "majority") {
        j["protocol"]["decision_rule"] = {{"must_accept", nlohmann::json::array()}, {"majorities", {{{"weight", "weight"}, {"share", 2.0 / 3.0}}}}};
        for (std::size_t a = 0; a < j["agents"].size(); ++a) j["agents"][a]["votes"] = {{"weight", static_cast<double>(a % 5 + 1)}};
    }
    j["name"] = j["name"].get<std::string>() + "-" + rule;
    return j.dump();
}

// The seconds `negsim run` takes on its default job, without writing files: `samples` negotiations, each with its zone
// margin, and the zopa.csv searches of run's default number of samples (kZoneSamples) on its grid (kZopaGrid).
double default_job_seconds(const Scenario& s, std::uint64_t samples, unsigned threads) {
    RunOptions options;
    options.samples = samples;
    options.seed = s.monte_carlo.seed;
    options.threads = threads;
    ZoneTally zones(s, 0, options.chunk, kZopaGrid, kZoneSamples, std::nullopt, 0);
    const auto start = std::chrono::steady_clock::now();
    run_monte_carlo(
        s, options, [&](std::uint64_t first, std::span<const Outcome> outcomes) { zones.add(first, outcomes); }, {},
        [&](std::uint64_t sample, const Parameters& parameters) {
            if (sample < kZoneSamples) zones.probe(sample, parameters);
        });
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// --votes: the default job of the reference case under unanimity, a quorum and a weighted majority, and each vote's
// time as a multiple of unanimity's (the best of kRepeats runs each).
void bench_votes(const BenchCase& reference, std::uint64_t samples) {
    const unsigned all = std::max(1u, std::thread::hardware_concurrency());
    const std::string text = reference_case(reference);
    std::printf("%-28s %9s %12s %14s\n", "case", "samples", "seconds", "x unanimity");
    double unanimity = 0.0;
    for (const std::string rule : {"unanimity", "quorum", "majority"}) {
        const Scenario s = parse_scenario(voting_variant(text, rule), "reference case, " + rule);
        double best = 0.0;
        for (int repeat = 0; repeat < kRepeats; ++repeat) {
            const double seconds = default_job_seconds(s, samples, all);
            best = repeat == 0 ? seconds : std::min(best, seconds);
        }
        if (rule == "unanimity") unanimity = best;
        std::printf("%-28s %9llu %12.2f %14.2f\n", s.name.c_str(), static_cast<unsigned long long>(samples), best, best / unanimity);
    }
}

void bench(const std::string& scenario_path, std::uint64_t samples, const std::optional<BenchCase>& reference, BenchModes modes) {
    const unsigned all = std::max(1u, std::thread::hardware_concurrency());
    // --case measures the reference loop's case alone; otherwise the scenario and the generated case.
    const std::vector<std::string> texts = reference ? std::vector<std::string>{reference_case(*reference)}
                                                     : std::vector<std::string>{read_scenario_source(scenario_path).text, generated_case()};
    const std::vector<std::string> names = reference ? std::vector<std::string>{"reference case"}
                                                     : std::vector<std::string>{scenario_path, "generated 4-agent, 5-issue, 100-round case"};
    // ns/(A I t): CPU time per negotiation over agents x issues x rounds played, the least work a round needs.
    std::printf("%-28s %-11s %9s %14s %14s %8s %12s %8s %12s\n", "case", "information", "samples", "1 thread /s", (std::to_string(all) + " threads /s").c_str(),
                "speed-up", "1 thr /CPU-s", "rounds", "ns/(A I t)");
    for (std::size_t c = 0; c < texts.size(); ++c) {
        const Scenario complete = parse_scenario(texts[c], names[c]);
        const std::optional<Scenario> secret = modes.private_information ? private_variant(texts[c], names[c]) : std::nullopt;
        for (const Scenario* s : {modes.complete ? &complete : nullptr, secret ? &*secret : nullptr}) {
            if (s == nullptr) continue;
            (void)rate(*s, std::max<std::uint64_t>(1, samples / 10), 1);  // warm-up: page faults and caches, not measured
            // One thread and all threads, alternately, kRepeats times each; the best of each is kept, since what
            // disturbs a measurement (other processes, a shared host) only ever slows it down.
            Rate one, many;
            for (int repeat = 0; repeat < kRepeats; ++repeat) {
                one = best_of(one, rate(*s, samples, 1));
                many = best_of(many, rate(*s, samples, all));
            }
            const double work = static_cast<double>(s->agent_count() * s->issue_count()) * one.rounds;
            std::printf("%-28s %-11s %9llu %14.0f %14.0f %8.2f %12.0f %8.1f %12.1f\n", s->name.c_str(), s->information.any_private ? "private" : "complete",
                        static_cast<unsigned long long>(samples), one.wall, many.wall, many.wall / one.wall, one.cpu, one.rounds, 1e9 / one.cpu / work);
        }
    }
}

namespace {

// --case AxIxT: agents 2 to kMaxAgents, issues 1 to kMaxIssues, rounds 1 to 10^6.
BenchCase bench_case(const std::string& text) {
    const std::size_t first = text.find('x'), second = first == std::string::npos ? first : text.find('x', first + 1);
    if (second == std::string::npos) throw po::error("--case " + quote_text(text) + " is not valid; expected AxIxT, e.g. 4x5x100");
    BenchCase c;
    c.agents = whole_number(text.substr(0, first), "--case agents", 2, kMaxAgents);
    c.issues = whole_number(text.substr(first + 1, second - first - 1), "--case issues", 1, kMaxIssues);
    c.rounds = static_cast<int>(whole_number(text.substr(second + 1), "--case rounds", 1, 1000000));
    return c;
}

}  // namespace

int bench_command(const std::vector<std::string>& args, Cluster&) {
    po::options_description options("negsim bench [SCENARIO] [--samples N] [--case AxIxT] [--information MODE]\n\nNegotiations per second on SCENARIO (default "
                                    "scenarios/paris-2026-core.json) and on a generated 4-agent, 5-issue, 100-round case, with one thread "
                                    "and with all cores, alternately, three times each; the best of each is printed.\n\nOptions");
    options.add_options()
        ("help", "this text")
        ("samples", po::value<std::string>()->default_value("5000"), "samples per measurement, 1 to 10^9")
        ("case", po::value<std::string>(), "AxIxT: instead, the reference loop's case (../shared/bench) with A agents, I issues, T rounds")
        ("contributions", "with --case: the case's I issues are the lines of agents a1 to aI in a common effort (a public good; "
                          "docs/performance.md), agent a0 the one signatory; I at most A - 1")
        ("information", po::value<std::string>()->default_value("both"), "complete, private or both: the information modes measured")
        ("votes", "with --case: instead, the seconds of run's default job (SAMPLES negotiations and its default zone searches) under "
                  "unanimity, a two-thirds quorum and a two-thirds weighted majority, and each as a multiple of unanimity's");
    const auto vm = parse(args, options);
    if (shows_help(vm, options)) return 0;
    const std::string scenario = vm.count("scenario") ? vm["scenario"].as<std::string>() : "scenarios/paris-2026-core.json";
    std::optional<BenchCase> reference;
    if (vm.count("case")) reference = bench_case(vm["case"].as<std::string>());
    if (vm.count("contributions")) {
        if (!reference) throw po::error("--contributions changes a reference case: give --case AxIxT with it");
        if (reference->issues + 1 > reference->agents) throw po::error("--contributions needs an agent per issue besides a0: I at most A - 1");
        reference->contributions = true;
    }
    if (reference && vm.count("scenario")) throw po::error("--case measures the reference loop's case alone; give no SCENARIO with it");
    if (vm.count("votes")) {
        if (!reference) throw po::error("--votes measures a reference case: give --case AxIxT with it");
        bench_votes(*reference, count(vm, "samples", 1, 1000000000));
        return 0;
    }
    const std::string mode = vm["information"].as<std::string>();
    if (mode != "complete" && mode != "private" && mode != "both")
        throw po::error("--information must be complete, private or both, not " + quote_text(mode));
    bench(scenario, count(vm, "samples", 1, 1000000000), reference, {mode != "private", mode != "complete"});
    return 0;
}

}  // namespace negsim::cli
