// Cooperative solution concepts (solutions.hpp).
#include "cooperative/solutions.hpp"

#include "random/distributions.hpp"
#include "optimise/package_optimizer.hpp"
#include "random/random_stream.hpp"
#include "model/utility.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace negsim {

namespace {

// Floors d_i + scale_i * z for every agent (maximin form).
UtilityProgram floors_of(const Parameters& p, const AgentValues& d, const AgentValues& scale) {
    UtilityProgram program;
    for (std::size_t i = 0; i < p.agents; ++i) {
        program.bounded[i] = true;
        program.floor[i] = d[i];
        program.scale[i] = scale[i];
    }
    return program;
}

// The largest z with u_i - d_i >= scale_i z for all i, over every region; then, at that z, the package with the
// largest utility sum (so the solution is Pareto-efficient, not just one of many maximin packages).
Solution efficient_maximin(const Negotiation& n, const AgentValues& d, const AgentValues& scale) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    const UtilityProgram program = floors_of(p, d, scale);
    double best = -std::numeric_limits<double>::infinity();
    const IssueBounds* region = nullptr;
    Solution solution;
    for (const IssueBounds& r : s.regions) {
        // Every agent is bounded, so the maximin always has an answer; a stalled one is a feasible lower bound.
        const ProgramResult result = maximin(n, program, r);
        if (result.has_value() && result->value > best) {
            best = result->value;
            region = &r;
            solution.x = result->x;
        }
    }
    solution.exists = best >= -1e-12;
    if (!solution.exists || region == nullptr) return solution;
    UtilityProgram efficient = program;
    for (std::size_t i = 0; i < p.agents; ++i) {
        efficient.floor[i] = d[i] + scale[i] * best - 1e-12;
        efficient.objective[i] = 1.0;
    }
    // Without an answer to the tie-break (infeasible at the rounding edge, or a numerical failure) the maximin
    // package stands: it is a solution, perhaps not the Pareto-efficient one among several.
    const ProgramResult tie_break = best_above_floors(n, efficient, *region);
    if (tie_break.has_value()) solution.x = tie_break->x;
    return solution;
}

double log_product(const Negotiation& n, const Package& x, const AgentValues& d, const AgentValues& w) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    double f = 0.0;
    for (std::size_t i = 0; i < p.agents; ++i) {
        if (w[i] <= 0.0) continue;
        const double surplus = utility(s, p, i, x) - d[i];
        if (surplus <= 0.0) return -std::numeric_limits<double>::infinity();
        f += w[i] * std::log(surplus);
    }
    return f;
}

Package step(const Scenario& s, const Package& x, const Package& direction, double theta) {
    Package y = x;
    for (std::size_t k = 0; k < s.issue_count(); ++k) y[k] = x[k] + theta * direction[k];
    return y;
}

// Frank-Wolfe on sum_i w_i log(u_i(x) - d_i) within one box (discrete issues fixed), from a package with every
// surplus positive. Returns the final package and its duality gap.
std::pair<Package, double> nash_in_box(const Negotiation& n, const IssueBounds& box, Package x, const AgentValues& d, const AgentValues& w,
                                       int iterations) {    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    double gap = std::numeric_limits<double>::infinity();
    for (int it = 0; it < iterations; ++it) {
        Coefficients g{};
        for (std::size_t i = 0; i < p.agents; ++i)
            if (w[i] > 0.0) g[i] = w[i] / (utility(s, p, i, x) - d[i]);
        const Package target = weighted_optimum(n, g, box);
        gap = 0.0;
        for (std::size_t i = 0; i < p.agents; ++i) gap += g[i] * (utility(s, p, i, target) - utility(s, p, i, x));
        if (gap <= 1e-12) break;
        Package direction{};
        for (std::size_t k = 0; k < s.issue_count(); ++k) direction[k] = target[k] - x[k];
        // Exact line search: the objective is concave in theta, so bisect on the sign of its right derivative.
        const auto rising = [&](double theta) {
            const Package y = step(s, x, direction, theta);
            double slope = 0.0;
            for (std::size_t i = 0; i < p.agents; ++i) {
                if (w[i] <= 0.0) continue;
                const double surplus = utility(s, p, i, y) - d[i];
                if (surplus <= 0.0) return false;
                slope += w[i] * directional_derivative(s, p, i, y, direction) / surplus;
            }
            return slope > 0.0;
        };
        double lo = 0.0, hi = 1.0;
        if (rising(1.0)) {
            lo = 1.0;
        } else {
            for (int b = 0; b < 60; ++b) {
                const double mid = 0.5 * (lo + hi);
                (rising(mid) ? lo : hi) = mid;
            }
        }
        if (lo == 0.0) break;  // no progress possible along the Frank-Wolfe direction
        x = step(s, x, direction, lo);
    }
    return {x, gap};
}

}  // namespace

