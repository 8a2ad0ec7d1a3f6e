// negsim run / validate / evaluate.
#include "app/commands.hpp"

#include "input/input_error.hpp"
#include "runner/monte_carlo.hpp"
#include "cluster/distributed_run.hpp"
#include "analysis/output_files.hpp"
#include "model/parameters.hpp"
#include "app/progress.hpp"
#include "engine/protocol.hpp"
#include "random/sampling.hpp"
#include "cooperative/solutions.hpp"
#include "analysis/report.hpp"
#include "input/scenario_loader.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/sha256.hpp"
#include "engine/strategy.hpp"
#include "analysis/tally.hpp"
#include "analysis/zones.hpp"
#include "model/bounds.hpp"
#include "model/text.hpp"
#include "model/tolerance.hpp"
#include "model/utility.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <type_traits>
#include <variant>

namespace negsim::cli {

namespace {

std::string strategy_label(const Strategy& strategy) {
    char text[64];
    std::visit(
        [&](const auto& s) {
            using S = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<S, TimeDependentStrategy>)
                std::snprintf(text, sizeof text, "%s (e=%g)", s.exponent < 1.0 ? "boulware" : s.exponent > 1.0 ? "conceder" : "linear", s.exponent);
            else if constexpr (std::is_same_v<S, ZeuthenStrategy>)
                std::snprintf(text, sizeof text, "zeuthen (step %g)", s.step);
            else if constexpr (std::is_same_v<S, HardlinerStrategy>)
                std::snprintf(text, sizeof text, "hardliner");
            else if constexpr (std::is_same_v<S, TitForTatStrategy>)
                std::snprintf(text, sizeof text, "tit-for-tat");
            else if constexpr (std::is_same_v<S, RubinsteinStrategy>)
                std::snprintf(text, sizeof text, "rubinstein");
            else
                std::snprintf(text, sizeof text, "baron-ferejohn");
        },
        strategy);
    return text;
}

std::string range_text(const Issue& issue) { return issue.discrete ? describe_range(issue) : describe_range(issue) + " " + printable_text(issue.unit, kEchoChars); }

// The two issues of --zone-map ("a,b"), checked against the scenario before anything is written.
std::optional<std::pair<std::size_t, std::size_t>> zone_map_issues(const Scenario& scenario, const std::optional<std::string>& argument) {
    if (!argument) return std::nullopt;
    std::vector<std::string> ids;
    for (const Issue& issue : scenario.issues) ids.push_back(issue.id);
    const auto comma = argument->find(',');
    const std::string first = argument->substr(0, comma), second = comma == std::string::npos ? "" : argument->substr(comma + 1);
    const auto index = [&](const std::string& id) {
        const auto it = std::find(ids.begin(), ids.end(), id);
        if (it == ids.end()) throw InputError("--zone-map", "", unknown_name("issue", id, ids));
        return static_cast<std::size_t>(it - ids.begin());
    };
    if (comma == std::string::npos || first == second)
        throw InputError("--zone-map", "", quote_text(*argument) + " is not two different issue ids; expected issue_a,issue_b");
    return std::pair{index(first), index(second)};
}

}  // namespace

