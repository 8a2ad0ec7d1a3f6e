// The package programs (package_optimizer.hpp): each box of discrete options solved by column generation
// (column_generation.hpp), or past the enumeration a relaxation, a coordinate search and a fixed solve.
#include "optimise/package_optimizer.hpp"

#include "optimise/column_generation.hpp"
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
using master::Ending;
using master::Mode;
using master::Run;
using master::add_column;
using master::add_joint_column;
using master::column_generation;
using master::kRelaxed;

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

// The place of a solve past the enumeration of boxes, which no family carries columns for.
constexpr std::size_t kNoBox = static_cast<std::size_t>(-1);

// Keeps the packages a master gives a positive weight (its support), in store order, for the box's next solve.
void carry_support(const Run& floors, const Columns& columns, CarriedColumns& carried) {
    const std::array<double, master::kMaxColumns>& weight = floors.weight;
    carried.lambda = floors.lambda;
    carried.count = 0;
    for (std::size_t j = 0; j < columns.count && carried.count < carried.x.size(); ++j)
        if (weight[j] > 0.0) carried.x[carried.count++] = columns.x[j];
}

// An upper bound on the floors program's optimum over `box` for any multipliers lambda >= 0 (weak Lagrangian duality,
// Geoffrion 1974): max_x sum_i (objective_i + lambda_i) u_i(x) - sum_i lambda_i floor_i over the bounded agents, the
// maximum found exactly by the weighted-sum oracle.
double lagrangian_bound(const Negotiation& n, const UtilityProgram& program, const Coefficients& lambda, const IssueBounds& box) {
    const Parameters& p = n.parameters;
    Coefficients c;
    double offset = 0.0;
    for (std::size_t i = 0; i < p.agents; ++i) {
        const double weight = program.bounded[i] ? lambda[i] : 0.0;
        c[i] = program.objective[i] + weight;
        offset += weight * program.floor[i];
    }
    std::array<double, kMaxAgents> u;
    utilities(n, weighted_optimum(n, c, box), &box, u);
    double value = -offset;
    for (std::size_t i = 0; i < p.agents; ++i) value += c[i] * u[i];
    return value;
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

// The best value the caller holds (-infinity if none), with the multipliers of the box it comes from (if from this region).
struct Held {
    double value;
    const Coefficients* lambda;
};

// over_discrete_options with bounds for each of its `count` boxes (BoxBounds): the boxes in decreasing order of their
// bounds, the likely answer first, so that the best value held rises early and every box that cannot reach it is
// skipped; consider(run, index) takes each box solved, held() says what is held.
template <class Solve, class Consider, class HeldNow>
void solve_in_bound_order(Mode mode, const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, Solve& solve,
                          BoxBounds& known, std::size_t count, Consider consider, HeldNow held) {
    const Scenario& s = n.scenario;
    std::array<std::size_t, tolerance::kMaxDiscreteCombinations> order{};
    for (std::size_t k = 0; k < count; ++k) order[k] = k;
    std::stable_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count),
                     [&](std::size_t a, std::size_t b) { return known.bound[a] > known.bound[b]; });
    const Coefficients none{};  // no multipliers: the bound is the objective's own maximum
    for (std::size_t j = 0; j < count; ++j) {
        const std::size_t k = order[j];
        // A box whose bound cannot reach the best value held is not solved: it could not change the answer.
        const Held now = held();
        const double below = now.value - tolerance::kFamilyBoundMargin * (1.0 + std::abs(now.value));
        if (known.bound[k] < below) continue;
        std::size_t visited = 0;
        bool skipped = false;
        Run run;
        for_each_discrete_choice(s, bounds, [&](const IssueBounds& box) {
            if (visited++ != k) return;
            // Before solving it, a floors box is bounded by weak duality with the multipliers of its own last solve in
            // the family (near-optimal at nearby floors), else those of the best box of the region so far, else none:
            // one oracle call, which often proves that it cannot reach the value held.
            if (mode == Mode::floors && std::isfinite(now.value)) {
                const bool own = k < known.columns.size() && known.columns[k].count > 0;
                const Coefficients& lambda = own ? known.columns[k].lambda : now.lambda ? *now.lambda : none;
                const double dual = lagrangian_bound(n, program, lambda, box);
                known.bound[k] = std::min(known.bound[k], dual);
                skipped = dual < below;
                if (skipped) return;
            }
            run = solve(box, true, k);
        });
        if (skipped) continue;
        if (run.status == SolveStatus::optimal) known.bound[k] = std::min(known.bound[k], run.value);
        if (run.status == SolveStatus::infeasible) known.bound[k] = -std::numeric_limits<double>::infinity();
        consider(run, k);
    }
}

