// Two-phase tableau simplex with Bland's rule (Dantzig 1963; Bland 1977, "New finite pivoting rules for the simplex
// method", Math. Oper. Res. 2:103), on the equilibrated problem, with a residual check and a warm start (simplex.hpp).
#include "optimise/simplex.hpp"

#include "model/simd.hpp"
#include "model/tolerance.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace negsim {

namespace {

constexpr double reciprocal_or_one(double magnitude) { return magnitude > 0.0 ? 1.0 / magnitude : 1.0; }

}  // namespace

void Simplex::scale_column(std::size_t j) {
    double largest = 0.0;
    for (std::size_t i = 0; i < m_; ++i) largest = std::max(largest, std::abs(row_scale_[i] * data_.a[i][j]));
    column_scale_[j] = reciprocal_or_one(largest);
}

void Simplex::build() {
    for (std::size_t i = 0; i < m_; ++i) {
        const double r = sign_[i] * row_scale_[i];
        for (std::size_t j = 0; j < n_; ++j) t_[i][j] = r * data_.a[i][j] * column_scale_[j];
        for (std::size_t k = 0; k < m_; ++k) t_[i][kArtificial + k] = k == i ? 1.0 : 0.0;
        t_[i][kRhs] = r * data_.b[i];
        basis_[i] = kArtificial + i;
    }
    // The reduced-cost row means nothing until price() writes it, but a crash start (resolve_from) and refactor()
    // pivot before pricing, and pivot() updates every row: zero, so that they compute on defined values.
    for (std::size_t j = 0; j < n_; ++j) t_[m_][j] = 0.0;
    for (std::size_t k = 0; k < m_; ++k) t_[m_][kArtificial + k] = 0.0;
    t_[m_][kRhs] = 0.0;
}

NEGSIM_VECTOR_CLONES void Simplex::pivot(std::size_t row, std::size_t column) {
    // Only the live columns: structural 0..n-1, the artificials, the right-hand side. Each span is updated through
    // pointers declared not to alias (two different rows), so that the compiler vectorises the row operations.
    const auto each_span = [&](auto&& f) {
        f(std::size_t{0}, n_);
        f(kArtificial, m_);
        f(kRhs, std::size_t{1});
    };
    const double inverse = 1.0 / t_[row][column];
    double* const pivot_row = t_[row].data();
    each_span([&](std::size_t first, std::size_t count) {
        double* __restrict p = pivot_row + first;
        for (std::size_t j = 0; j < count; ++j) p[j] *= inverse;
    });
    pivot_row[column] = 1.0;
    for (std::size_t i = 0; i <= m_; ++i) {
        if (i == row) continue;
        const double f = t_[i][column];
        if (f == 0.0) continue;
        double* const target = t_[i].data();
        each_span([&](std::size_t first, std::size_t count) {
            double* __restrict q = target + first;
            const double* __restrict p = pivot_row + first;
            for (std::size_t j = 0; j < count; ++j) q[j] -= f * p[j];
        });
        target[column] = 0.0;
    }
    basis_[row] = column;
}

// The reduced-cost row for phase 1 (maximise minus the sum of the artificials) or phase 2 (the scaled objective;
// artificials cost 0, so their reduced costs are the scaled duals).
void Simplex::price(bool phase_one) {
    const auto cost = [&](std::size_t j) {
        if (j >= kArtificial) return phase_one ? -1.0 : 0.0;
        return phase_one ? 0.0 : objective_scale_ * data_.c[j] * column_scale_[j];
    };
    const auto set = [&](std::size_t j) {
        double r = j == kRhs ? 0.0 : -cost(j);
        for (std::size_t i = 0; i < m_; ++i) r += cost(basis_[i]) * t_[i][j];
        t_[m_][j] = r;
    };
    for (std::size_t j = 0; j < n_; ++j) set(j);
    for (std::size_t j = kArtificial; j < kArtificial + m_; ++j) set(j);
    set(kRhs);
}