void run(const RunArguments& a, Cluster& cluster) {
    const std::string text = read_file(a.scenario);
    const Scenario scenario = parse_scenario(text, a.scenario);
    const std::uint64_t seed = a.seed.value_or(scenario.monte_carlo.seed);
    // Every argument is checked before anything is written.
    const auto map = zone_map_issues(scenario, a.zone_map);
    const std::uint64_t samples = a.samples.value_or(scenario.monte_carlo.samples);

    if (a.sample) {
        // Replay one sample of a run of `samples`: print its samples.csv row, write nothing.
        if (!cluster.root()) return;  // under mpirun, once
        if (*a.sample >= samples)
            throw InputError("--sample", "", std::to_string(*a.sample) + " is not a sample of a run of " + std::to_string(samples) +
                                                 " samples; expected 0 to " + std::to_string(samples - 1) +
                                                 (a.samples ? "" : " (monte_carlo.samples; give --samples N for a larger run)"));
        const Outcome outcome = simulate_sample(scenario, seed, *a.sample);
        write_samples_header(std::cout, scenario);
        write_sample_row(std::cout, scenario, *a.sample, outcome);
        return;
    }

    RunOptions options;
    options.samples = samples;
    options.seed = seed;
    options.threads = a.threads;
    const std::filesystem::path directory = a.out ? std::filesystem::path(*a.out) : std::filesystem::path("out") / scenario.name;

    if (std::filesystem::exists(directory) && !std::filesystem::is_directory(directory))
        throw InputError("--out", "", directory.string() + " exists and is not a folder");
    if (!cluster.root()) {  // another rank of an MPI job: computes its share of the samples, writes and prints nothing
        run_distributed(cluster, scenario, options, {}, {}, {}, a.zone_samples);
        return;
    }
    OutputFiles files(directory);
    const bool write_samples = a.write_samples.value_or(options.samples < 100000);
    std::ofstream* samples_csv = write_samples ? &files.open("samples.csv") : nullptr;
    if (samples_csv) write_samples_header(*samples_csv, scenario);
    RunTally tally(scenario);
    SensitivityTally sensitivity(scenario, seed);
    ZoneTally zones(scenario, options.first_sample, options.chunk, 21, a.zone_samples, map, a.zone_grid);
    ProgressBar progress;
    const auto start = std::chrono::steady_clock::now();
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
        [&](std::uint64_t sample, const Parameters& parameters) { zones.probe(sample, parameters); }, a.zone_samples);
    progress.finish();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const Summary summary = tally.summarise();
    const Provenance provenance{a.scenario, sha256_hex(text), seed, NEGSIM_VERSION};
    files.open("summary.json") << summary_json(scenario, provenance, summary).dump(2) << '\n';
    write_summary_csv(files.open("summary.csv"), scenario, provenance, summary);
    write_histogram_csv(files.open("hist.csv"), scenario, summary);
    sensitivity.write_csv(files.open("sensitivity.csv"));
    zones.write_zopa_csv(files.open("zopa.csv"));
    if (zones.has_map()) zones.write_zone_map_csv(files.open("zone_map.csv"));
    if (!write_samples) files.remove_stale("samples.csv");
    if (!zones.has_map()) files.remove_stale("zone_map.csv");
    files.open("scenario.json") << text;
    files.commit();

    std::cout << scenario.name << ": " << summary.samples << " samples, seed " << seed;
    if (a.target_ci) std::cout << " (stopped at a 95% interval narrower than " << *a.target_ci << " or the cap of " << options.samples << ")";
    std::cout << '\n' << human_summary(scenario, summary);
    std::fprintf(stdout, "Results in %s/ (%.2f s, %.0f negotiations/s on %u thread%s%s)\n", directory.string().c_str(), seconds,
                 static_cast<double>(summary.samples) / seconds, options.threads, options.threads == 1 ? "" : "s",
                 cluster.size() > 1 ? (" per rank, " + std::to_string(cluster.size()) + " ranks").c_str() : "");
}

void trace(const std::string& path, std::optional<std::uint64_t> seed_option, std::uint64_t sample, const std::string& out) {
    const Scenario s = load_scenario(path);
    const std::uint64_t seed = seed_option.value_or(s.monte_carlo.seed);
    Parameters p;
    sample_parameters(s, seed, sample, p);
    std::vector<TraceRow> rows;
    const Outcome outcome = negotiate_traced(s, p, rows);

    const std::filesystem::path file(out);
    if (std::filesystem::is_directory(file)) throw InputError("--out", "", out + " is a folder; expected a file name such as trace.csv");
    OutputFiles files(file.has_parent_path() ? file.parent_path() : std::filesystem::path("."));
    std::ofstream& csv = files.open(file.filename().string());
    csv << "round,proposer";
    for (const Issue& issue : s.issues) csv << ',' << issue.id;
    csv << ",agent,utility,aspiration,threshold,response\n";
    for (const TraceRow& row : rows) {
        csv << row.round << ',' << proposer_name(s, row.proposer);
        for (std::size_t k = 0; k < s.issue_count(); ++k) csv << ',' << csv_field(format_issue_value(s.issues[k], recorded_value(s, k, row.offer[k])));
        csv << ',' << s.agents[row.agent].id << ',' << format_number(row.utility) << ',' << format_number(row.aspiration) << ','
            << format_number(row.threshold) << ',' << (row.accepts ? "accept" : "reject") << '\n';
    }
    files.commit();
    std::printf("%s, seed %llu, sample %llu: %s after %d round%s", s.name.c_str(), static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(sample), to_string(outcome.end), outcome.rounds, outcome.rounds == 1 ? "" : "s");
    if (outcome.blocker >= 0) std::printf(" (blocker %s)", s.agents[static_cast<std::size_t>(outcome.blocker)].id.c_str());
    std::printf("; %zu rows in %s\n", rows.size(), out.c_str());
}

