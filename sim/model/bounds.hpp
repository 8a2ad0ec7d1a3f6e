// How an agreed or offered value is written: a value at a bound, up to rounding, is written as the bound
// (docs/outputs.md, "Values at bounds"). Packages are computed with strict conditions ("above", "below") holding
// exactly: the region where x > 0 starts at the next double, 5e-324, and an optimum at that end of the region lies
// there. The package keeps that value, so that utilities see the condition hold; what is recorded (samples.csv,
// hist.csv, quantiles, trace.csv, solutions.json) is the bound itself.
#pragma once

#include "model/scenario.hpp"
#include "model/tolerance.hpp"

#include <cmath>
#include <cstddef>

namespace negsim {

// Whether package x keeps every budget (its issues add up to at most the maximum, tolerance::kBudget aside).
[[nodiscard]] inline bool keeps_budgets(const Scenario& s, const Package& x) {
    for (const Budget& budget : s.budgets)
        if (budget_total(budget, x) > budget.max + tolerance::kBudget) return false;
    return true;
}

// The value of continuous issue k as recorded: the nearest bound within tolerance::kAtBound of the issue's span, if
// any, else x. The bounds of an issue are the ends of its range and the value of every condition on it (in links and
// in `requires` constraints): together, the closures of every region's bounds. Discrete issues are returned as they
// are (option indices).
[[nodiscard]] inline double recorded_value(const Scenario& s, std::size_t k, double x) {
    const Issue& issue = s.issues[k];
    if (issue.discrete) return x;
    double nearest = x;
    double distance = tolerance::kAtBound * issue.span();
    const auto consider = [&](double bound) {
        const double d = std::abs(x - bound);
        if (d <= distance) {
            nearest = bound;
            distance = d;
        }
    };
    consider(issue.min);
    consider(issue.max);
    for (const Requirement& q : s.requirements) {
        if (q.when.issue == k) consider(q.when.value);
        if (q.then.issue == k) consider(q.then.value);
    }
    for (const Agent& agent : s.agents)
        for (const Link& link : agent.links)
            for (const Condition& c : link.conditions)
                if (c.issue == k) consider(c.value);
    return nearest;
}

}  // namespace negsim
