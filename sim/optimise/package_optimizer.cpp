// Column generation over packages (package_optimizer.hpp).
#include "optimise/package_optimizer.hpp"

#include "optimise/discrete_search.hpp"
#include "optimise/master_problem.hpp"
#include "model/tolerance.hpp"
#include "model/utility.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace negsim {

namespace {

using master::Columns;
using master::MasterProblem;
using master::Mode;
using master::add_column;
using master::add_joint_column;
using master::has_column;
using master::kMaxColumns;

struct Run {
    SolveStatus status = SolveStatus::numerical_failure;
    double value = 0.0;
    Package mix{};
    Package heaviest{};
    Coefficients lambda{};
    // An upper bound on the optimum over the box's packages: the smallest Lagrangian value the pricing saw (weak
    // duality holds for any multipliers, so a stalled search has one too); +infinity if it never priced.
    double bound = std::numeric_limits<double>::infinity();
    // maximin: the multipliers that gave `bound`, scaled so that sum_i lambda_i scale_i = 1.
    Coefficients bound_lambda{};
    // Whether `value` is the optimum over the box's mixes, proven by the pricing: false when the search ended at an
    // Ending's threshold or gap instead (its status is then optimal as a decision, and `bound` bounds the optimum).
    bool converged = false;
};

// When a column generation may end before its master is proven optimal. The defaults end it only at optimality.
struct Ending {
    // maximin: once the pricing weights prove z* below this (the Lagrangian bound, max_x sum_i lambda_i (u_i(x) -
    // floor_i) / sum_i lambda_i scale_i, is an upper bound on z* for any lambda >= 0), the search ends infeasible: no
    // package reaches that value. It ends where the full search would end, once that search would have reached an
    // optimal value below the bound, without its remaining columns.
    double give_up_below = -std::numeric_limits<double>::infinity();
    // Once the master's value reaches this, the search ends: a feasibility check needs to know only that a mix of
    // packages reaches it.
    double enough = std::numeric_limits<double>::infinity();
    // Once the smallest Lagrangian bound seen is within this much of the master's value (relative to 1 + |value|),
    // the search ends: a relaxation that serves as a bound and a start needs no more (tolerance::kRelaxationGap).
    double relative_gap = 0.0;
};

// The ending of a relaxation past the enumeration, which serves as a bound and a start (over_discrete_options):
// within tolerance::kRelaxationGap. Exact boxes keep the default ending.
constexpr Ending kRelaxed{.relative_gap = tolerance::kRelaxationGap};

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

// The master over `columns` and the columns its duals price, until the master is optimal or `ending` says so.
Run column_generation(Mode mode, const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, Columns& columns,
                      const Ending& ending = {}) {
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

// Rounding in the floors master's mix can leave its package a few 1e-12 short of a floor, more than an agent's
// acceptance allows (acceptable(), model/tolerance.hpp): an offer built to meet every threshold would then be rejected
// by rounding alone. The check's package clears every floor by its value z* > 0, and every value function is concave
// on a continuous issue, so moving the continuous issues a share theta of the way towards it gives each agent at least
// (1 - theta) u_i(mix) + theta u_i(check): the smallest theta that restores every floor, doubled against rounding, is
// taken. Packages that every agent accepts are left exactly as they are.
void restore_floors(const Negotiation& n, const UtilityProgram& program, const Package& check, Run& floors) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    double theta = 0.0;
    for (std::size_t i = 0; i < p.agents; ++i) {
        if (!program.bounded[i]) continue;
        const double u = utility(n, i, floors.mix);
        if (acceptable(u, program.floor[i])) continue;
        const double short_of = program.floor[i] - u;
        const double clears = utility(n, i, check) - program.floor[i];
        if (clears <= 0.0) return;
        theta = std::max(theta, short_of / (short_of + clears));
    }
    if (theta == 0.0) return;
    floors.mix = blend(s, floors.mix, check, std::min(1.0, tolerance::kFloorsRepairFactor * theta));  // discrete issues: the same box
    floors.value = 0.0;
    for (std::size_t i = 0; i < p.agents; ++i) floors.value += program.objective[i] * utility(n, i, floors.mix);
}

// Whether every combination of discrete options in `bounds` is a single package: no continuous issue is left free.
bool single_packages(const Scenario& s, const IssueBounds& bounds) {
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if (!s.issues[k].discrete && bounds.lo[k] < bounds.hi[k]) return false;
    return true;
}

// The program at a box that holds the one package x: nothing to optimise, so exact. maximin: the smallest scaled surplus,
// with the weight on the agent that sets it (sum_i lambda_i scale_i = 1); floors: the objective, or infeasible when x
// misses a floor. A maximin stops at the first agent whose surplus is no more than `beat` (the best package so far):
// x cannot win, and its value returned is then only an upper bound, which the caller discards.
Run at_package(Mode mode, const Negotiation& n, const UtilityProgram& program, const Package& x, double beat) {
    const Parameters& p = n.parameters;
    Run run{SolveStatus::optimal, mode == Mode::maximin ? std::numeric_limits<double>::infinity() : 0.0, x, x, {}};
    std::size_t binding = p.agents;
    for (std::size_t i = 0; i < p.agents; ++i) {
        const bool counted = program.bounded[i] || (mode == Mode::floors && program.objective[i] > 0.0);
        if (!counted) continue;
        const double u = utility(n, i, x);
        if (mode == Mode::floors) {
            if (program.bounded[i] && u < program.floor[i]) return Run{SolveStatus::infeasible, 0.0, {}, {}, {}};
            run.value += program.objective[i] * u;
            continue;
        }
        const double z = (u - program.floor[i]) / program.scale[i];
        if (z < run.value) run.value = z, binding = i;
        if (run.value <= beat) return run;
    }
    if (mode == Mode::maximin) {
        if (binding == p.agents) return Run{SolveStatus::unbounded, 0.0, {}, {}, {}};
        run.lambda[binding] = 1.0 / program.scale[binding];
    }
    return run;
}

// Runs `solve(bounds, exact)` for every combination of discrete options and keeps the best result with an answer. Past
// tolerance::kMaxDiscreteCombinations combinations: when every combination is a single package (no continuous issue
// free), each is evaluated exactly by at_package, up to kMaxEnumeratedCombinations; otherwise the discrete issues are
// searched (discrete_search.hpp) from the heaviest column of an unrestricted run, a relaxation over mixes of packages
// solved to within tolerance::kRelaxationGap, whose Lagrangian bound bounds the optimum: the answer carries its gap to
// that bound, and is called optimal only when the gap closes (the relaxation is then solved to optimality, where that
// could close it). The combined
// status: unbounded if any box is; otherwise optimal only if every box was solved to optimality or proven infeasible;
// stalled if some box has an answer but another stalled or failed (or the heuristic was used); infeasible if every box is.
template <class Solve>
ProgramResult over_discrete_options(Mode mode, const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, Solve solve) {
    const Scenario& s = n.scenario;
    ProgramSolution best;
    bool answered = false, unproven = false, failed = false, unbounded = false, stalled = false;
    const auto consider = [&](const Run& run) {
        unbounded = unbounded || run.status == SolveStatus::unbounded;
        failed = failed || run.status == SolveStatus::numerical_failure;
        if (!has_answer(run.status)) return;
        stalled = stalled || run.status == SolveStatus::stalled;
        unproven = unproven || stalled;
        if (!answered || run.value > best.value) {
            best.value = run.value;
            best.x = run.mix;
            best.lambda = run.lambda;
        }
        answered = true;
    };
    const std::size_t boxes = for_each_discrete_choice(s, bounds, [&](const IssueBounds& box) { consider(solve(box, true)); });
    const auto evaluate = [&](const IssueBounds& box) {
        consider(at_package(mode, n, program, box.lo, answered ? best.value : -std::numeric_limits<double>::infinity()));
    };
    const std::size_t packages = boxes > 0 || !single_packages(s, bounds) ? 0 : for_each_discrete_choice(s, bounds, evaluate, kMaxEnumeratedCombinations);
    if (boxes == 0 && packages == 0) {
        // Too many combinations: an unrestricted solve over mixes of packages bounds the optimum from above; the
        // discrete issues are then searched from its heaviest column and fixed, and the continuous ones solved.
        Run free = solve(bounds, false);
        if (!has_answer(free.status)) {
            consider(free);  // infeasible over the mixes: so over the packages
        } else {
            Package start = free.heaviest;
            for (std::size_t k = 0; k < s.issue_count(); ++k)
                if (!s.issues[k].discrete) start[k] = free.mix[k];
            const Package found = improve_discrete(mode, n, program, bounds, start);
            // A search that ends outside the region's aggregate ranges found no package of the region: no answer,
            // and no proof that there is none.
            if (!within_limits(s, bounds, found)) return ProgramResult::failure(SolveStatus::numerical_failure);
            IssueBounds fixed = bounds;
            for (std::size_t k = 0; k < s.issue_count(); ++k)
                if (s.issues[k].discrete) fixed.lo[k] = fixed.hi[k] = found[k];
            const Run run = solve(fixed, true);
            consider(run);
            // The relaxation's optimum is at least its value: an answer below that by more than the gap allowed can
            // never be proven optimal, and one above it may be, once the relaxation is solved to optimality.
            const auto within = [&](double bound) { return answered && best.value >= bound - tolerance::kDiscreteGap * (1.0 + std::abs(best.value)); };
            if (has_answer(free.status) && !free.converged && within(free.value)) {
                const Run exact = solve(bounds, true);
                if (has_answer(exact.status)) free = exact;
            }
            // The weights that bound the optimum over the whole box are the relaxation's, not the fixed solve's.
            if (mode == Mode::maximin && answered && std::isfinite(free.bound)) best.lambda = free.bound_lambda;
            // Found no package meeting the floors is no proof that none does.
            failed = failed || !has_answer(run.status);
            const double bound = free.converged ? free.value : free.bound;
            best.gap = answered ? std::max(0.0, bound - best.value) : std::numeric_limits<double>::infinity();
            unproven = unproven || !(best.gap <= tolerance::kDiscreteGap * (1.0 + std::abs(best.value)));
        }
    }
    if (unbounded) return ProgramResult::failure(SolveStatus::unbounded);
    if (stalled || failed) best.gap = std::numeric_limits<double>::infinity();  // a stalled box's value bounds nothing
    if (answered) return ProgramResult::answer(unproven || failed ? SolveStatus::stalled : SolveStatus::optimal, best);
    return ProgramResult::failure(failed ? SolveStatus::numerical_failure : SolveStatus::infeasible);
}

}  // namespace

