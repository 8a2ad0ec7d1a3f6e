// negsim evaluate: one package against the scenario, at the nominal values and across the scenario's uncertainty.
#include "cli/cli_options.hpp"
#include "cli/commands.hpp"

#include "analysis/wilson.hpp"
#include "engine/strategy.hpp"
#include "input/input_error.hpp"
#include "model/parameters.hpp"
#include "model/text.hpp"
#include "model/tolerance.hpp"
#include "model/utility.hpp"
#include "model/voting.hpp"
#include "random/sampling.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace negsim::cli {

namespace {

// --package ISSUE=VALUE,...: a value in range, or an option's name, for every issue of the scenario, each once.
Package parse_package(const Scenario& s, const std::string& package_text) {
    std::vector<std::string> issue_ids;
    for (const Issue& issue : s.issues) issue_ids.push_back(issue.id);

    Package x{};
    std::vector<bool> given(s.issue_count(), false);
    std::stringstream items(package_text);
    std::string item;
    while (std::getline(items, item, ',')) {
        const auto eq = item.find('=');
        if (eq == std::string::npos) throw InputError("--package", "", quote_text(item) + " is not issue=value");
        // "a=1, b=2" as people write lists: spaces around the names and values are not part of them.
        const std::string id = trimmed(item.substr(0, eq));
        const std::string value = trimmed(item.substr(eq + 1));
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
    return x;
}

}  // namespace

void evaluate(const ScenarioInput& input, const std::string& package_text, std::optional<std::uint64_t> samples_option,
              std::optional<std::uint64_t> seed_option) {
    const Scenario s = load(input).scenario;
    require_one_table(input, s, "evaluate");
    const Package x = parse_package(s, package_text);

    const Parameters p = nominal_parameters(s);
    for (std::size_t r = 0; r < s.requirements.size(); ++r) {
        const Requirement& q = s.requirements[r];
        const auto subject = [&](const Condition& c) {
            return c.aggregate >= 0 ? s.contributions.aggregates[static_cast<std::size_t>(c.aggregate)].id : s.issues[c.issue].id;
        };
        if (holds(s, q.when, x) && !holds(s, q.then, x))
            std::printf("Breaks constraint /constraints: \"%s\" requires \"%s\" as stated in the scenario; no offer could be this package\n",
                        subject(q.when).c_str(), subject(q.then).c_str());
    }
    for (const Budget& budget : s.budgets) {
        const double total = budget_total(budget, x);
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

    // Across the uncertainty: the same package against every sample's draw of the parameters.
    const std::uint64_t samples = samples_option.value_or(s.monte_carlo.samples);
    const std::uint64_t seed = seed_option.value_or(s.monte_carlo.seed);
    const DecisionRule& rule = s.protocol.decision;
    std::vector<std::uint64_t> accepted(s.agent_count(), 0);
    std::uint64_t passed = 0;
    Parameters q;
    for (std::uint64_t k = 0; k < samples; ++k) {
        sample_parameters(s, seed, k, q);
        AgentMask in{};
        bool required_accept = true;
        for (std::size_t i = 0; i < s.agent_count(); ++i) {
            in[i] = accepts(utility(s, q, i, x), q.reservation[i]);
            accepted[i] += in[i] ? 1 : 0;
            required_accept = required_accept && (in[i] || !rule.required[i]);
        }
        passed += required_accept && passes(rule.votes, in, s.agent_count()) ? 1 : 0;
    }
    std::printf("\nAcross the scenario's uncertainty (%llu samples, seed %llu): the probability that each agent would accept the package\n"
                "(its sampled utility at least its sampled reservation value), with the 95%% interval of that estimate:\n",
                static_cast<unsigned long long>(samples), static_cast<unsigned long long>(seed));
    for (std::size_t i = 0; i < s.agent_count(); ++i) {
        const Interval ci = wilson_interval(accepted[i], samples);
        std::printf("%-16s %-10s %6.1f%%  [%.1f%% to %.1f%%]%s\n", s.agents[i].id.c_str(), to_string(s.agents[i].role),
                    100.0 * static_cast<double>(accepted[i]) / static_cast<double>(samples), 100.0 * ci.lo, 100.0 * ci.hi,
                    rule.required[i] ? "" : "  (not required)");
    }
    const Interval ci = wilson_interval(passed, samples);
    std::printf("Every required agent accepts%s: %.1f%%  [%.1f%% to %.1f%%]\n", rule.votes.empty() ? "" : " and the votes carry it",
                100.0 * static_cast<double>(passed) / static_cast<double>(samples), 100.0 * ci.lo, 100.0 * ci.hi);
}

int evaluate_command(const std::vector<std::string>& args, Cluster&) {
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
    const std::optional<std::uint64_t> samples = optional_count(vm, "samples", 1, 1000000000);
    const std::optional<std::uint64_t> seed = seed_argument(vm);
    evaluate(scenario_input(vm, "evaluate"), vm["package"].as<std::string>(), samples, seed);
    return 0;
}

}  // namespace negsim::cli
