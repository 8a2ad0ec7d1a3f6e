// negsim solve: the cooperative solutions and the Pareto frontier of a scenario at its nominal parameters, printed
// and written as JSON.
#include "cli/cli_options.hpp"
#include "cli/commands.hpp"

#include "analysis/output_files.hpp"
#include "analysis/sha256.hpp"
#include "cooperative/solutions.hpp"
#include "input/input_error.hpp"
#include "model/bounds.hpp"
#include "model/parameters.hpp"
#include "model/text.hpp"
#include "model/tolerance.hpp"
#include "model/utility.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace negsim::cli {

namespace {

// The Nash solutions report the gap their solver left.
bool is_nash(const char* name) { return std::string(name).rfind("nash", 0) == 0; }

// The width of an agent's utility column, u_<id>.
int utility_width(const Agent& agent) { return std::max(8, static_cast<int>(agent.id.size()) + 2); }

// Prints the table's first line; returns the issues' column widths, from the longest id or option name, so that no
// name is cut.
std::vector<int> print_header(const Scenario& s) {
    std::vector<int> width(s.issue_count(), 10);
    for (std::size_t k = 0; k < s.issue_count(); ++k) {
        width[k] = std::max(width[k], static_cast<int>(s.issues[k].id.size()));
        for (const std::string& option : s.issues[k].options) width[k] = std::max(width[k], static_cast<int>(printable_text(option, kEchoChars).size()));
    }
    std::printf("%-22s", "solution");
    for (std::size_t k = 0; k < s.issue_count(); ++k) std::printf(" %*s", width[k], s.issues[k].id.c_str());
    for (const Agent& agent : s.agents) std::printf(" %*s", utility_width(agent), ("u_" + agent.id).c_str());
    std::printf("\n");
    return width;
}

// One solution's line of the table: its package and every agent's utility, or why there is none.
void print_row(const Scenario& s, const Parameters& p, const char* name, const Solution& solution, const std::vector<int>& width) {
    std::printf("%-22s", name);
    if (!solution.exists) {
        std::printf(" (no package gives every agent at least its reservation value)\n");
        return;
    }
    if (!solution.converged) {  // never printed as a solution
        if (is_nash(name)) std::printf(" (not found: the solver stopped with a gap of %.3g in the log of the product)\n", solution.gap);
        else std::printf(" (not found: the optimiser stopped before it could prove its answer optimal)\n");
        return;
    }
    for (std::size_t k = 0; k < s.issue_count(); ++k) {
        if (s.issues[k].discrete) std::printf(" %*s", width[k], printable_text(format_issue_value(s.issues[k], solution.x[k]), kEchoChars).c_str());
        else std::printf(" %*.4g", width[k], recorded_value(s, k, solution.x[k]));
    }
    for (std::size_t i = 0; i < s.agent_count(); ++i) std::printf(" %*.4f", utility_width(s.agents[i]), utility(s, p, i, solution.x));
    std::printf("\n");
}

// When no package gives every agent its reservation value: whose reservation empties the set. For each agent, the
// most any package gives it while every other agent gets its reservation; an agent for which that is below its own
// reservation (or for which the others alone cannot all be met) is named, with the numbers.
nlohmann::ordered_json explain_empty_set(const Scenario& s, const Parameters& p, const Negotiation& n, const AgentValues& d) {
    nlohmann::ordered_json reasons = nlohmann::ordered_json::array();
    std::string named;
    for (std::size_t i = 0; i < s.agent_count(); ++i) {
        const Solution best = best_for_agent(n, d, i);
        if (!best.exists || !best.converged) continue;  // the others' reservations conflict among themselves
        const double u = utility(s, p, i, best.x);
        if (acceptable(u, d[i])) continue;
        reasons.push_back({{"agent", s.agents[i].id}, {"reservation", d[i]}, {"best_given_others", u}});
        char line[160];
        std::snprintf(line, sizeof line, "%s%s (at most %.4f, reservation %.4f)", named.empty() ? "" : ", ", s.agents[i].id.c_str(), u, d[i]);
        named += line;
    }
    if (named.empty())
        std::printf("No package gives every agent its reservation value, and no single agent's reservation alone is the cause: "
                    "the set stays empty without any one of them\n");
    else
        std::printf("No package gives every agent its reservation value. Whose reservation empties the set: the most a package gives "
                    "the agent while every other agent gets its reservation is below its own: %s\n", named.c_str());
    return reasons;
}

void write_solutions(const nlohmann::ordered_json& j, const std::filesystem::path& file) {
    if (std::filesystem::is_directory(file)) throw InputError("--out", "", file.string() + " is a folder; expected a file name such as solutions.json");
    OutputFiles files(file.has_parent_path() ? file.parent_path() : std::filesystem::path("."));
    files.open(file.filename().string()) << j.dump(2) << '\n';
    files.commit();
    std::printf("Written to %s\n", file.string().c_str());
}

}  // namespace

void solve(const ScenarioInput& input, const std::optional<std::string>& out_option, int points) {
    const EffectiveScenario effective = load(input);
    require_one_table(input, effective.scenario, "solve");
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
    const std::vector<int> width = print_header(s);
    for (const Named& c : concepts) {
        const bool nash = is_nash(c.name);
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
        print_row(s, p, c.name, c.solution, width);
    }
    j["solutions"] = solutions;
    // The frontier among individually rational packages; if there are none, among all packages, and said so.
    const bool rational_set_empty = !concepts[4].solution.exists;
    AgentValues floor = d;
    if (rational_set_empty) floor.fill(0.0);
    nlohmann::ordered_json frontier = nlohmann::ordered_json::array();
    for (const Package& x : pareto_frontier(n, floor, points, s.monte_carlo.seed)) frontier.push_back(describe(x));
    j["individually_rational_set_empty"] = rational_set_empty;
    if (rational_set_empty) j["reservations_emptying_the_set"] = explain_empty_set(s, p, n, d);
    j["pareto_frontier"] = frontier;
    std::printf("Pareto frontier: %zu points%s\n", frontier.size(),
                rational_set_empty ? " (no package gives every agent its reservation value: frontier over all packages)" : " (individually rational)");
    write_solutions(j, out_option ? std::filesystem::path(*out_option) : std::filesystem::path("out") / s.name / "solutions.json");
}

int solve_command(const std::vector<std::string>& args, Cluster&) {
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
    solve(scenario_input(vm, "solve"), out, static_cast<int>(count(vm, "points", 2, 10000)));
    return 0;
}

}  // namespace negsim::cli