// Primal simplex iterations over the structural columns (artificials never re-enter). A basic artificial is a
// variable fixed at 0 in phase 2 (its row was found redundant), so any non-negligible entry in its row blocks at
// ratio 0. A column whose improvement has no pivot and whose ray the data do not confirm is round-off: it is passed
// over until the next pivot, instead of ending the solve as "unbounded".
SolveStatus Simplex::iterate(bool phase_one) {
    // Columns passed over since the last pivot (rare, so a short list rather than a flag per column).
    std::array<std::size_t, kLpMaxColumns> passed;
    std::size_t passed_count = 0;
    const auto was_passed = [&](std::size_t j) {
        for (std::size_t k = 0; k < passed_count; ++k)
            if (passed[k] == j) return true;
        return false;
    };
    const std::size_t limit = tolerance::kLpIterationsPerSize * (m_ + n_ + tolerance::kLpIterationsBase);
    for (std::size_t iteration = 0; iteration < limit; ++iteration) {
        std::size_t entering = n_;
        for (std::size_t j = 0; j < n_; ++j) {
            if (t_[m_][j] < -tolerance::kLpOptimality && !was_passed(j)) {
                entering = j;  // Bland: the first improving column
                break;
            }
        }
        if (entering == n_) return SolveStatus::optimal;
        double largest = 0.0;
        for (std::size_t i = 0; i < m_; ++i) largest = std::max(largest, std::abs(t_[i][entering]));
        const double threshold = tolerance::kLpPivot * largest;
        std::size_t leaving = m_;
        double best_ratio = 0.0;
        for (std::size_t i = 0; i < m_; ++i) {
            const double v = t_[i][entering];
            double ratio = 0.0;
            if (!phase_one && basis_[i] >= kArtificial) {
                if (std::abs(v) <= threshold || v == 0.0) continue;
            } else {
                if (v <= threshold || v == 0.0) continue;
                ratio = std::max(0.0, t_[i][kRhs]) / v;
            }
            if (leaving == m_ || ratio < best_ratio || (ratio == best_ratio && basis_[i] < basis_[leaving])) {
                leaving = i;
                best_ratio = ratio;
            }
        }
        if (leaving == m_) {
            if (!phase_one && genuine_ray(entering)) return SolveStatus::unbounded;
            passed[passed_count++] = entering;
            continue;
        }
        pivot(leaving, entering);
        passed_count = 0;
    }
    return SolveStatus::numerical_failure;  // out of iterations
}

// The norms, the equilibration and a fresh tableau whose basis is the artificials.
void Simplex::equilibrate() {
    sizes();
    for (std::size_t i = 0; i < m_; ++i) {
        double largest = 0.0;
        for (std::size_t j = 0; j < n_; ++j) largest = std::max(largest, std::abs(data_.a[i][j]));
        row_scale_[i] = reciprocal_or_one(largest);
        sign_[i] = data_.b[i] < 0.0 ? -1.0 : 1.0;
    }
    double cost = 0.0;
    for (std::size_t j = 0; j < n_; ++j) {
        scale_column(j);
        cost = std::max(cost, std::abs(data_.c[j] * column_scale_[j]));
    }
    objective_scale_ = reciprocal_or_one(cost);
    build();
}

SolveStatus Simplex::cold() {
    provisional_ = false;
    equilibrate();
    double rhs = 1.0;
    for (std::size_t i = 0; i < m_; ++i) rhs = std::max(rhs, t_[i][kRhs]);

    // Phase 1: maximise -(sum of artificials).
    price(true);
    if (iterate(true) != SolveStatus::optimal) return status_ = SolveStatus::numerical_failure;
    if (-t_[m_][kRhs] > tolerance::kLpFeasibility * rhs) return status_ = SolveStatus::infeasible;
    // Artificials still basic are at level 0 up to the tolerance: make it exactly 0, then replace each by the
    // structural column with the largest entry in its row. Where every entry is negligible the row is redundant and
    // its artificial stays basic, fixed at 0 (iterate()).
    for (std::size_t i = 0; i < m_; ++i) {
        if (basis_[i] < kArtificial) continue;
        t_[i][kRhs] = 0.0;
        std::size_t best = n_;
        double largest = 0.0;
        for (std::size_t j = 0; j < n_; ++j) {
            if (std::abs(t_[i][j]) > largest) {
                largest = std::abs(t_[i][j]);
                best = j;
            }
        }
        if (best < n_ && largest > tolerance::kLpPivot) pivot(i, best);
    }
    // Phase 2: the real objective.
    price(false);
    return finish(iterate(false));
}

// Accepts an answer only after the residual check; otherwise re-factorises once and tries again.
SolveStatus Simplex::finish(SolveStatus status, bool checked) {
    provisional_ = false;
    for (int attempt = 0;; ++attempt) {
        if (status == SolveStatus::optimal) {
            extract();
            if (!checked) {
                provisional_ = true;
                return status_ = SolveStatus::optimal;
            }
            if (passes_check()) return status_ = SolveStatus::optimal;
        } else if (status == SolveStatus::unbounded) {
            return status_ = SolveStatus::unbounded;  // the ray was checked against the data (genuine_ray)
        }
        if (attempt == 1 || !refactor()) return status_ = SolveStatus::numerical_failure;
        price(false);
        status = iterate(false);
    }
}

void Simplex::extract() {
    for (std::size_t j = 0; j < n_; ++j) x_[j] = 0.0;
    for (std::size_t i = 0; i < m_; ++i) {
        if (basis_[i] >= kArtificial) continue;
        double v = t_[i][kRhs];
        if (v < 0.0 && v >= -tolerance::kLpFeasibility) v = 0.0;
        x_[basis_[i]] = v * column_scale_[basis_[i]];
    }
    // Row i of the tableau is sign_i r_i times row i of the data, and the objective is scaled by objective_scale_:
    // the artificial's reduced cost is the scaled dual, y_i = sign_i r_i y'_i / objective_scale_.
    for (std::size_t i = 0; i < m_; ++i) y_[i] = sign_[i] * row_scale_[i] * t_[m_][kArtificial + i] / objective_scale_;
    objective_ = 0.0;
    for (std::size_t j = 0; j < n_; ++j) objective_ += data_.c[j] * x_[j];
}

