// Column generation over packages (package_optimizer.hpp).
#include "optimise/package_optimizer.hpp"

#include "optimise/simplex.hpp"
#include "model/tolerance.hpp"
#include "model/utility.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace negsim {

namespace {

constexpr std::size_t kMaxColumns = 48;
constexpr int kMaxRounds = 80;

enum class Mode { maximin, floors };

struct Columns {
    std::size_t count = 0;
    std::array<Package, kMaxColumns> x;
    std::array<std::array<double, kMaxAgents>, kMaxColumns> u;
};

// Compares the scenario's issues only: the oracle's packages are 0 beyond them (weighted_optimum.hpp).
bool has_column(const Columns& columns, const Package& x, std::size_t issues) {
    for (std::size_t j = 0; j < columns.count; ++j)
        if (std::equal(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(issues), columns.x[j].begin())) return true;
    return false;
}

// Appends package x, whose utilities to the agents are u, unless it is already a column or the store is full.
void add_column(const Negotiation& n, Columns& columns, const Package& x, const std::array<double, kMaxAgents>& u) {
    const Parameters& p = n.parameters;
    if (has_column(columns, x, p.issues) || columns.count == kMaxColumns) return;
    columns.x[columns.count] = x;
    std::copy_n(u.begin(), p.agents, columns.u[columns.count].begin());
    ++columns.count;
}

void add_column(const Negotiation& n, Columns& columns, const Package& x) {
    const Parameters& p = n.parameters;
    std::array<double, kMaxAgents> u;
    for (std::size_t i = 0; i < p.agents; ++i) u[i] = utility(n.scenario, p, i, x);
    add_column(n, columns, x, u);
}

// The weighted-sum optimum of the bounded agents together (the others at the tie-break weight), where every search
// starts.
void add_joint_column(const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, Columns& columns) {
    Coefficients c{};
    for (std::size_t i = 0; i < n.parameters.agents; ++i) c[i] = program.bounded[i] ? 1.0 : tolerance::kTieBreakWeight;
    add_column(n, columns, weighted_optimum(n, c, bounds));
}

// The master problem over the columns: choose weights w_j >= 0, sum_j w_j = 1, with sum_j w_j (u_ji - f_i) - s_i z
// - surplus_i = 0 for every bounded agent i (s_i z only for maximin, z = z+ - z-). LP columns: z+ and z- (maximin),
// one surplus per row, then the packages in the order they were generated, so that a new package is appended to
// the live tableau (the warm start) rather than solved again from scratch.
class MasterProblem {
public:
    struct Solution {
        double value = 0.0;
        std::array<double, kMaxColumns> weight{};
        Coefficients lambda{};      // -dual of each bounded agent's row: >= 0
        double convexity_dual = 0;  // dual of sum(weight) = 1
    };

    MasterProblem(Mode mode, const Parameters& p, const UtilityProgram& program) : mode_(mode), program_(program), agents_(p.agents) {
        for (std::size_t i = 0; i < p.agents; ++i)
            if (program.bounded[i]) row_agent_[rows_++] = i;
        first_ = (mode == Mode::maximin ? 2 : 0) + rows_;
    }

    // Solves the master over every column from scratch.
    [[nodiscard]] SolveStatus start(const Columns& columns) {
        LinearProgram& lp = simplex_.define(rows_ + 1, first_ + columns.count);
        for (std::size_t r = 0; r <= rows_; ++r)
            for (std::size_t j = 0; j < lp.columns; ++j) lp.a[r][j] = 0.0;
        for (std::size_t j = 0; j < lp.columns; ++j) lp.c[j] = 0.0;
        const std::size_t surplus = mode_ == Mode::maximin ? 2 : 0;
        for (std::size_t r = 0; r < rows_; ++r) {
            if (mode_ == Mode::maximin) {
                lp.a[r][0] = -program_.scale[row_agent_[r]];
                lp.a[r][1] = program_.scale[row_agent_[r]];
            }
            lp.a[r][surplus + r] = -1.0;
            lp.b[r] = 0.0;
        }
        lp.b[rows_] = 1.0;
        if (mode_ == Mode::maximin) {
            lp.c[0] = 1.0;
            lp.c[1] = -1.0;
        }
        for (std::size_t j = 0; j < columns.count; ++j) {
            std::array<double, kLpMaxRows> a;
            const double c = column(columns, j, a);
            for (std::size_t r = 0; r <= rows_; ++r) lp.a[r][first_ + j] = a[r];
            lp.c[first_ + j] = c;
        }
        if (columns.count == 0 || rows_ == 0) return simplex_.resolve();
        if (mode_ == Mode::maximin) return simplex_.resolve_from(maximin_crash(columns));
        // floors: from a package that meets every floor on its own, if there is one
        std::size_t best = columns.count;
        double best_cost = 0.0;
        for (std::size_t j = 0; j < columns.count; ++j) {
            bool meets = true;
            for (std::size_t r = 0; r < rows_ && meets; ++r) meets = columns.u[j][row_agent_[r]] >= program_.floor[row_agent_[r]];
            if (meets && (best == columns.count || lp.c[first_ + j] > best_cost)) {
                best = j;
                best_cost = lp.c[first_ + j];
            }
        }
        if (best == columns.count) return simplex_.resolve();
        std::array<std::size_t, kLpMaxRows> basis{};
        for (std::size_t r = 0; r < rows_; ++r) basis[r] = r;  // each row's surplus variable
        basis[rows_] = first_ + best;
        return simplex_.resolve_from(basis);
    }

