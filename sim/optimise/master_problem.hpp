// The master problem of the package optimiser's column generation (package_optimizer.cpp), and its store of columns:
// the packages generated so far with their utilities. Internal to the optimise layer.
#pragma once

#include "model/negotiation.hpp"
#include "model/tolerance.hpp"
#include "model/utility.hpp"
#include "optimise/package_optimizer.hpp"
#include "optimise/simplex.hpp"
#include "optimise/weighted_optimum.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>

namespace negsim::master {

// The column cap (its reason in model/tolerance.hpp); the simplex must hold a maximin master at the cap.
constexpr std::size_t kMaxColumns = tolerance::kMasterColumns;
static_assert(2 + kMaxAgents + kMaxColumns <= kLpMaxColumns && kMaxAgents + 1 <= kLpMaxRows);

enum class Mode { maximin, floors };

struct Columns {
    std::size_t count = 0;
    std::array<Package, kMaxColumns> x;
    std::array<std::array<double, kMaxAgents>, kMaxColumns> u;
};

// Compares the scenario's issues only: the oracle's packages are 0 beyond them (weighted_optimum.hpp).
inline bool has_column(const Columns& columns, const Package& x, std::size_t issues) {
    for (std::size_t j = 0; j < columns.count; ++j)
        if (std::equal(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(issues), columns.x[j].begin())) return true;
    return false;
}

// Appends package x, whose utilities to the agents are u, unless it is already a column or the store is full.
inline void add_column(const Negotiation& n, Columns& columns, const Package& x, const std::array<double, kMaxAgents>& u) {
    const Parameters& p = n.parameters;
    if (has_column(columns, x, p.issues) || columns.count == kMaxColumns) return;
    columns.x[columns.count] = x;
    std::copy_n(u.begin(), p.agents, columns.u[columns.count].begin());
    ++columns.count;
}

// A package of the box `bounds` is solved over, its utilities with the box's link terms (utility(), negotiation.hpp).
inline void add_column(const Negotiation& n, Columns& columns, const Package& x, const IssueBounds& bounds) {
    std::array<double, kMaxAgents> u;
    utilities(n, x, &bounds, u);
    add_column(n, columns, x, u);
}

// The best single package, the one a master starts from (MasterProblem::start) and the fallback when none can be
// solved: for maximin the largest smallest scaled surplus (u_i - floor_i) / scale_i over the bounded agents, with the
// first of their rows (in agent order) where that smallest surplus is reached; for floors, among the packages every
// bounded agent accepts, the one the objective prefers (found is false if there is none). The first best wins ties.
struct SingleColumn {
    bool found = false;
    std::size_t column = 0;
    std::size_t tightest_row = 0;  // maximin only
    double value = 0.0;            // maximin: the smallest scaled surplus; floors: the objective
};

inline SingleColumn best_single_column(Mode mode, std::size_t agents, const UtilityProgram& program, const Columns& columns) {
    SingleColumn best;
    for (std::size_t j = 0; j < columns.count; ++j) {
        double value = mode == Mode::maximin ? std::numeric_limits<double>::infinity() : 0.0;
        std::size_t tightest = 0;
        bool meets = true;
        std::size_t row = 0;
        for (std::size_t i = 0; i < agents; ++i) {
            if (mode == Mode::floors) value += program.objective[i] * columns.u[j][i];
            if (!program.bounded[i]) continue;
            if (mode == Mode::maximin) {
                const double surplus = (columns.u[j][i] - program.floor[i]) / program.scale[i];
                if (surplus < value) {
                    value = surplus;
                    tightest = row;
                }
            }
            meets = meets && acceptable(columns.u[j][i], program.floor[i]);
            ++row;
        }
        if ((mode == Mode::floors && !meets) || (best.found && value <= best.value)) continue;
        best = {true, j, tightest, value};
    }
    return best;
}

// The bounded agents' joint optimum (joint_optimum, package_optimizer.hpp), where every search starts.
inline void add_joint_column(const Negotiation& n, const UtilityProgram& program, const IssueBounds& bounds, Columns& columns) {
    add_column(n, columns, joint_optimum(n, program, bounds), bounds);
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
        // A crash start (Simplex::resolve_from) from the best single package at weight 1, which spares phase 1:
        // maximin, z at that package's smallest scaled surplus z0 in the row where it is reached and every other row's
        // surplus variable at its surplus over z0; floors, every row's surplus variable at the package's surplus.
        const SingleColumn single = best_single_column(mode_, agents_, program_, columns);
        if (!single.found) return simplex_.resolve();
        std::array<std::size_t, kLpMaxRows> basis{};
        for (std::size_t r = 0; r < rows_; ++r) basis[r] = surplus + r;
        if (mode_ == Mode::maximin) basis[single.tightest_row] = single.value >= 0.0 ? 0 : 1;  // z+ or z-
        basis[rows_] = first_ + single.column;
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

}  // namespace negsim::master
