// The additive utility model of docs/scenario-format.md: u_i(x) = sum_k w_ik * v_ik(x_k), each v_ik in [0, 1] and
// highest at the agent's ideal, 1 there except for tables and affine values imported from other tools (Keeney &
// Raiffa 1976, additive multi-attribute value). Inline, switch-dispatched and
// allocation-free: it is evaluated in the innermost loop of every negotiation.
#pragma once

#include "model/parameters.hpp"
#include "model/scenario.hpp"

#include <cmath>
#include <cstddef>

namespace negsim {

// v(x) for one agent and issue. `span` is the issue's max - min; for a discrete issue x and ideal are option
// indices and linear/quadratic shapes measure distance in option ranks.
[[nodiscard]] inline double issue_value(const ValueFunction& f, double x, double ideal, double span) {
    switch (f.shape) {
        case Shape::linear: return 1.0 - std::abs(x - ideal) / span;
        case Shape::quadratic: {
            const double d = (x - ideal) / span;
            return 1.0 - d * d;
        }
        case Shape::table: return f.table[static_cast<std::size_t>(x)];
        case Shape::affine: return f.intercept + f.slope * x;
    }
    return 0.0;
}

// Link terms (Scenario regions keep each constant within a box, so the weighted-sum oracle can ignore them).
[[nodiscard]] inline double link_terms(const Agent& agent, const Package& x) {
    double u = 0.0;
    for (const Link& link : agent.links) {
        bool all = true;
        for (const Condition& c : link.conditions) all = all && c.holds(x[c.issue]);
        if (all) u += link.value;
    }
    return u;
}

[[nodiscard]] inline double utility(const Scenario& scenario, const Parameters& p, std::size_t agent, const Package& x) {
    const auto& values = scenario.agents[agent].values;
    double u = 0.0;
    for (std::size_t k = 0; k < p.issues; ++k)
        u += p.weight[agent][k] * issue_value(values[k], x[k], p.ideal[agent][k], scenario.issues[k].span());
    return u + link_terms(scenario.agents[agent], x);
}

// The continuous issues moved a share theta of the way from `from` to `to`; discrete issues as in `to`. Every value
// function is concave on a continuous issue, so within a box of fixed discrete options each agent values the blend at
// least at (1 - theta) u(from) + theta u(to).
[[nodiscard]] inline Package blend(const Scenario& scenario, const Package& from, const Package& to, double theta) {
    Package x = to;
    for (std::size_t k = 0; k < scenario.issue_count(); ++k)
        if (!scenario.issues[k].discrete) x[k] = from[k] + theta * (to[k] - from[k]);
    return x;
}

}  // namespace negsim