    // Appends column j (the last one) and re-optimises from the current basis, provisionally (verify()); if that
    // fails, solves the whole master again from scratch once (a fresh tableau) before giving up.
    [[nodiscard]] SolveStatus append(const Columns& columns, std::size_t j) {
        std::array<double, kLpMaxRows> a;
        const double c = column(columns, j, a);
        if (simplex_.add_column(a.data(), c, false) == SolveStatus::optimal) return SolveStatus::optimal;
        return simplex_.resolve();
    }

    // The residual check of a provisional answer (Simplex::verify).
    [[nodiscard]] SolveStatus verify(bool& changed) { return simplex_.verify(changed); }

    // The answer of the last solve, which must have been optimal.
    void read(Solution& out, std::size_t packages) const {
        out.value = simplex_.objective();
        for (std::size_t j = 0; j < packages; ++j) out.weight[j] = simplex_.x(first_ + j);
        // Beyond the agents the weights stay as Solution made them, 0: a read per pricing round clears only these.
        for (std::size_t i = 0; i < agents_; ++i) out.lambda[i] = 0.0;
        for (std::size_t r = 0; r < rows_; ++r) out.lambda[row_agent_[r]] = std::max(0.0, -simplex_.dual(r));
        out.convexity_dual = simplex_.dual(rows_);
    }

private:
    // Crash starts spare phase 1 (Simplex::resolve_from). The floors master's: a package that meets every floor at
    // weight 1 (the one the objective prefers), every row's surplus variable at that package's surplus. The maximin
    // master's, below: the best single package (the largest smallest scaled surplus z0) at weight 1, z at z0 in the
    // row of an agent with the smallest surplus, and every other row's surplus variable at its surplus over z0.
    [[nodiscard]] std::array<std::size_t, kLpMaxRows> maximin_crash(const Columns& columns) const {
        std::size_t best = 0;
        std::size_t tightest = 0;
        double best_value = -std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < columns.count; ++j) {
            double value = std::numeric_limits<double>::infinity();
            std::size_t row = 0;
            for (std::size_t r = 0; r < rows_; ++r) {
                const std::size_t i = row_agent_[r];
                const double surplus = (columns.u[j][i] - program_.floor[i]) / program_.scale[i];
                if (surplus < value) {
                    value = surplus;
                    row = r;
                }
            }
            if (value > best_value) {
                best_value = value;
                best = j;
                tightest = row;
            }
        }
        std::array<std::size_t, kLpMaxRows> basis{};
        for (std::size_t r = 0; r < rows_; ++r) basis[r] = 2 + r;
        basis[tightest] = best_value >= 0.0 ? 0 : 1;  // z+ or z-
        basis[rows_] = first_ + best;
        return basis;
    }

    // Column j's entries (agent rows, then the convexity row) and its cost.
    double column(const Columns& columns, std::size_t j, std::array<double, kLpMaxRows>& a) const {
        for (std::size_t r = 0; r < rows_; ++r) a[r] = columns.u[j][row_agent_[r]] - program_.floor[row_agent_[r]];
        a[rows_] = 1.0;
        if (mode_ == Mode::maximin) return 0.0;
        double o = 0.0;
        for (std::size_t i = 0; i < agents_; ++i) o += program_.objective[i] * columns.u[j][i];
        return o;
    }

    Mode mode_;
    const UtilityProgram& program_;
    std::size_t agents_;
    std::array<std::size_t, kMaxAgents> row_agent_{};
    std::size_t rows_ = 0;
    std::size_t first_ = 0;  // LP column of package 0
    Simplex simplex_;
};

