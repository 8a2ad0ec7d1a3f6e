// The oracle every package search is built on: the package maximising a non-negative weighted sum of the agents'
// utilities, sum_j c_j u_j(x), within per-issue bounds. Under the additive utility model the issues separate, so each
// is maximised alone and exactly (docs/protocols.md, "Offers").
#pragma once

#include "model/negotiation.hpp"
#include "model/scenario.hpp"

#include <array>

namespace negsim {

[[nodiscard]] IssueBounds full_bounds(const Scenario& s);

using Coefficients = std::array<double, kMaxAgents>;

// Budgets (Scenario::budgets) are met by pricing their issues: a Lagrange multiplier on each budget is raised by
// bisection until the issues' optima fit, and at the multiplier where they jump the two optima are mixed so the
// budget binds exactly (Everett 1963, "Generalized Lagrange multiplier method").
// Continuous issues: sum_j c_j w_jk v_jk(x) is concave (each linear agent adds a kink at its ideal, each quadratic
// agent a parabola) and is maximised exactly by walking the sorted ideals; among equal maxima the middle of the flat
// top (clipped to the bounds). Discrete issues: enumeration of the options within bounds; the first best is taken.
// Walking the sorted ideals uses the negotiation's IdealOrder (model/negotiation.hpp).
// Only c_j of the negotiation's agents are read; the package is 0 beyond the scenario's issues.
[[nodiscard]] Package weighted_optimum(const Negotiation& n, const Coefficients& c, const IssueBounds& bounds);

// weighted_optimum(n, c, bounds) with c[agent] = coefficient, for many coefficients of one agent (the proposer's
// multiplier in its concession, offer.cpp), bit for bit the same packages for less work: the other agents' sums are
// formed once, and for each coefficient a discrete issue's best option is predicted from them and the agent's own
// values. Where the prediction's best and runner-up are closer than their round-off could make them differ, the
// issue's sums are formed exactly as weighted_optimum forms them and decide. Continuous issues and budgets are
// solved as in weighted_optimum. Refers to n, and to bounds, which must outlive it.
class ParametricOptimum {
public:
    ParametricOptimum(const Negotiation& n, const Coefficients& c, std::size_t agent, const IssueBounds& bounds);
    [[nodiscard]] Package at(double coefficient) const;

private:
    const Negotiation& n_;
    Coefficients c_;
    std::size_t agent_;
    const IssueBounds& bounds_;
    std::array<double, kMaxIssues * kMaxOptions> rest_;       // per option slot, sum_{j != agent} c_j w_j v_j
    std::array<double, kMaxIssues * kMaxOptions> magnitude_;  // ... and sum_{j != agent} |c_j w_j v_j|
    std::array<double, kMaxIssues * kMaxOptions> own_;        // w_agent v_agent
    double margin_ = 0.0;                                     // round-off per unit of magnitude (the constructor says why)
};

[[nodiscard]] inline Package weighted_optimum(const Negotiation& n, const Coefficients& c) {
    return weighted_optimum(n, c, full_bounds(n.scenario));
}

}  // namespace negsim