void solve(const std::string& path, const std::optional<std::string>& out_option, int points) {
    const std::string text = read_file(path);
    const Scenario s = parse_scenario(text, path);
    const Parameters p = nominal_parameters(s);
    const Negotiation n(s, p);
    AgentValues d{}, ones{}, power{};
    for (std::size_t i = 0; i < s.agent_count(); ++i) {
        d[i] = p.reservation[i];
        ones[i] = 1.0;
        power[i] = p.power[i] * p.salience[i];  // effective power, as in the mediator's text
    }
    const auto describe = [&](const Package& x) {
        nlohmann::ordered_json package = nlohmann::ordered_json::object(), utilities = nlohmann::ordered_json::object();
        for (std::size_t k = 0; k < s.issue_count(); ++k) {
            if (s.issues[k].discrete) package[s.issues[k].id] = format_issue_value(s.issues[k], x[k]);
            else package[s.issues[k].id] = recorded_value(s, k, x[k]);
        }
        for (std::size_t i = 0; i < s.agent_count(); ++i) utilities[s.agents[i].id] = utility(s, p, i, x);
        return nlohmann::ordered_json{{"package", package}, {"utilities", utilities}};
    };
    struct Named {
        const char* name;
        Solution solution;
    };
    const Named concepts[] = {
        {"nash", nash_solution(n, d, ones)},
        {"nash_power_weighted", nash_solution(n, d, power)},
        {"kalai_smorodinsky", kalai_smorodinsky(n, d)},
        {"egalitarian", egalitarian(n, d)},
        {"utilitarian", utilitarian(n, d)},
        {"compromise_position", {true, compromise_position(n), 0.0}},
    };
    nlohmann::ordered_json j;
    j["negsim_version"] = NEGSIM_VERSION;
    j["scenario"] = {{"name", s.name}, {"file", path}, {"sha256", sha256_hex(text)}};
    nlohmann::ordered_json disagreement = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < s.agent_count(); ++i) disagreement[s.agents[i].id] = d[i];
    j["disagreement"] = disagreement;
    nlohmann::ordered_json solutions = nlohmann::ordered_json::object();
    std::printf("%-22s", "solution");
    for (const Issue& issue : s.issues) std::printf(" %14.14s", issue.id.c_str());
    for (const Agent& agent : s.agents) std::printf(" %8.8s", ("u_" + agent.id).c_str());
    std::printf("\n");
    for (const Named& c : concepts) {
        const bool nash = std::string(c.name).rfind("nash", 0) == 0;
        const bool solved = c.solution.exists && c.solution.converged;
        nlohmann::ordered_json entry = {{"exists", c.solution.exists}};
        if (c.solution.exists) entry["converged"] = c.solution.converged;
        if (solved) entry.update(describe(c.solution.x));
        if (nash && c.solution.exists) entry["gap"] = c.solution.gap;
        if (std::string(c.name) == "compromise_position") {
            bool everyone = true;
            for (std::size_t i = 0; i < s.agent_count(); ++i) everyone = everyone && acceptable(utility(s, p, i, c.solution.x), d[i]);
            entry["individually_rational"] = everyone;
        }
        solutions[c.name] = entry;
        std::printf("%-22s", c.name);
        if (!c.solution.exists) {
            std::printf(" (no package gives every agent at least its reservation value)\n");
            continue;
        }
        if (!c.solution.converged) {  // never printed as a solution
            if (nash) std::printf(" (not found: the solver stopped with a gap of %.3g in the log of the product)\n", c.solution.gap);
            else std::printf(" (not found: the optimiser stopped before it could prove its answer optimal)\n");
            continue;
        }
        for (std::size_t k = 0; k < s.issue_count(); ++k) {
            if (s.issues[k].discrete) std::printf(" %14.14s", format_issue_value(s.issues[k], c.solution.x[k]).c_str());
            else std::printf(" %14.4g", recorded_value(s, k, c.solution.x[k]));
        }
        for (std::size_t i = 0; i < s.agent_count(); ++i) std::printf(" %8.4f", utility(s, p, i, c.solution.x));
        std::printf("\n");
    }
    j["solutions"] = solutions;
    // The frontier among individually rational packages; if there are none, among all packages, and said so.
    const bool rational_set_empty = !concepts[4].solution.exists;
    AgentValues floor = d;
    if (rational_set_empty) floor.fill(0.0);
    nlohmann::ordered_json frontier = nlohmann::ordered_json::array();
    for (const Package& x : pareto_frontier(n, floor, points, s.monte_carlo.seed)) frontier.push_back(describe(x));
    j["individually_rational_set_empty"] = rational_set_empty;
    j["pareto_frontier"] = frontier;
    std::printf("Pareto frontier: %zu points%s\n", frontier.size(),
                rational_set_empty ? " (no package gives every agent its reservation value: frontier over all packages)" : " (individually rational)");

    const std::filesystem::path file = out_option ? std::filesystem::path(*out_option) : std::filesystem::path("out") / s.name / "solutions.json";
    if (std::filesystem::is_directory(file)) throw InputError("--out", "", file.string() + " is a folder; expected a file name such as solutions.json");
    OutputFiles files(file.has_parent_path() ? file.parent_path() : std::filesystem::path("."));
    files.open(file.filename().string()) << j.dump(2) << '\n';
    files.commit();
    std::printf("Written to %s\n", file.string().c_str());
}