struct Run {
    SolveStatus status = SolveStatus::numerical_failure;
    double value = 0.0;
    Package mix{};
    Package heaviest{};
    Coefficients lambda{};
};

// When not even the first master can be solved: the best single column, which is a real package (a feasible point
// and a lower bound), reported as stalled; none for a floors problem whose columns all miss a floor.
bool best_single_column(Mode mode, const Parameters& p, const UtilityProgram& program, const Columns& columns, MasterProblem::Solution& out) {
    bool found = false;
    for (std::size_t j = 0; j < columns.count; ++j) {
        double value = mode == Mode::maximin ? std::numeric_limits<double>::infinity() : 0.0;
        bool meets = true;
        for (std::size_t i = 0; i < p.agents; ++i) {
            if (mode == Mode::floors) value += program.objective[i] * columns.u[j][i];
            if (!program.bounded[i]) continue;
            const double surplus = columns.u[j][i] - program.floor[i];
            if (mode == Mode::maximin) value = std::min(value, surplus / program.scale[i]);
            meets = meets && acceptable(columns.u[j][i], program.floor[i]);
        }
        if ((mode == Mode::floors && !meets) || (found && value <= out.value)) continue;
        found = true;
        out = {};
        out.value = value;
        out.weight[j] = 1.0;
    }
    return found;
}

// Drops the columns `master` gives no weight, moving the weights with their columns; false if every column is used.
bool keep_used_columns(Columns& columns, MasterProblem::Solution& master) {
    const std::size_t kept = keep_weighted_columns(columns.count, columns.x, columns.u, master.weight);
    if (kept == columns.count) return false;
    columns.count = kept;
    return true;
}

// `give_up_below` (maximin only): once the pricing weights prove z* below it (the Lagrangian bound,
// max_x sum_i lambda_i (u_i(x) - floor_i) / sum_i lambda_i scale_i, is an upper bound on z* for any lambda >= 0), the
// search stops with status infeasible: no package reaches that value. It ends where the full search would end, once
// that search would have reached an optimal value below the bound, without its remaining columns.
Run column_generation(Mode mode, const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, Columns& columns,
                      double give_up_below = -std::numeric_limits<double>::infinity()) {
    const Scenario& s = n.scenario;
    const Parameters& p = n.parameters;
    if (columns.count == 0) {
        add_joint_column(n, program, bounds, columns);
        for (std::size_t i = 0; i < p.agents; ++i) {
            if (!program.bounded[i]) continue;
            Coefficients own{};
            for (std::size_t j = 0; j < p.agents; ++j) own[j] = j == i ? 1.0 : tolerance::kTieBreakWeight;
            add_column(n, columns, weighted_optimum(n, own, bounds));
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
            if (round == kMaxRounds) {
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
            for (std::size_t i = 0; i < p.agents; ++i) {
                u[i] = utility(s, p, i, x);
                gain += c[i] * u[i];
            }
            if (mode == Mode::maximin && give_up_below > -std::numeric_limits<double>::infinity()) {
                double bound = 0.0, mass = 0.0;
                for (std::size_t i = 0; i < p.agents; ++i) {
                    if (!program.bounded[i]) continue;
                    bound += master.lambda[i] * (u[i] - program.floor[i]);
                    mass += master.lambda[i] * program.scale[i];
                }
                if (mass > 0.0 && bound < give_up_below * mass) return Run{SolveStatus::infeasible, 0.0, {}, {}, {}};
            }
            if (gain <= tolerance::kColumnGain * (1.0 + std::abs(master.value))) {
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
                if (checked()) break;
                continue;
            }
            if (problem.append(columns, before) != SolveStatus::optimal) {
                run.status = SolveStatus::stalled;  // keep the last good master
                break;
            }
            problem.read(master, columns.count);
        }
    } else if (run.status == SolveStatus::numerical_failure) {
        if (!best_single_column(mode, p, program, columns, master)) return run;
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
        const double u = utility(s, p, i, floors.mix);
        if (acceptable(u, program.floor[i])) continue;
        const double short_of = program.floor[i] - u;
        const double clears = utility(s, p, i, check) - program.floor[i];
        if (clears <= 0.0) return;
        theta = std::max(theta, short_of / (short_of + clears));
    }
    if (theta == 0.0) return;
    theta = std::min(1.0, 2.0 * theta);
    for (std::size_t k = 0; k < s.issue_count(); ++k)
        if (!s.issues[k].discrete) floors.mix[k] += theta * (check[k] - floors.mix[k]);
    floors.value = 0.0;
    for (std::size_t i = 0; i < p.agents; ++i) floors.value += program.objective[i] * utility(s, p, i, floors.mix);
}

// Runs `solve(bounds)` for every combination of discrete options (or, past kMaxDiscreteCombinations, once with the
// discrete issues fixed at the heaviest column of an unrestricted run) and keeps the best result with an answer. The
// combined status: unbounded if any box is; otherwise optimal only if every box was solved to optimality or proven
// infeasible; stalled if some box has an answer but another stalled or failed; infeasible if every box is.
template <class Solve>
ProgramResult over_discrete_options(const Scenario& s, const IssueBounds& bounds, Solve solve) {
    ProgramSolution best;
    bool answered = false, unproven = false, failed = false, unbounded = false;
    const auto consider = [&](const Run& run) {
        unbounded = unbounded || run.status == SolveStatus::unbounded;
        failed = failed || run.status == SolveStatus::numerical_failure;
        if (!has_answer(run.status)) return;
        unproven = unproven || run.status == SolveStatus::stalled;
        if (!answered || run.value > best.value) {
            best.value = run.value;
            best.x = run.mix;
            best.lambda = run.lambda;
        }
        answered = true;
    };
    if (for_each_discrete_choice(s, bounds, [&](const IssueBounds& box) { consider(solve(box)); }) == 0) {
        // Too many combinations: fix the discrete issues at the heaviest column of an unrestricted solve.
        const Run free = solve(bounds);
        if (has_answer(free.status)) {
            IssueBounds fixed = bounds;
            for (std::size_t k = 0; k < s.issue_count(); ++k)
                if (s.issues[k].discrete) fixed.lo[k] = fixed.hi[k] = free.heaviest[k];
            consider(solve(fixed));
        } else {
            consider(free);
        }
    }
    if (unbounded) return ProgramResult::failure(SolveStatus::unbounded);
    if (answered) return ProgramResult::answer(unproven || failed ? SolveStatus::stalled : SolveStatus::optimal, best);
    return ProgramResult::failure(failed ? SolveStatus::numerical_failure : SolveStatus::infeasible);
}

}  // namespace