Solution nash_solution(const Negotiation& n, const AgentValues& d, const AgentValues& w, int iterations) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    Solution best;
    double best_value = -std::numeric_limits<double>::infinity();
    UtilityProgram start;
    for (std::size_t i = 0; i < p.agents; ++i) {
        start.bounded[i] = w[i] > 0.0;
        start.floor[i] = d[i];
        start.scale[i] = 1.0;
    }
    for (const IssueBounds& region : s.regions) {
        const auto solve_box = [&](const IssueBounds& box) {
            // No answer: no agent has a positive weight (unbounded). A stalled answer is a real package whose
            // surpluses are at least its value, so it is a valid starting point all the same.
            const ProgramResult inner = maximin(n, start, box);
            if (!inner.has_value() || inner->value <= 1e-12) return;  // no package in the box gives every agent a positive surplus
            const auto [x, gap] = nash_in_box(n, box, inner->x, d, w, iterations);
            const double value = log_product(n, x, d, w);
            if (value > best_value) {
                best_value = value;
                best = {true, x, gap};
            }
        };
        if (for_each_discrete_choice(s, region, solve_box) == 0) solve_box(region);
    }
    return best;
}

Solution kalai_smorodinsky(const Negotiation& n, const AgentValues& d) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    // The utopia point: each agent's best utility among packages that give everyone at least d.
    AgentValues scale{};
    bool any = false;
    for (std::size_t i = 0; i < p.agents; ++i) {
        UtilityProgram program = floors_of(p, d, {});
        program.objective[i] = 1.0;
        double utopia = d[i];
        for (const IssueBounds& region : s.regions) {
            const ProgramResult r = best_above_floors(n, program, region);
            if (r.has_value()) utopia = std::max(utopia, r->value);
        }
        scale[i] = std::max(0.0, utopia - d[i]);
        any = any || scale[i] > 0.0;
    }
    if (!any) return utilitarian(n, d);
    return efficient_maximin(n, d, scale);
}

Solution egalitarian(const Negotiation& n, const AgentValues& d) {
    AgentValues ones{};
    ones.fill(1.0);
    return efficient_maximin(n, d, ones);
}

Solution utilitarian(const Negotiation& n, const AgentValues& d) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    UtilityProgram program = floors_of(p, d, {});
    for (std::size_t i = 0; i < p.agents; ++i) program.objective[i] = 1.0;
    Solution best;
    double best_value = -std::numeric_limits<double>::infinity();
    for (const IssueBounds& region : s.regions) {
        const ProgramResult r = best_above_floors(n, program, region);
        if (r.has_value() && r->value > best_value) {
            best_value = r->value;
            best = {true, r->x, 0.0};
        }
    }
    return best;
}

Package compromise_position(const Negotiation& n) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    Package x{};
    for (std::size_t k = 0; k < p.issues; ++k) {
        double total = 0.0, weighted = 0.0;
        for (std::size_t i = 0; i < p.agents; ++i) {
            total += p.power[i] * p.weight[i][k];
            weighted += p.power[i] * p.weight[i][k] * p.ideal[i][k];
        }
        const Issue& issue = s.issues[k];
        x[k] = total > 0.0 ? weighted / total : 0.5 * (issue.min + issue.max);
        if (issue.discrete) x[k] = std::round(x[k]);
    }
    return x;
}

std::vector<Package> pareto_frontier(const Negotiation& negotiation, const AgentValues& d, int points, std::uint64_t seed) {
    const Scenario& s = negotiation.scenario;
    const Parameters& p = negotiation.parameters;
    std::vector<Package> frontier;
    if (p.agents == 2) {
        // Levels of agent 0's utility from d_0 to its utopia; at each, the best package for agent 1.
        UtilityProgram program = floors_of(p, d, {});
        program.objective[0] = 1.0;
        double top = d[0];
        for (const IssueBounds& region : s.regions) {
            const ProgramResult r = best_above_floors(negotiation, program, region);
            if (r.has_value()) top = std::max(top, r->value);
        }
        program.objective = {};
        program.objective[1] = 1.0;
        program.objective[0] = 1e-9;  // weakly efficient points are pushed to the efficient end
        for (int n = 0; n < points; ++n) {
            program.floor[0] = d[0] + (top - d[0]) * n / std::max(1, points - 1) - 1e-12;
            bool found = false;
            ProgramSolution best;
            for (const IssueBounds& region : s.regions) {
                const ProgramResult r = best_above_floors(negotiation, program, region);
                if (r.has_value() && (!found || r->value > best.value)) {
                    best = r.value();
                    found = true;
                }
            }
            if (found) frontier.push_back(best.x);
        }
        return frontier;
    }
    RandomStream rng(seed, 0, purpose(Purpose::frontier));
    std::array<double, kMaxAgents> flat{};
    flat.fill(1.0 / static_cast<double>(p.agents));
    for (int n = 0; n < points; ++n) {
        Coefficients w{};
        dirichlet(rng, flat.data(), p.agents, static_cast<double>(p.agents), w.data());
        for (const IssueBounds& region : s.regions) {
            const Package x = weighted_optimum(negotiation, w, region);
            bool rational = true;
            for (std::size_t i = 0; i < p.agents; ++i) rational = rational && utility(s, p, i, x) >= d[i] - 1e-12;
            if (rational && std::find(frontier.begin(), frontier.end(), x) == frontier.end()) frontier.push_back(x);
        }
    }
    return frontier;
}

}  // namespace negsim
