// One negotiation's fixed inputs, carried as one value through the optimiser, the cooperative solutions and the
// protocols instead of (scenario, parameters, order) in every signature. Built once per negotiation on the stack; its
// one allocation is the option table below (sized by the scenario), and nothing in it is virtual.
#pragma once

#include "model/parameters.hpp"
#include "model/scenario.hpp"
#include "model/utility.hpp"

#include <array>
#include <cassert>
#include <cstdint>
#include <vector>

namespace negsim {

// Per-negotiation precomputation: for each issue, the agents sorted by ideal point. Built once per negotiation
// (ideal points do not change within one), so each weighted-sum maximisation is linear in the number of agents.
struct IdealOrder {
    std::array<std::array<std::uint8_t, kMaxAgents>, kMaxIssues> by_issue{};
};

[[nodiscard]] IdealOrder order_ideals(const Parameters& p);

// Every agent's value of every option of every discrete issue, as issue_value gives it (unweighted), and the agent's
// weight on that option's issue, one row of `slots` per agent: the weighted-sum oracle sums a row at a time and
// utility() reads one entry per discrete issue, instead of evaluating value functions scattered over the scenario;
// and, per option, every agent's weight times value side by side, which utilities() adds for all agents at once.
// Unweighted, so every sum is formed with the same operations in the same order as from the value functions: results
// are bit-identical. Its size is known only from the scenario (up to 64 agents by 2 048 options), hence a vector.
struct OptionTable {
    std::array<std::uint16_t, kMaxIssues> offset{};  // issue k's options start at offset[k] within a row
    std::size_t slots = 0;                            // the options of every discrete issue: the length of a row
    std::size_t agents = 0;
    // value(agent)[offset[k] + option], then weight(agent)[slot], the agent's weight on the slot's issue, then
    // weighted(slot)[agent], every agent's weight times value of the slot's option: one block.
    std::vector<double> data;

    [[nodiscard]] const double* value(std::size_t agent) const { return data.data() + agent * slots; }
    [[nodiscard]] const double* weight(std::size_t agent) const { return data.data() + (agents + agent) * slots; }
    [[nodiscard]] const double* weighted(std::size_t slot) const { return data.data() + 2 * agents * slots + slot * agents; }
};

[[nodiscard]] OptionTable tabulate_options(const Scenario& s, const Parameters& p);

// One negotiation's fixed inputs: the validated scenario, the sample's parameters, and what is precomputed from them once.
struct Negotiation {
    Negotiation(const Scenario& s, const Parameters& p) : scenario(s), parameters(p), order(order_ideals(p)), options(tabulate_options(s, p)) {}
    // The negotiation refers to its scenario and parameters: they must outlive it, so temporaries are refused.
    Negotiation(const Scenario&&, const Parameters&) = delete;
    Negotiation(const Scenario&, const Parameters&&) = delete;

    const Scenario& scenario;
    const Parameters& parameters;
    IdealOrder order;
    OptionTable options;
};

// Agent `agent`'s utility of package x: utility(scenario, parameters, agent, x) with discrete issues read from the
// option table, bit for bit the same value. Every package the engine builds holds an option of each discrete issue
// (the searches never mix them); the sanitizer build checks it. `bounds`: a relaxation's region, whose aggregate
// ranges decide the link terms on aggregates (link_terms, model/utility.hpp).
[[nodiscard]] inline double utility(const Negotiation& n, std::size_t agent, const Package& x, const IssueBounds* bounds = nullptr) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    const double* row = n.options.value(agent);
    const auto& values = s.agents[agent].values;
    double u = 0.0;
    for (std::size_t k = 0; k < p.issues; ++k) {
        assert(!s.issues[k].discrete || (x[k] >= 0.0 && x[k] <= s.issues[k].max && static_cast<double>(static_cast<std::size_t>(x[k])) == x[k]));
        const double v = s.issues[k].discrete ? row[n.options.offset[k] + static_cast<std::size_t>(x[k])]
                                              : issue_value(values[k], x[k], p.ideal[agent][k], s.issues[k].span());
        u += p.weight[agent][k] * v;
    }
    return u + link_terms(s, s.agents[agent], x, bounds);
}

// Every agent's utility of package x into u, each exactly utility(n, i, x, bounds), bit for bit: each agent's terms
// are added in issue order, as there; the issues are walked once for all agents, which reads each issue's kind and
// place in the option table once instead of once per agent.
inline void utilities(const Negotiation& n, const Package& x, const IssueBounds* bounds, std::array<double, kMaxAgents>& u) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    for (std::size_t i = 0; i < p.agents; ++i) u[i] = 0.0;
    for (std::size_t k = 0; k < p.issues; ++k) {
        if (s.issues[k].discrete) {
            assert(x[k] >= 0.0 && x[k] <= s.issues[k].max && static_cast<double>(static_cast<std::size_t>(x[k])) == x[k]);
            const double* __restrict weighted = n.options.weighted(n.options.offset[k] + static_cast<std::size_t>(x[k]));
            for (std::size_t i = 0; i < p.agents; ++i) u[i] += weighted[i];  // the same product utility() forms
            continue;
        }
        const double span = s.issues[k].span();
        for (std::size_t i = 0; i < p.agents; ++i) u[i] += p.weight[i][k] * issue_value(s.agents[i].values[k], x[k], p.ideal[i][k], span);
    }
    for (std::size_t i = 0; i < p.agents; ++i)
        if (!s.agents[i].links.empty()) u[i] += link_terms(s, s.agents[i], x, bounds);
}

}  // namespace negsim