// Runs `solve(bounds, exact, index)` for every combination of discrete options (index: its place in the enumeration;
// kNoBox for the solves past it) and keeps the best result with an answer. Past
// tolerance::kMaxDiscreteCombinations combinations: when every combination is a single package (no continuous issue
// free), each is evaluated exactly by at_package, up to kMaxEnumeratedCombinations; otherwise the discrete issues are
// searched (discrete_search.hpp) from the heaviest column of an unrestricted run, a relaxation over mixes of packages
// solved to within tolerance::kRelaxationGap, whose Lagrangian bound bounds the optimum: the answer carries its gap to
// that bound, and is called optimal only when the gap closes (the relaxation is then solved to optimality, where that
// could close it). The combined
// status: unbounded if any box is; otherwise optimal only if every box was solved to optimality or proven infeasible;
// stalled if some box has an answer but another stalled or failed (or the heuristic was used); infeasible if every box is.
template <class Solve>
ProgramResult over_discrete_options(Mode mode, const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, Solve solve,
                                    BoxBounds* known = nullptr) {
    const Scenario& s = n.scenario;
    ProgramSolution best;
    bool answered = false, unproven = false, failed = false, unbounded = false, stalled = false;
    // The answer is the best value, the first in enumeration order among equals (`index`: the box's place in it), so
    // that the boxes may be solved in any order.
    std::size_t best_index = 0, next_index = 0;
    const auto consider_at = [&](const Run& run, std::size_t index) {
        unbounded = unbounded || run.status == SolveStatus::unbounded;
        failed = failed || run.status == SolveStatus::numerical_failure;
        if (!has_answer(run.status)) return;
        stalled = stalled || run.status == SolveStatus::stalled;
        unproven = unproven || stalled;
        if (!answered || run.value > best.value || (run.value == best.value && index < best_index)) {
            best.value = run.value;
            best.x = run.mix;
            best.lambda = run.lambda;
            best_index = index;
        }
        answered = true;
    };
    const auto consider = [&](const Run& run) { consider_at(run, next_index++); };
    std::size_t boxes = 0;
    if (known && discrete_combinations(s, bounds) <= static_cast<double>(known->bound.size())) {
        boxes = for_each_discrete_choice(s, bounds, [&](const IssueBounds&) { ++next_index; });
        const auto held = [&] {
            return answered ? Held{std::max(known->skip_below, best.value), &best.lambda} : Held{known->skip_below, nullptr};
        };
        solve_in_bound_order(mode, n, program, bounds, solve, *known, next_index, consider_at, held);
    } else {
        boxes = for_each_discrete_choice(s, bounds, [&](const IssueBounds& box) { consider(solve(box, true, next_index)); });
    }
    const auto evaluate = [&](const IssueBounds& box) {
        consider(at_package(mode, n, program, box.lo, answered ? best.value : -std::numeric_limits<double>::infinity()));
    };
    const std::size_t packages = boxes > 0 || !single_packages(s, bounds) ? 0 : for_each_discrete_choice(s, bounds, evaluate, kMaxEnumeratedCombinations);
    if (boxes == 0 && packages == 0) {
        // Too many combinations: an unrestricted solve over mixes of packages bounds the optimum from above; the
        // discrete issues are then searched from its heaviest column and fixed, and the continuous ones solved.
        Run free = solve(bounds, false, kNoBox);
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
            const Run run = solve(fixed, true, kNoBox);
            consider(run);
            // The relaxation's optimum is at least its value: an answer below that by more than the gap allowed can
            // never be proven optimal, and one above it may be, once the relaxation is solved to optimality.
            const auto within = [&](double bound) { return answered && best.value >= bound - tolerance::kDiscreteGap * (1.0 + std::abs(best.value)); };
            if (has_answer(free.status) && !free.converged && within(free.value)) {
                if (Run exact = solve(bounds, true, kNoBox); has_answer(exact.status)) {
                    // A stalled exact solve may bound less tightly than the relaxed one did: keep the smaller bound.
                    if (free.bound < exact.bound) exact.bound = free.bound, exact.bound_lambda = free.bound_lambda;
                    free = exact;
                }
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

// Whether every bounded agent accepts x (acceptable(), model/tolerance.hpp).
bool meets_floors(const Negotiation& n, const UtilityProgram& program, const Package& x) {
    for (std::size_t i = 0; i < n.parameters.agents; ++i)
        if (program.bounded[i] && !acceptable(utility(n, i, x), program.floor[i])) return false;
    return true;
}

// One box of best_above_floors: `feasibility` is the program with every scale 1 (the check's maximin); `carried`, if
// any, the packages the box's last solve in a family ended with, which this one starts from and replaces.
Run floors_in_box(const Negotiation& n, const UtilityProgram& program, const UtilityProgram& feasibility, const IssueBounds& b, bool exact,
                  CarriedColumns* carried) {
    Columns columns;
    if (carried && carried->count > 0) {
        for (std::size_t j = 0; j < carried->count; ++j) add_column(n, columns, carried->x[j], b);
        // At nearby floors the carried packages usually still mix to a package that meets them: the floors problem then
        // starts from them and its own pricing proves its optimum, with no check. The check is still needed when the
        // master over them is infeasible (which proves nothing about the box), and when its package misses a floor
        // by rounding (the repair blends towards the check's package); it then goes on from the columns found here.
        Run floors = column_generation(Mode::floors, n, program, b, columns, exact ? Ending{} : kRelaxed);
        if (floors.status == SolveStatus::optimal && meets_floors(n, program, floors.mix)) {
            carry_support(floors, columns, *carried);
            return floors;
        }
    } else {
        // Otherwise the check starts from the bounded agents' joint optimum alone: the master finds the other columns
        // it needs by pricing, in fewer pivots than a start from every agent's own optimum too (docs/design/optimiser.md).
        add_joint_column(n, feasibility, b, columns);
    }
    // First the largest smallest surplus over the floors: the floors can be met exactly when it is >= 0. Its columns
    // then seed the floors problem, whose master is feasible from the start. Past the enumeration the check only
    // decides: it ends as soon as a mix of packages meets every floor (a value within the gap of 0 but below it decides
    // nothing, so the check has no relative gap).
    const Run check = column_generation(Mode::maximin, n, feasibility, b, columns,
                                        {.give_up_below = -tolerance::kFloorsCheck, .enough = exact ? std::numeric_limits<double>::infinity() : 0.0});
    if (check.status == SolveStatus::infeasible) return check;
    if (!has_answer(check.status)) return check;
    if (check.value < -tolerance::kFloorsCheck && check.status == SolveStatus::optimal) return Run{SolveStatus::infeasible, 0.0, {}, {}, {}};
    // The check's package meets every floor when its value is >= 0 (its utilities are at least the mix's, every
    // value function being concave on a continuous issue): as a column, it lets the floors master start from it.
    if (check.value >= 0.0) add_column(n, columns, check.mix, b);
    // Then the floors problem, over the check's columns. Below the floors, a stalled check only bounds the largest
    // surplus from below; the floors master then sees no more than those columns, so its "infeasible" proves nothing
    // either: no answer, and the caller counts it as unproven.
    Run floors = column_generation(Mode::floors, n, program, b, columns, exact ? Ending{} : kRelaxed);
    if (floors.status == SolveStatus::infeasible && check.status != SolveStatus::optimal) floors.status = SolveStatus::numerical_failure;
    if (carried && floors.status == SolveStatus::optimal) carry_support(floors, columns, *carried);
    // A relaxation past the enumeration is a bound and a start, not an offer: its value must stay the master's (a
    // repair would lower it, and a check ended at its first feasible mix can make the repair large).
    if (exact && has_answer(floors.status) && check.value > 0.0) restore_floors(n, program, check.mix, floors);
    return floors;
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
    return over_discrete_options(Mode::maximin, n, program, bounds, [&](const IssueBounds& b, bool exact, std::size_t) {
        Columns columns;
        if (seed && contains(n.scenario, b, *seed)) add_column(n, columns, *seed, b);
        return column_generation(Mode::maximin, n, program, b, columns, exact ? Ending{} : kRelaxed);
    });
}

ProgramResult best_above_floors(const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, BoxBounds* known) {
    UtilityProgram feasibility = program;
    for (std::size_t i = 0; i < n.parameters.agents; ++i) feasibility.scale[i] = 1.0;
    return over_discrete_options(Mode::floors, n, program, bounds, [&](const IssueBounds& b, bool exact, std::size_t index) {
        CarriedColumns* carried = known && index < known->columns.size() ? &known->columns[index] : nullptr;
        return floors_in_box(n, program, feasibility, b, exact, carried);
    }, known);
}

}  // namespace negsim