void validate(const std::string& path) {
    const Scenario s = load_scenario(path);
    // The digest shows the file's text through printable_text: one line per entry, nothing that acts on the terminal.
    std::printf("%s: valid (scenario format 1)\n", printable_text(path).c_str());
    const std::string about = printable_text(s.description, 300);
    std::printf("%s: %s\n\n", s.name.c_str(), about.c_str());
    std::printf("Issues (%zu):\n", s.issue_count());
    for (const Issue& issue : s.issues)
        std::printf("  %-22s %-34s %s\n", issue.id.c_str(), printable_text(issue.label, kEchoChars).c_str(), range_text(issue).c_str());
    std::printf("\nAgents (%zu):\n  %-16s %-10s %6s %6s  %-18s %s\n", s.agent_count(), "id", "role", "power", "resv", "strategy", "ideal (weight)");
    for (std::size_t i = 0; i < s.agent_count(); ++i) {
        const Agent& a = s.agents[i];
        std::string ideals;
        for (std::size_t k = 0; k < s.issue_count(); ++k) {
            char w[32];
            std::snprintf(w, sizeof w, " (%.2f)", a.weights[k]);
            ideals += (k ? ", " : "") + printable_text(format_issue_value(s.issues[k], a.ideal[k]), kEchoChars) + w;
        }
        std::printf("  %-16s %-10s %6.2f %6.2f  %-18s %s\n", a.id.c_str(), to_string(a.role), a.power, a.reservation,
                    strategy_label(a.strategy).c_str(), ideals.c_str());
    }
    std::string rules;
    if (const auto* alternating = std::get_if<AlternatingOffers>(&s.protocol.rules)) {
        rules = "alternating offers, proposers in turn:";
        for (std::size_t i = 0; i < alternating->order.size(); ++i) rules += (i ? ", " : " ") + s.agents[alternating->order[i]].id;
    } else if (const auto* mediator = std::get_if<Mediator>(&s.protocol.rules)) {
        rules = "single negotiating text from " + (mediator->named ? s.agents[mediator->mediator].id : std::string("a neutral mediator"));
    } else if (const auto* random = std::get_if<RandomProposer>(&s.protocol.rules)) {
        rules = "random proposer, recognition:";
        for (std::size_t i = 0; i < s.agent_count(); ++i)
            if (random->recognition[i] > 0.0) rules += " " + s.agents[i].id + " " + format_number(random->recognition[i]);
    }
    std::string required;
    for (int r = 0; r < 3; ++r)
        if (s.protocol.decision.must_accept[static_cast<std::size_t>(r)]) required += (required.empty() ? "" : ", ") + std::string(to_string(static_cast<Role>(r)));
    for (const VoteCriterion& c : s.protocol.decision.votes)
        required += (required.empty() ? "" : "; ") + c.weight + " at least " + format_number(c.at_least) + " of " + format_number(c.total);
    std::printf("\nProtocol: %s; %d rounds; must accept: %s; breakdown %g per round\n", rules.c_str(), s.protocol.rounds,
                required.empty() ? "-" : required.c_str(), s.protocol.breakdown);
    if (!s.requirements.empty() || !s.budgets.empty() || s.regions.size() > 1)
        std::printf("Constraints: %zu requirement(s), %zu budget(s); %zu region(s) of the package space\n", s.requirements.size(), s.budgets.size(), s.regions.size());
    std::size_t uncertain = 0;
    for (const AgentUncertainty& u : s.monte_carlo.agents) {
        uncertain += u.weight_concentration > 0.0 ? 1 : 0;
        for (const Distribution* d : {&u.reservation, &u.power, &u.discount, &u.exponent, &u.salience}) uncertain += d->kind != Distribution::Kind::fixed ? 1 : 0;
        uncertain += static_cast<std::size_t>(std::count_if(u.ideal.begin(), u.ideal.end(), [](const Distribution& d) { return d.kind != Distribution::Kind::fixed; }));
    }
    std::printf("Monte Carlo: %llu samples, seed %llu, %zu uncertain parameter groups, %zu correlation block(s), %zu shock(s)\n",
                static_cast<unsigned long long>(s.monte_carlo.samples), static_cast<unsigned long long>(s.monte_carlo.seed), uncertain,
                s.monte_carlo.correlations.size(), s.monte_carlo.shocks.size());
    std::printf("Sources: %zu\n", s.sources.size());
}