ProgramResult maximin(const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, const Package* seed) {
    return over_discrete_options(n.scenario, bounds, [&](const IssueBounds& b) {
        Columns columns;
        if (seed) {
            bool inside = true;
            for (std::size_t k = 0; k < n.scenario.issue_count() && inside; ++k) inside = (*seed)[k] >= b.lo[k] && (*seed)[k] <= b.hi[k];
            if (inside) add_column(n, columns, *seed);
        }
        return column_generation(Mode::maximin, n, program, b, columns);
    });
}

ProgramResult best_above_floors(const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds) {
    UtilityProgram feasibility = program;
    for (std::size_t i = 0; i < n.parameters.agents; ++i) feasibility.scale[i] = 1.0;
    return over_discrete_options(n.scenario, bounds, [&](const IssueBounds& b) {
        // First the largest smallest surplus over the floors: the floors can be met exactly when it is >= 0. Its
        // columns then seed the floors problem, whose master is feasible from the start.
        Columns columns;
        // The check starts from the bounded agents' joint optimum alone: the master finds the other columns it needs
        // by pricing, in fewer pivots than a start from every agent's own optimum too (README, "Performance").
        add_joint_column(n, feasibility, b, columns);
        const Run check = column_generation(Mode::maximin, n, feasibility, b, columns, -tolerance::kFloorsCheck);
        if (check.status == SolveStatus::infeasible) return check;
        if (!has_answer(check.status)) return check;
        if (check.value < -tolerance::kFloorsCheck && check.status == SolveStatus::optimal) return Run{SolveStatus::infeasible, 0.0, {}, {}, {}};
        // The check's package meets every floor when its value is >= 0 (its utilities are at least the mix's, every
        // value function being concave on a continuous issue): as a column, it lets the floors master start from it.
        if (check.value >= 0.0) add_column(n, columns, check.mix);
        // Then the floors problem, over the check's columns. Below the floors, a stalled check only bounds the
        // largest surplus from below; the floors master then sees no more than those columns, so its "infeasible"
        // proves nothing either: no answer, and the caller counts it as unproven.
        Run floors = column_generation(Mode::floors, n, program, b, columns);
        if (floors.status == SolveStatus::infeasible && check.status != SolveStatus::optimal) floors.status = SolveStatus::numerical_failure;
        if (has_answer(floors.status) && check.value > 0.0) restore_floors(n, program, check.mix, floors);
        return floors;
    });
}

}  // namespace negsim
