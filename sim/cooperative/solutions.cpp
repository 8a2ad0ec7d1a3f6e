// Cooperative solution concepts (solutions.hpp).
#include "cooperative/solutions.hpp"

#include "random/distributions.hpp"
#include "optimise/package_optimizer.hpp"
#include "model/tolerance.hpp"
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
        solution.converged = solution.converged && result.optimal();  // a stalled answer is only a lower bound
        if (result.has_value() && result->value > best) {
            best = result->value;
            region = &r;
            solution.x = result->x;
        }
    }
    solution.exists = best >= -tolerance::kAccept;
    if (!solution.exists || region == nullptr) return solution;
    UtilityProgram efficient = program;
    for (std::size_t i = 0; i < p.agents; ++i) {
        efficient.floor[i] = d[i] + scale[i] * best - tolerance::kAccept;
        efficient.objective[i] = 1.0;
    }
    // Without an answer to the tie-break (infeasible at the rounding edge, or a numerical failure) the maximin
    // package stands: it is a solution, perhaps not the Pareto-efficient one among several.
    const ProgramResult tie_break = best_above_floors(n, efficient, *region);
    if (tie_break.has_value()) solution.x = tie_break->x;
    return solution;
}

}  // namespace

Solution kalai_smorodinsky(const Negotiation& n, const AgentValues& d) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    // The utopia point: each agent's best utility among packages that give everyone at least d.
    AgentValues scale{};
    bool any = false;
    bool proven = true;  // the utopia point rests on floors problems: a stalled one understates it
    for (std::size_t i = 0; i < p.agents; ++i) {
        UtilityProgram program = floors_of(p, d, {});
        program.objective[i] = 1.0;
        double utopia = d[i];
        for (const IssueBounds& region : s.regions) {
            const ProgramResult r = best_above_floors(n, program, region);
            proven = proven && (r.optimal() || r.status() == SolveStatus::infeasible);
            if (r.has_value()) utopia = std::max(utopia, r->value);
        }
        scale[i] = std::max(0.0, utopia - d[i]);
        any = any || scale[i] > 0.0;
    }
    Solution solution = any ? efficient_maximin(n, d, scale) : utilitarian(n, d);
    solution.converged = solution.converged && proven;
    return solution;
}

Solution egalitarian(const Negotiation& n, const AgentValues& d) {
    const Parameters& p = n.parameters;
    // s_i (u_i - d_i) >= t is u_i - d_i >= t / s_i: the maximin's scale is 1 / s_i (0 for an agent without a stake,
    // whose row then only keeps it at d_i). Without any stake at all, every agent counts equally.
    AgentValues scale{};
    bool anyone = false;
    for (std::size_t i = 0; i < p.agents; ++i) {
        scale[i] = p.salience[i] > 0.0 ? 1.0 / p.salience[i] : 0.0;
        anyone = anyone || p.salience[i] > 0.0;
    }
    if (!anyone) scale.fill(1.0);
    return efficient_maximin(n, d, scale);
}

namespace {

// The best package of a floors program over every region; none when no region has one.
Solution best_over_regions(const Negotiation& n, const UtilityProgram& program) {
    Solution best;
    bool proven = true;
    double best_value = -std::numeric_limits<double>::infinity();
    for (const IssueBounds& region : n.scenario.regions) {
        const ProgramResult r = best_above_floors(n, program, region);
        proven = proven && (r.optimal() || r.status() == SolveStatus::infeasible);
        if (r.has_value() && r->value > best_value) {
            best_value = r->value;
            best = {true, r->x, 0.0};
        }
    }
    best.converged = proven;
    return best;
}

}  // namespace

Solution utilitarian(const Negotiation& n, const AgentValues& d) {
    const Parameters& p = n.parameters;
    UtilityProgram program = floors_of(p, d, {});
    for (std::size_t i = 0; i < p.agents; ++i) program.objective[i] = p.salience[i];
    return best_over_regions(n, program);
}

Solution best_for_agent(const Negotiation& n, const AgentValues& d, std::size_t agent) {
    UtilityProgram program = floors_of(n.parameters, d, {});
    program.bounded[agent] = false;
    program.objective[agent] = 1.0;
    return best_over_regions(n, program);
}

Package compromise_position(const Negotiation& n) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    Package x{};
    for (std::size_t k = 0; k < p.issues; ++k) {
        double total = 0.0, weighted = 0.0;
        for (std::size_t i = 0; i < p.agents; ++i) {
            total += p.power[i] * p.salience[i] * p.weight[i][k];
            weighted += p.power[i] * p.salience[i] * p.weight[i][k] * p.ideal[i][k];
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
        program.objective[0] = tolerance::kFrontierTieBreakWeight;  // weakly efficient points are pushed to the efficient end
        for (int n = 0; n < points; ++n) {
            program.floor[0] = d[0] + (top - d[0]) * n / std::max(1, points - 1) - tolerance::kAccept;
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
    // More agents: for each direction theta drawn uniformly from the simplex, the point of the individually rational
    // set furthest from d along theta, max z subject to u_i - d_i >= theta_i z, made Pareto-efficient by the largest
    // utility sum at that z (efficient_maximin). Every efficient point above d lies in some direction, so the points
    // spread over the frontier as the directions spread over the simplex (weighted sums without floors instead give
    // corner points, most of them not individually rational).
    RandomStream rng(seed, 0, purpose(Purpose::frontier));
    std::array<double, kMaxAgents> flat{};
    flat.fill(1.0 / static_cast<double>(p.agents));
    for (int k = 0; k < points; ++k) {
        AgentValues theta{};
        dirichlet(rng, flat.data(), p.agents, static_cast<double>(p.agents), theta.data());
        const Solution point = efficient_maximin(negotiation, d, theta);
        if (point.exists && std::find(frontier.begin(), frontier.end(), point.x) == frontier.end()) frontier.push_back(point.x);
    }
    return frontier;
}

}  // namespace negsim