void evaluate(const std::string& path, const std::string& package_text) {
    const Scenario s = load_scenario(path);
    std::vector<std::string> issue_ids;
    for (const Issue& issue : s.issues) issue_ids.push_back(issue.id);

    Package x{};
    std::vector<bool> given(s.issue_count(), false);
    std::stringstream items(package_text);
    std::string item;
    while (std::getline(items, item, ',')) {
        const auto eq = item.find('=');
        if (eq == std::string::npos) throw InputError("--package", "", quote_text(item) + " is not issue=value");
        const std::string id = item.substr(0, eq);
        const std::string value = item.substr(eq + 1);
        const auto it = std::find(issue_ids.begin(), issue_ids.end(), id);
        if (it == issue_ids.end()) throw InputError("--package", "", unknown_name("issue", id, issue_ids));
        const auto k = static_cast<std::size_t>(it - issue_ids.begin());
        if (given[k]) throw InputError("--package", id, "given twice; give each issue once");  // id is an issue's id
        const Issue& issue = s.issues[k];
        if (issue.discrete) {
            const auto o = std::find(issue.options.begin(), issue.options.end(), value);
            if (o == issue.options.end()) throw InputError("--package", id, quote_text(value) + " is not an option; expected one of: " + range_text(issue));
            x[k] = static_cast<double>(o - issue.options.begin());
        } else {
            double v = 0.0;
            if (!parse_number(value, v) || v < issue.min || v > issue.max)
                throw InputError("--package", id, quote_text(value) + " is not a number in the issue's range, " + range_text(issue));
            x[k] = v;
        }
        given[k] = true;
    }
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if (!given[k]) throw InputError("--package", "", "missing issue \"" + s.issues[k].id + "\"; give a value for every issue");

    const Parameters p = nominal_parameters(s);
    for (std::size_t r = 0; r < s.requirements.size(); ++r) {
        const Requirement& q = s.requirements[r];
        if (q.when.holds(x[q.when.issue]) && !q.then.holds(x[q.then.issue]))
            std::printf("Breaks constraint /constraints: \"%s\" requires \"%s\" as stated in the scenario; no offer could be this package\n",
                        s.issues[q.when.issue].id.c_str(), s.issues[q.then.issue].id.c_str());
    }
    for (const Budget& budget : s.budgets) {
        double total = 0.0;
        for (std::size_t k : budget.issues) total += x[k];
        if (total > budget.max + tolerance::kBudget) std::printf("Breaks a budget: its issues add up to %s, above its maximum %s\n", format_number(total).c_str(), format_number(budget.max).c_str());
    }
    bool all = true;
    std::printf("%-16s %-10s %8s %12s  %s\n", "agent", "role", "utility", "reservation", "verdict");
    for (std::size_t i = 0; i < s.agent_count(); ++i) {
        const double u = utility(s, p, i, x);
        const bool required = s.protocol.decision.requires_acceptance(s.agents[i].role);
        const bool accepted = accepts(u, p.reservation[i]);
        if (required) all = all && accepted;
        std::printf("%-16s %-10s %8.4f %12.4f  %s\n", s.agents[i].id.c_str(), to_string(s.agents[i].role), u, p.reservation[i],
                    required ? (accepted ? "accepts" : "rejects") : (accepted ? "(would accept; not required)" : "(would reject; not required)"));
    }
    std::printf("Acceptable to every required agent at its reservation value: %s\n", all ? "yes" : "no");
}

}  // namespace negsim::cli
