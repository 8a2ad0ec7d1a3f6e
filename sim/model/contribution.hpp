// Contributions and aggregates (docs/scenario-format.md, "Contributions"): an issue may be one agent's contribution
// to a public good (its line), and aggregates add lines up (the guarantee's total force, how many guarantors deploy).
// The loader folds an agent's linear value of an aggregate into its per-issue values, exactly (a linear function of a
// weighted sum is a weighted sum of per-issue terms), so the engine's additive model and its per-issue optimiser are
// unchanged; what stays here is what the outputs and the no-deal point need.
#pragma once

#include "model/capacity.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace negsim {

// What a contribution issue is worth to the aggregate: per option for a discrete issue, per unit for a continuous one.
struct AggregateTerm {
    std::size_t issue = 0;
    std::array<double, kMaxOptions> amount{};  // discrete: the amount each option adds
    double per_unit = 0.0;                      // continuous: amount = per_unit * x

    [[nodiscard]] double at(bool discrete, double x) const { return discrete ? amount[static_cast<std::size_t>(x)] : per_unit * x; }
};

// A sum of contributions (the guarantee's strength, in its own unit), or a count of contributors at or above a level
// (a sum whose amounts are 0 or 1). `threshold`, when set, is the level a credible guarantee needs: the outputs give
// how often deals reach it.
struct Aggregate {
    std::string id;
    std::string label;
    std::string unit;
    bool count = false;
    std::vector<AggregateTerm> terms;
    double lo = 0.0;  // the smallest and largest values the terms can add up to
    double hi = 0.0;
    bool has_threshold = false;
    double threshold = 0.0;
};

// What a contribution's line is if talks fail: a fixed option or value, or what the contributor would give anyway,
// the voluntary-contribution Nash equilibrium (its own best line given everyone else's; under the additive model a
// dominant strategy, so the equilibrium is found line by line; docs/scenario-format.md, "Contributions").
struct StatusQuo {
    bool equilibrium = false;
    double value = 0.0;  // fixed: in the issue's unit, the option index for a discrete issue
};

// The contributions of a scenario: per issue, its contributor (-1 if the issue is not a contribution) and its status quo.
struct Contributions {
    std::array<int, kMaxIssues> contributor{};
    std::array<StatusQuo, kMaxIssues> status_quo{};
    // The contributor's capability (defence spending, say; "capability" in the file, 0 if not given), against which
    // the outputs compare its share of the burden (free-riding; Olson & Zeckhauser 1966).
    std::array<double, kMaxIssues> capability{};
    std::array<std::uint64_t, kMaxAgents> lines{};  // per agent, bit k set when issue k is its contribution
    std::vector<Aggregate> aggregates;
    bool any = false;

    Contributions() { contributor.fill(-1); }
    [[nodiscard]] bool is_contribution(std::size_t issue) const { return contributor[issue] >= 0; }
};

}  // namespace negsim
