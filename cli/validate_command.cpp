// negsim validate: checks a scenario file and prints a digest of it (issues, agents, protocol, uncertainty, warnings).
#include "cli/cli_options.hpp"
#include "cli/commands.hpp"

#include "input/warnings.hpp"
#include "engine/strategy.hpp"
#include "model/text.hpp"

#include <algorithm>
#include <cstdio>
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


// A process in stages: each stage's table, issues, protocol and what it depends on (the digest above is the one-table
// negotiation that --one-table runs).
void print_stages(const Scenario& s) {
    if (s.stages.list.empty()) return;
    std::printf("\nStages (%zu, %s; the digest above is the one-table negotiation of --one-table):\n", s.stages.list.size(),
                kLookaheadNames[static_cast<std::size_t>(s.stages.lookahead)]);
    for (const Stage& stage : s.stages.list) {
        std::string table, issues;
        for (const Agent& a : stage.negotiation.agents) table += (table.empty() ? "" : ", ") + a.id + (a.role == Role::signatory ? "" : std::string(" (") + to_string(a.role) + ")");
        for (const Issue& issue : stage.negotiation.issues) issues += (issues.empty() ? "" : ", ") + issue.id;
        std::printf("  %s: %s over %s; %d rounds; %zu region(s); %zu dependenc%s; a failure %s\n", stage.id.c_str(), table.c_str(), issues.c_str(),
                    stage.negotiation.protocol.rounds, stage.negotiation.regions.size(), stage.dependencies.size(), stage.dependencies.size() == 1 ? "y" : "ies",
                    stage.ends_process ? "ends the process" : "lets it go on");
    }
}

}  // namespace

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
    if (!s.protocol.decision.votes.empty())
        required += s.protocol.decision.winning_complete ? "; " + std::to_string(s.protocol.decision.winning.size()) + " minimal winning coalitions"
                                                          : "; more minimal winning coalitions than negsim lists";
    std::printf("\nProtocol: %s; %d rounds; must accept: %s; breakdown %g per round\n", rules.c_str(), s.protocol.rounds,
                required.empty() ? "-" : required.c_str(), s.protocol.breakdown);
    if (!s.requirements.empty() || !s.budgets.empty() || s.regions.size() > 1) {
        const auto ranged = static_cast<std::size_t>(std::count_if(s.regions.begin(), s.regions.end(), [](const IssueBounds& r) { return r.limit_count > 0; }));
        std::printf("Constraints: %zu requirement(s), %zu budget(s); %zu region(s) of the package space", s.requirements.size(), s.budgets.size(), s.regions.size());
        if (ranged > 0) std::printf(", %zu with a range of an aggregate", ranged);
        std::printf("\n");
    }
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
    print_stages(s);
    // Values the scenario states but sampling never uses (exit code still 0: the file is valid).
    const std::vector<std::string> warnings = scenario_warnings(s);
    if (!warnings.empty()) std::printf("\nWarnings (%zu):\n", warnings.size());
    for (const std::string& warning : warnings) std::printf("  %s\n", printable_text(warning).c_str());
}

int validate_command(const std::vector<std::string>& args, Cluster&) {
    po::options_description options("negsim validate SCENARIO\n\nCheck SCENARIO and print a digest of it; exit code 2 and a "
                                    "message naming the place of the first error if it is invalid.\n\nOptions");
    options.add_options()("help", "this text");
    add_scenario_options(options);
    const auto vm = parse(args, options);
    if (shows_help(vm, options)) return 0;
    validate(scenario_input(vm, "validate"));
    return 0;
}

}  // namespace negsim::cli
