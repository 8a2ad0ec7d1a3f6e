// Column generation over packages (column_generation.hpp).
#include "optimise/column_generation.hpp"

#include "model/utility.hpp"

#include <algorithm>
#include <cmath>

namespace negsim::master {

namespace {

// When not even the first master can be solved: the best single column, which is a real package (a feasible point
// and a lower bound), reported as stalled; none for a floors problem whose columns all miss a floor.
bool fall_back_on_single_column(Mode mode, const Parameters& p, const UtilityProgram& program, const Columns& columns,
                                MasterProblem::Solution& out) {
    const master::SingleColumn single = master::best_single_column(mode, p.agents, program, columns);
    if (!single.found) return false;
    out = {};
    out.value = single.value;
    out.weight[single.column] = 1.0;
    return true;
}

// Drops the columns `master` gives no weight, moving the weights with their columns; false if every column is used.
bool keep_used_columns(Columns& columns, MasterProblem::Solution& master) {
    const std::size_t kept = keep_weighted_columns(columns.count, columns.x, columns.u, master.weight);
    if (kept == columns.count) return false;
    columns.count = kept;
    return true;
}

}  // namespace

// The master over `columns` and the columns its duals price, until the master is optimal or `ending` says so.
Run column_generation(Mode mode, const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, Columns& columns,
                      const Ending& ending) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    if (columns.count == 0) {
        add_joint_column(n, program, bounds, columns);
        for (std::size_t i = 0; i < p.agents; ++i) {
            if (!program.bounded[i]) continue;
            Coefficients own{};
            for (std::size_t j = 0; j < p.agents; ++j) own[j] = j == i ? 1.0 : tolerance::kTieBreakWeight;
            add_column(n, columns, weighted_optimum(n, own, bounds), bounds);
        }
    }
    Run run;
    MasterProblem problem(mode, p, program);
    MasterProblem::Solution master;  // the last master solved to optimality: kept when a later one fails
    run.status = problem.start(columns);
    // A maximin master is feasible by construction (z is free, any column mixes to a point): a phase 1 that ends
    // "infeasible" has failed numerically (seen with 15 bounded agents), and is handled as such below.
    if (mode == Mode::maximin && run.status == SolveStatus::infeasible) run.status = SolveStatus::numerical_failure;
    if (run.status == SolveStatus::optimal) {
        problem.read(master, columns.count);
        // The masters solved after appending a column are provisional: only the one the search ends with is checked.
        // Whether the search may end here: yes once the master passes its check; if the check made the master be
        // re-optimised (or solved afresh), its new duals price again.
        const auto checked = [&] {
            bool changed = false;
            SolveStatus status = problem.verify(changed);
            if (status == SolveStatus::optimal && !changed) return true;
            if (status != SolveStatus::optimal) status = problem.start(columns);
            if (status != SolveStatus::optimal) {
                run.status = SolveStatus::stalled;  // keep the last master
                return true;
            }
            problem.read(master, columns.count);
            return false;
        };
        for (int round = 0;; ++round) {
            if (round == tolerance::kColumnGenerationRounds) {
                run.status = SolveStatus::stalled;
                break;
            }
            // Price: the column with the largest reduced gain maximises sum_i (objective_i + lambda_i) u_i(x). Only
            // the agents' coefficients are read (weighted_optimum.hpp), so they alone are written, once per round.
            Coefficients c;
            double offset = master.convexity_dual;
            for (std::size_t i = 0; i < p.agents; ++i) {
                c[i] = (mode == Mode::floors ? program.objective[i] : 0.0) + master.lambda[i];
                offset += master.lambda[i] * (program.bounded[i] ? program.floor[i] : 0.0);
            }
            const Package x = weighted_optimum(n, c, bounds);
            double gain = -offset;
            std::array<double, kMaxAgents> u;
            utilities(n, x, &bounds, u);
            for (std::size_t i = 0; i < p.agents; ++i) gain += c[i] * u[i];
            // The Lagrangian at the pricing optimum x (Geoffrion 1974): maximin, max_x sum_i lambda_i (u_i(x) - floor_i)
            // / sum_i lambda_i scale_i >= z*; floors, max_x sum_i objective_i u_i(x) + sum_i lambda_i (u_i(x) - floor_i).
            // Multipliers a master's round-off left below 0 bound nothing, so such a round adds no bound.
            double lagrangian = 0.0, mass = 0.0;
            bool multipliers = true;
            for (std::size_t i = 0; i < p.agents; ++i) {
                if (mode == Mode::floors) lagrangian += program.objective[i] * u[i];
                if (!program.bounded[i]) continue;
                lagrangian += master.lambda[i] * (u[i] - program.floor[i]);
                mass += master.lambda[i] * program.scale[i];
                multipliers = multipliers && master.lambda[i] >= 0.0;
            }
            if (multipliers && mode == Mode::floors) run.bound = std::min(run.bound, lagrangian);
            if (mode == Mode::maximin && mass > 0.0) {
                if (multipliers && lagrangian / mass < run.bound) {
                    run.bound = lagrangian / mass;
                    for (std::size_t i = 0; i < p.agents; ++i) run.bound_lambda[i] = program.bounded[i] ? master.lambda[i] / mass : 0.0;
                }
                if (lagrangian < ending.give_up_below * mass) return Run{SolveStatus::infeasible, 0.0, {}, {}, {}};
            }
            if (gain <= tolerance::kColumnGain * (1.0 + std::abs(master.value))) {
                if (!checked()) continue;
                run.converged = run.status == SolveStatus::optimal;
                break;
            }
            // An early end, on a checked master only: a provisional one's value could be round-off's.
            const bool early = master.value >= ending.enough ||
                               (ending.relative_gap > 0.0 && run.bound - master.value <= ending.relative_gap * (1.0 + std::abs(master.value)));
            if (early) {
                if (checked()) break;
                continue;
            }
            if (columns.count == kMaxColumns && !has_column(columns, x, p.issues)) {
                // Full: keep only the columns the master uses (its basis, at most one per row) and solve it afresh, so
                // the search goes on instead of stopping unproven. The master's solution lives on those columns, so
                // it stays the last good master if the fresh solve fails.
                if (!keep_used_columns(columns, master)) {
                    run.status = SolveStatus::stalled;
                    break;
                }
                if (problem.start(columns) != SolveStatus::optimal) {
                    run.status = SolveStatus::stalled;
                    break;
                }
                problem.read(master, columns.count);
            }
            const std::size_t before = columns.count;
            add_column(n, columns, x, u);
            // Already a column: the master's duals price it within their residual tolerance, so the master is optimal.
            if (columns.count == before) {
                if (!checked()) continue;
                run.converged = run.status == SolveStatus::optimal;
                break;
            }
            if (problem.append(columns, before) != SolveStatus::optimal) {
                run.status = SolveStatus::stalled;  // keep the last good master
                break;
            }
            problem.read(master, columns.count);
        }
    } else if (run.status == SolveStatus::numerical_failure) {
        if (!fall_back_on_single_column(mode, p, program, columns, master)) return run;
        run.status = SolveStatus::stalled;
    } else {
        return run;  // infeasible floors, or an unbounded maximin (no bounded agent)
    }
    run.value = master.value;
    run.lambda = master.lambda;
    run.weight = master.weight;
    std::size_t heaviest = 0;
    for (std::size_t j = 0; j < columns.count; ++j)
        if (master.weight[j] > master.weight[heaviest]) heaviest = j;
    run.heaviest = columns.x[heaviest];
    for (std::size_t k = 0; k < p.issues; ++k) {
        // Where every column in the mix agrees (always so for fixed discrete issues), take the value itself rather
        // than a sum of weights that only rounds to 1.
        double mix = 0.0;
        bool agree = true;
        for (std::size_t j = 0; j < columns.count; ++j) {
            if (master.weight[j] <= 0.0) continue;
            mix += master.weight[j] * columns.x[j][k];
            agree = agree && columns.x[j][k] == run.heaviest[k];
        }
        run.mix[k] = agree || s.issues[k].discrete ? run.heaviest[k] : std::clamp(mix, bounds.lo[k], bounds.hi[k]);
        // A mix that lands on a bound up to rounding is the bound (1.7e-15 reads as a different package from 0).
        const double snap = tolerance::kMixSnap * s.issues[k].span();
        if (run.mix[k] - bounds.lo[k] < snap) run.mix[k] = bounds.lo[k];
        if (bounds.hi[k] - run.mix[k] < snap) run.mix[k] = bounds.hi[k];
    }
    return run;
}

}  // namespace negsim::master
