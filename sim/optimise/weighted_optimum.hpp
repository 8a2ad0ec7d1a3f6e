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

[[nodiscard]] inline Package weighted_optimum(const Negotiation& n, const Coefficients& c) {
    return weighted_optimum(n, c, full_bounds(n.scenario));
}

}  // namespace negsim
