// Two-phase tableau simplex with Bland's rule (Dantzig 1963; Bland 1977, "New finite pivoting rules for the simplex
// method", Math. Oper. Res. 2:103).
#include "optimise/simplex.hpp"

#include <cmath>

namespace negsim {

namespace {

constexpr double kEps = 1e-11;
constexpr std::size_t kWidth = kLpMaxColumns + kLpMaxRows + 1;

struct Tableau {
    std::size_t m = 0;      // constraint rows
    std::size_t n = 0;      // structural columns; artificials are n .. n+m-1, the right-hand side is column n+m
    // Row m is the objective row (reduced costs). Left uninitialised: solve() writes every entry it reads, and zeroing
    // 58 KB per call would dominate small solves.
    std::array<std::array<double, kWidth>, kLpMaxRows + 1> t;
    std::array<std::size_t, kLpMaxRows> basis{};

    [[nodiscard]] std::size_t rhs() const { return n + m; }

    void pivot(std::size_t row, std::size_t column) {
        const double p = t[row][column];
        for (std::size_t j = 0; j <= rhs(); ++j) t[row][j] /= p;
        for (std::size_t i = 0; i <= m; ++i) {
            if (i == row) continue;
            const double f = t[i][column];
            if (f == 0.0) continue;
            for (std::size_t j = 0; j <= rhs(); ++j) t[i][j] -= f * t[row][j];
        }
        basis[row] = column;
    }

    // Sets the objective row for costs `cost` (indexed by column, artificials included).
    template <class Cost>
    void price(const Cost& cost) {
        for (std::size_t j = 0; j <= rhs(); ++j) {
            double r = j == rhs() ? 0.0 : -cost(j);
            for (std::size_t i = 0; i < m; ++i) r += cost(basis[i]) * t[i][j];
            t[m][j] = r;
        }
    }

    // Runs simplex iterations on columns [0, allowed); returns false if unbounded or out of iterations.
    LpSolution::Status iterate(std::size_t allowed) {
        for (std::size_t iteration = 0; iteration < 50 * (m + n + 10); ++iteration) {
            std::size_t entering = allowed;
            for (std::size_t j = 0; j < allowed; ++j) {
                if (t[m][j] < -kEps) {
                    entering = j;  // Bland: the first improving column
                    break;
                }
            }
            if (entering == allowed) return LpSolution::Status::optimal;
            std::size_t leaving = m;
            double best_ratio = 0.0;
            for (std::size_t i = 0; i < m; ++i) {
                if (t[i][entering] <= kEps) continue;
                const double ratio = t[i][rhs()] / t[i][entering];
                if (leaving == m || ratio < best_ratio - kEps || (ratio <= best_ratio + kEps && basis[i] < basis[leaving])) {
                    leaving = i;
                    best_ratio = ratio;
                }
            }
            if (leaving == m) return LpSolution::Status::unbounded;
            pivot(leaving, entering);
        }
        return LpSolution::Status::iteration_limit;
    }
};

}  // namespace

LpSolution solve(const LinearProgram& lp) {
    Tableau tab;
    tab.m = lp.rows;
    tab.n = lp.columns;
    std::array<double, kLpMaxRows> sign{};
    for (std::size_t i = 0; i < lp.rows; ++i) {
        sign[i] = lp.b[i] < 0.0 ? -1.0 : 1.0;
        for (std::size_t j = 0; j < lp.columns; ++j) tab.t[i][j] = sign[i] * lp.a[i][j];
        for (std::size_t k = 0; k < lp.rows; ++k) tab.t[i][lp.columns + k] = k == i ? 1.0 : 0.0;
        tab.t[i][tab.rhs()] = sign[i] * lp.b[i];
        tab.basis[i] = lp.columns + i;
    }

    LpSolution out;
    // Phase 1: maximise -(sum of artificials).
    tab.price([&](std::size_t j) { return j >= lp.columns ? -1.0 : 0.0; });
    out.status = tab.iterate(lp.columns);
    if (out.status != LpSolution::Status::optimal) return out;
    if (tab.t[tab.m][tab.rhs()] < -1e-9) {
        out.status = LpSolution::Status::infeasible;
        return out;
    }
    // Drive artificials still basic (at level 0) out of the basis where a structural column can replace them.
    for (std::size_t i = 0; i < tab.m; ++i) {
        if (tab.basis[i] < lp.columns) continue;
        for (std::size_t j = 0; j < lp.columns; ++j) {
            if (std::abs(tab.t[i][j]) > 1e-9) {
                tab.pivot(i, j);
                break;
            }
        }
    }
    // Phase 2: the real objective; artificials may not re-enter.
    tab.price([&](std::size_t j) { return j < lp.columns ? lp.c[j] : 0.0; });
    out.status = tab.iterate(lp.columns);
    if (out.status != LpSolution::Status::optimal) return out;

    out.objective = tab.t[tab.m][tab.rhs()];
    for (std::size_t i = 0; i < tab.m; ++i)
        if (tab.basis[i] < lp.columns) out.x[tab.basis[i]] = tab.t[i][tab.rhs()];
    // The reduced cost of artificial i (cost 0, column e_i) is y_i of the row as negated; undo the negation.
    for (std::size_t i = 0; i < tab.m; ++i) out.dual[i] = sign[i] * tab.t[tab.m][lp.columns + i];
    return out;
}

}  // namespace negsim