void Simplex::require_optimal() const {
    if (status_ != SolveStatus::optimal)
        throw std::logic_error(std::string("read the answer of a linear programme that has none (") + to_string(status_) + ")");
}

Residuals Simplex::residuals() const {
    require_optimal();
    return measure();
}

double Simplex::objective() const {
    require_optimal();
    return objective_;
}

double Simplex::x(std::size_t column) const {
    require_optimal();
    return x_[column];
}

double Simplex::dual(std::size_t row) const {
    require_optimal();
    return y_[row];
}

SolveStatus Simplex::solve(const LinearProgram& lp) {
    if (lp.rows > kLpMaxRows || lp.columns > kLpMaxColumns) throw std::length_error("linear programme over the simplex's capacity");
    m_ = lp.rows;
    n_ = lp.columns;
    for (std::size_t i = 0; i < m_; ++i) {
        std::copy_n(lp.a[i].begin(), n_, data_.a[i].begin());
        data_.b[i] = lp.b[i];
    }
    std::copy_n(lp.c.begin(), n_, data_.c.begin());
    return status_ = cold();
}

LinearProgram& Simplex::define(std::size_t rows, std::size_t columns) {
    if (rows > kLpMaxRows || columns > kLpMaxColumns) throw std::length_error("linear programme over the simplex's capacity");
    m_ = data_.rows = rows;
    n_ = data_.columns = columns;
    status_ = SolveStatus::numerical_failure;  // nothing solved yet
    return data_;
}

SolveStatus Simplex::resolve() { return status_ = cold(); }

SolveStatus Simplex::resolve_from(const std::array<std::size_t, kLpMaxRows>& basis) {
    equilibrate();
    // The caller's basis, pivoted in row by row; unless it is non-singular and feasible on these numbers, the
    // two-phase solve from scratch.
    for (std::size_t i = 0; i < m_; ++i) {
        if (basis[i] >= n_ || std::abs(t_[i][basis[i]]) <= tolerance::kLpPivot) return resolve();
        pivot(i, basis[i]);
    }
    for (std::size_t i = 0; i < m_; ++i)
        if (t_[i][kRhs] < -tolerance::kLpFeasibility) return resolve();
    price(false);
    return status_ = finish(iterate(false));
}

SolveStatus Simplex::verify(bool& changed) {
    changed = false;
    if (status_ != SolveStatus::optimal || !provisional_) return status_;
    provisional_ = false;
    if (passes_check()) return status_;
    changed = true;
    return status_ = finish(SolveStatus::optimal);  // the checked ending every solve has: re-factorise once, re-optimise
}

SolveStatus Simplex::add_column(const double* column, double cost, bool checked) {
    if (n_ == kLpMaxColumns) throw std::length_error("linear programme over the simplex's capacity");
    const std::size_t j = n_++;
    for (std::size_t i = 0; i < m_; ++i) data_.a[i][j] = column[i];
    data_.c[j] = cost;
    if (status_ != SolveStatus::optimal) return status_ = cold();  // no live basis to start from
    // The norms grow by the new entries, added last as a sum in index order would add them.
    for (std::size_t i = 0; i < m_; ++i) row_size_[i] += std::abs(column[i]);
    column_size_[j] = column_norm(j);
    scale_column(j);
    // The new column in the current basis, B^-1 a'_j, from the artificial columns (which hold B^-1); its reduced
    // cost y'a'_j - c'_j from their reduced costs (the scaled duals y').
    std::array<double, kLpMaxRows> scaled;
    for (std::size_t i = 0; i < m_; ++i) scaled[i] = sign_[i] * row_scale_[i] * column[i] * column_scale_[j];
    for (std::size_t i = 0; i <= m_; ++i) {
        double v = 0.0;
        for (std::size_t k = 0; k < m_; ++k) v += t_[i][kArtificial + k] * scaled[k];
        t_[i][j] = v;
    }
    t_[m_][j] -= objective_scale_ * cost * column_scale_[j];
    return status_ = finish(iterate(false), checked);
}

Solved<LpSolution> solve(const LinearProgram& lp) {
    Simplex simplex;
    const SolveStatus status = simplex.solve(lp);
    if (status != SolveStatus::optimal) return Solved<LpSolution>::failure(status);
    LpSolution out;
    out.objective = simplex.objective();
    for (std::size_t j = 0; j < lp.columns; ++j) out.x[j] = simplex.x(j);
    for (std::size_t i = 0; i < lp.rows; ++i) out.dual[i] = simplex.dual(i);
    return Solved<LpSolution>::answer(status, out);
}

}  // namespace negsim