bool may_report_gaps(const Scenario& s) {
    for (const IssueBounds& region : s.regions)
        if (discrete_combinations(s, region) > static_cast<double>(tolerance::kMaxDiscreteCombinations) && !single_packages(s, region)) return true;
    return false;
}

Package joint_optimum(const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds) {
    Coefficients c{};
    for (std::size_t i = 0; i < n.parameters.agents; ++i) c[i] = program.bounded[i] ? 1.0 : tolerance::kTieBreakWeight;
    return weighted_optimum(n, c, bounds);
}

ProgramResult maximin(const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, const Package* seed) {
    return over_discrete_options(Mode::maximin, n, program, bounds, [&](const IssueBounds& b, bool exact) {
        Columns columns;
        if (seed && contains(n.scenario, b, *seed)) add_column(n, columns, *seed, b);
        return column_generation(Mode::maximin, n, program, b, columns, exact ? Ending{} : kRelaxed);
    });
}

ProgramResult best_above_floors(const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds) {
    UtilityProgram feasibility = program;
    for (std::size_t i = 0; i < n.parameters.agents; ++i) feasibility.scale[i] = 1.0;
    return over_discrete_options(Mode::floors, n, program, bounds, [&](const IssueBounds& b, bool exact) {
        // First the largest smallest surplus over the floors: the floors can be met exactly when it is >= 0. Its
        // columns then seed the floors problem, whose master is feasible from the start.
        Columns columns;
        // The check starts from the bounded agents' joint optimum alone: the master finds the other columns it needs
        // by pricing, in fewer pivots than a start from every agent's own optimum too (docs/design/optimiser.md).
        add_joint_column(n, feasibility, b, columns);
        // Past the enumeration the check only decides: it ends as soon as a mix of packages meets every floor (a
        // value within the gap of 0 but below it decides nothing, so the check has no relative gap).
        const Run check = column_generation(Mode::maximin, n, feasibility, b, columns,
                                            {.give_up_below = -tolerance::kFloorsCheck, .enough = exact ? std::numeric_limits<double>::infinity() : 0.0});
        if (check.status == SolveStatus::infeasible) return check;
        if (!has_answer(check.status)) return check;
        if (check.value < -tolerance::kFloorsCheck && check.status == SolveStatus::optimal) return Run{SolveStatus::infeasible, 0.0, {}, {}, {}};
        // The check's package meets every floor when its value is >= 0 (its utilities are at least the mix's, every
        // value function being concave on a continuous issue): as a column, it lets the floors master start from it.
        if (check.value >= 0.0) add_column(n, columns, check.mix, b);
        // Then the floors problem, over the check's columns. Below the floors, a stalled check only bounds the
        // largest surplus from below; the floors master then sees no more than those columns, so its "infeasible"
        // proves nothing either: no answer, and the caller counts it as unproven.
        Run floors = column_generation(Mode::floors, n, program, b, columns, exact ? Ending{} : kRelaxed);
        if (floors.status == SolveStatus::infeasible && check.status != SolveStatus::optimal) floors.status = SolveStatus::numerical_failure;
        if (has_answer(floors.status) && check.value > 0.0) restore_floors(n, program, check.mix, floors);
        return floors;
    });
}

}  // namespace negsim
