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

// Whether condition c holds at package x, or, when c is on an aggregate whose range `bounds` keeps decides it, on
// every package of that range (a condition is a half-line, so it holds on a range when it holds at both ends).
[[nodiscard]] inline bool holds_within(const Scenario& s, const Condition& c, const Package& x, const IssueBounds* bounds) {
    if (c.aggregate >= 0 && bounds)
        for (std::size_t l = 0; l < bounds->limit_count; ++l) {
            const AggregateLimit& limit = bounds->limits[l];
            if (limit.aggregate != static_cast<std::size_t>(c.aggregate)) continue;
            const bool at_lo = c.holds(limit.lo), at_hi = c.holds(limit.hi);
            if (at_lo == at_hi) return at_lo;
        }
    return holds(s, c, x);
}

// Link terms. The regions keep each constant within a region, so the weighted-sum oracle can ignore them. A relaxation
// over a region whose aggregate ranges its box does not hold (docs/design/optimiser.md, "Conditions on aggregates")
// passes `bounds`: a package outside the ranges then gets the terms of the region's packages.
[[nodiscard]] inline double link_terms(const Scenario& s, const Agent& agent, const Package& x, const IssueBounds* bounds = nullptr) {
    double u = 0.0;
    for (const Link& link : agent.links) {
        bool all = true;
        for (const Condition& c : link.conditions) all = all && holds_within(s, c, x, bounds);
        if (all) u += link.value;
    }
    return u;
}

[[nodiscard]] inline double utility(const Scenario& scenario, const Parameters& p, std::size_t agent, const Package& x) {
    const auto& values = scenario.agents[agent].values;
    double u = 0.0;
    for (std::size_t k = 0; k < p.issues; ++k)
        u += p.weight[agent][k] * issue_value(values[k], x[k], p.ideal[agent][k], scenario.issues[k].span());
    return u + link_terms(scenario, scenario.agents[agent], x);
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
