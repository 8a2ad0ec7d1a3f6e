// negsim validate, evaluate, solve and trace, and the scenario loading every command shares (run: run_command.cpp).
#include "app/commands.hpp"

#include "input/input_error.hpp"
#include "input/warnings.hpp"
#include "analysis/output_files.hpp"
#include "model/parameters.hpp"
#include "engine/beliefs.hpp"
#include "engine/protocol.hpp"
#include "random/sampling.hpp"
#include "cooperative/solutions.hpp"
#include "analysis/sha256.hpp"
#include "engine/strategy.hpp"
#include "model/bounds.hpp"
#include "model/text.hpp"
#include "model/tolerance.hpp"
#include "model/utility.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
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


}  // namespace

std::string range_text(const Issue& issue) { return issue.discrete ? describe_range(issue) : describe_range(issue) + " " + printable_text(issue.unit, kEchoChars); }

EffectiveScenario load(const ScenarioInput& input) { return load_effective_scenario(input.path, input.overrides, input.nominal); }

void trace(const ScenarioInput& input, std::optional<std::uint64_t> seed_option, std::uint64_t sample, const std::string& out) {
    const Scenario s = load(input).scenario;
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
    // Private information adds the proposer's belief about each agent's reservation value and the acceptance it
    // predicted (docs/outputs.md, "trace.csv"); complete information keeps the columns it always had.
    const bool beliefs = s.information.any_private;
    csv << ",agent,utility,aspiration,threshold,response" << (beliefs ? ",belief_lo,belief_hi,predicted_acceptance" : "") << '\n';
    for (const TraceRow& row : rows) {
        csv << row.round << ',' << proposer_name(s, row.proposer);
        for (std::size_t k = 0; k < s.issue_count(); ++k) csv << ',' << csv_field(format_issue_value(s.issues[k], recorded_value(s, k, row.offer[k])));
        csv << ',' << s.agents[row.agent].id << ',' << format_number(row.utility) << ',' << format_number(row.aspiration) << ','
            << format_number(row.threshold) << ',' << (row.accepts ? "accept" : "reject");
        if (beliefs && row.believed) csv << ',' << format_number(row.belief_lo) << ',' << format_number(row.belief_hi) << ',' << format_number(row.acceptance);
        else if (beliefs) csv << ",,,";
        csv << '\n';
    }
    // Every agent's belief about every agent it knows only by a prior, round by round, in a second file beside the
    // trace (docs/outputs.md, "beliefs.csv"): the interval Bayesian updating has left and the belief's median.
    std::string beliefs_name;
    if (beliefs) {
        beliefs_name = file.stem().string() + "-beliefs.csv";
        std::ofstream& held = files.open(beliefs_name);
        held << "round,proposer,about,holder,belief_lo,belief_hi,belief_median\n";
        for (const TraceRow& row : rows)
            for (std::size_t i = 0; i < s.agent_count(); ++i) {
                if (!s.information.knows_only_prior[i][row.agent]) continue;
                const Belief& b = row.held[i];
                held << row.round << ',' << proposer_name(s, row.proposer) << ',' << s.agents[row.agent].id << ',' << s.agents[i].id << ','
                     << format_number(b.lo) << ',' << format_number(b.hi) << ',' << format_number(belief_quantile(b, prior_of(s, i, row.agent), 0.5)) << '\n';
            }
    }
    files.commit();
    std::printf("%s, seed %llu, sample %llu: %s after %d round%s", s.name.c_str(), static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(sample), to_string(outcome.end), outcome.rounds, outcome.rounds == 1 ? "" : "s");
    if (outcome.blocker >= 0) std::printf(" (blocker %s)", s.agents[static_cast<std::size_t>(outcome.blocker)].id.c_str());
    std::printf("; %zu rows in %s", rows.size(), out.c_str());
    if (beliefs) std::printf(", beliefs in %s", (file.parent_path() / beliefs_name).string().c_str());
    std::printf("\n");
}

void solve(const ScenarioInput& input, const std::optional<std::string>& out_option, int points) {
    const EffectiveScenario effective = load(input);
    const Scenario& s = effective.scenario;
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
    j["scenario"] = {{"name", s.name}, {"file", input.path}, {"sha256", sha256_hex(effective.text)}};
    if (!input.overrides.empty() || input.nominal) {  // as in summary.json (docs/outputs.md)
        nlohmann::ordered_json overrides = nlohmann::ordered_json::array();
        for (const Override& o : input.overrides) overrides.push_back({{"name", o.name}, {"value", o.value}});
        j["scenario"]["overrides"] = overrides;
        j["scenario"]["nominal"] = input.nominal;
    }
    nlohmann::ordered_json disagreement = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < s.agent_count(); ++i) disagreement[s.agents[i].id] = d[i];
    j["disagreement"] = disagreement;
    nlohmann::ordered_json solutions = nlohmann::ordered_json::object();
    // Column widths from the longest id or option name, so that no name is cut.
    std::vector<int> width(s.issue_count(), 10);
    for (std::size_t k = 0; k < s.issue_count(); ++k) {
        width[k] = std::max(width[k], static_cast<int>(s.issues[k].id.size()));
        for (const std::string& option : s.issues[k].options) width[k] = std::max(width[k], static_cast<int>(printable_text(option, kEchoChars).size()));
    }
    std::printf("%-22s", "solution");
    for (std::size_t k = 0; k < s.issue_count(); ++k) std::printf(" %*s", width[k], s.issues[k].id.c_str());
    for (const Agent& agent : s.agents) std::printf(" %*s", std::max(8, static_cast<int>(agent.id.size()) + 2), ("u_" + agent.id).c_str());
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
            if (s.issues[k].discrete) std::printf(" %*s", width[k], printable_text(format_issue_value(s.issues[k], c.solution.x[k]), kEchoChars).c_str());
            else std::printf(" %*.4g", width[k], recorded_value(s, k, c.solution.x[k]));
        }
        for (std::size_t i = 0; i < s.agent_count(); ++i)
            std::printf(" %*.4f", std::max(8, static_cast<int>(s.agents[i].id.size()) + 2), utility(s, p, i, c.solution.x));
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

void validate(const ScenarioInput& input) {
    const Scenario s = load(input).scenario;
    // The digest shows the file's text through printable_text: one line per entry, nothing that acts on the terminal.
    std::printf("%s: valid (scenario format 1)%s\n", printable_text(input.path).c_str(),
                input.overrides.empty() && !input.nominal ? "" : " with the overrides given");
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
    } else if (const auto* stacked = std::get_if<StackedAlternating>(&s.protocol.rules)) {
        rules = "stacked alternating offers, parties in turn:";
        for (std::size_t i = 0; i < stacked->order.size(); ++i) rules += (i ? ", " : " ") + s.agents[stacked->order[i]].id;
        rules += std::string("; offers ") + kStackedOfferNames[static_cast<std::size_t>(stacked->offer)];
        rules += std::string(", acceptance ") + kStackedAcceptanceNames[static_cast<std::size_t>(stacked->acceptance)];
        rules += std::string(", time ") + kTimeConventionNames[static_cast<std::size_t>(stacked->time)];
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
    // Values the scenario states but sampling never uses (exit code still 0: the file is valid).
    const std::vector<std::string> warnings = scenario_warnings(s);
    if (!warnings.empty()) std::printf("\nWarnings (%zu):\n", warnings.size());
    for (const std::string& warning : warnings) std::printf("  %s\n", printable_text(warning).c_str());
}

}  // namespace negsim::cli
