// A small dense linear-programme solver for the master problems of package optimisation (package_optimizer.hpp):
// a few dozen rows and columns, highly degenerate (most right-hand sides are 0), solved by a two-phase tableau
// simplex with Bland's rule (Bland 1977, which cannot cycle). Robust in three ways (docs/protocols.md): it works on
// the equilibrated problem, so its tolerances are relative to the data (model/tolerance.hpp); every answer it calls
// optimal passes a residual (KKT) check on the original data, after one re-factorisation if needed; and it can be
// warm-started: a column appended to a solved problem is priced into the live tableau and the primal simplex goes on
// from the previous basis. Fixed capacity and no allocation.
#pragma once

#include "model/capacity.hpp"
#include "optimise/solve_status.hpp"

#include <array>
#include <cstddef>

namespace negsim {

// A master problem has a row per agent with a bound and one convexity row (package_optimizer.cpp); its columns are
// two for the maximin value, a surplus per row and at most tolerance::kMasterColumns (48) packages, 2 + 64 + 48 = 114
// at the largest (master_problem.hpp asserts that they fit).
inline constexpr std::size_t kLpMaxRows = kMaxAgents + 4;
inline constexpr std::size_t kLpMaxColumns = 160;

// maximise c'x subject to A x = b, x >= 0. Only the first `rows` x `columns` entries are read; the rest may stay
// uninitialised (a zeroed 87 KB matrix per solve would cost more than solving).
struct LinearProgram {
    std::size_t rows = 0;
    std::size_t columns = 0;
    std::array<std::array<double, kLpMaxColumns>, kLpMaxRows> a;
    std::array<double, kLpMaxRows> b;
    std::array<double, kLpMaxColumns> c;
};

struct LpSolution {
    double objective = 0.0;
    std::array<double, kLpMaxColumns> x{};
    std::array<double, kLpMaxRows> dual{};  // y with y'A >= c at the optimum (shadow price of each row's b)
};

// The largest relative violation of each optimality condition (model/tolerance.hpp says how each is measured).
struct Residuals {
    double primal = 0.0;
    double dual = 0.0;
    double complementarity = 0.0;
};

// The solver with its problem and tableau: solve() once, then add_column() any number of times. Values can be read
// only while the last call's status is optimal. About 220 KB, all fixed capacity and left uninitialised until written.
class Simplex {
public:
    // Copies `lp` and solves it from scratch.
    [[nodiscard]] SolveStatus solve(const LinearProgram& lp);
    // The problem to fill in place (rows x columns of a, b, c; nothing else is read), then resolve(): spares a copy.
    [[nodiscard]] LinearProgram& define(std::size_t rows, std::size_t columns);
    // Solves the current problem (with every appended column) again from scratch: a fresh tableau, both phases.
    [[nodiscard]] SolveStatus resolve();
    // The same from a starting basis (basis[i]: the column basic in row i, for rows 0..rows-1), a crash start that
    // spares phase 1; falls back to resolve() if that basis is singular or infeasible.
    [[nodiscard]] SolveStatus resolve_from(const std::array<std::size_t, kLpMaxRows>& basis);
    // Appends the column (entries column[0..rows), cost `cost`) to a problem whose last solve was optimal and
    // re-optimises from the current basis by the primal simplex (the basis stays feasible: the new variable is 0).
    // With `checked` false the answer is provisional: the residual check is left to verify(), so that a column
    // generation checks only the master it ends with (the check costs as much as a pivot).
    [[nodiscard]] SolveStatus add_column(const double* column, double cost, bool checked = true);
    // Checks a provisional answer (and, if it fails, re-factorises once and re-optimises, as every solve does); returns
    // the status and sets `changed` when the answer had to be recomputed. An answer already checked passes as it is.
    [[nodiscard]] SolveStatus verify(bool& changed);

    [[nodiscard]] SolveStatus status() const { return status_; }
    // The answer; each throws std::logic_error unless status() is optimal.
    [[nodiscard]] double objective() const;
    [[nodiscard]] double x(std::size_t column) const;
    [[nodiscard]] double dual(std::size_t row) const;
    [[nodiscard]] Residuals residuals() const;

private:
    static constexpr std::size_t kArtificial = kLpMaxColumns;  // artificial i is tableau column kArtificial + i
    static constexpr std::size_t kRhs = kLpMaxColumns + kLpMaxRows;
    static constexpr std::size_t kWidth = kRhs + 1;

    void scale_column(std::size_t j);
    void sizes();
    [[nodiscard]] double column_norm(std::size_t j) const;
    void build();
    void equilibrate();
    void pivot(std::size_t row, std::size_t column);
    void price(bool phase_one);
    [[nodiscard]] SolveStatus iterate(bool phase_one);
    [[nodiscard]] bool refactor();
    [[nodiscard]] SolveStatus cold();
    [[nodiscard]] SolveStatus finish(SolveStatus status, bool checked = true);
    [[nodiscard]] bool genuine_ray(std::size_t column) const;
    void extract();
    [[nodiscard]] Residuals measure() const;
    [[nodiscard]] bool passes_check() const;
    void require_optimal() const;

    std::size_t m_ = 0;
    std::size_t n_ = 0;
    SolveStatus status_ = SolveStatus::numerical_failure;
    bool provisional_ = false;  // the optimal answer has not passed the residual check yet (add_column unchecked)
    LinearProgram data_;                   // the problem as given (appended columns included)
    std::array<double, kLpMaxRows> row_scale_;     // the equilibration: the tableau holds sign_i r_i a_ij k_j
    std::array<double, kLpMaxRows> sign_;          // -1 for a row whose b < 0 (negated so that b >= 0)
    std::array<double, kLpMaxColumns> column_scale_;
    double objective_scale_ = 1.0;
    // ||a_i||_1 of each row and ||a_j||_1 of each column of data_, for the residual check (measure()).
    std::array<double, kLpMaxRows> row_size_;
    std::array<double, kLpMaxColumns> column_size_;
    // Rows 0..m-1 are the constraints, row m the reduced costs; columns 0..n-1 structural, kArtificial + i the
    // artificial of row i (its column is B^-1 e_i, which prices appended columns and gives the duals), kRhs the
    // basic values. Left uninitialised: build() writes every entry that is read.
    std::array<std::array<double, kWidth>, kLpMaxRows + 1> t_;
    std::array<std::size_t, kLpMaxRows> basis_;
    // The answer (valid while status_ is optimal); left uninitialised, extract() writes what is read.
    double objective_ = 0.0;
    std::array<double, kLpMaxColumns> x_;
    std::array<double, kLpMaxRows> y_;
};

// Solves `lp` from scratch (a Simplex on the stack).
[[nodiscard]] Solved<LpSolution> solve(const LinearProgram& lp);

}  // namespace negsim
