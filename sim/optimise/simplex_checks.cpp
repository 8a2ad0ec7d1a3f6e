// The simplex's checks on the original data (simplex.hpp): the residual (KKT) check of every answer it calls optimal,
// the check that an unbounded ray is real, and the re-factorisation that discards accumulated round-off.
#include "optimise/simplex.hpp"

#include "model/tolerance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace negsim {

// Whether the ray x + s d (s >= 0) of an entering column without a pivot is a real direction of unboundedness of
// the original problem: d >= 0, A d = 0 and c'd > 0, each up to the residual tolerances.
bool Simplex::genuine_ray(std::size_t column) const {
    std::array<double, kLpMaxColumns> d{};
    d[column] = column_scale_[column];
    for (std::size_t i = 0; i < m_; ++i) {
        const std::size_t b = basis_[i];
        if (b >= kArtificial) {
            if (t_[i][column] != 0.0) return false;  // would move a variable fixed at 0
            continue;
        }
        d[b] = -t_[i][column] * column_scale_[b];
        if (d[b] < 0.0) d[b] = 0.0;  // a non-positive tableau entry below the pivot tolerance
    }
    double gain = 0.0, gain_size = 0.0, length = 0.0;
    for (std::size_t j = 0; j < n_; ++j) {
        gain += data_.c[j] * d[j];
        gain_size += std::abs(data_.c[j] * d[j]);
        length = std::max(length, d[j]);
    }
    if (!(gain > tolerance::kLpDualResidual * gain_size) || gain <= 0.0) return false;
    for (std::size_t i = 0; i < m_; ++i) {
        double sum = 0.0, size = 0.0;
        for (std::size_t j = 0; j < n_; ++j) {
            sum += data_.a[i][j] * d[j];
            size += std::abs(data_.a[i][j]);
        }
        if (std::abs(sum) > tolerance::kLpPrimalResidual * size * length) return false;
    }
    return true;
}

// Rebuilds the tableau of the current basis from the data (Gauss-Jordan with partial pivoting), discarding the
// round-off that pivots have accumulated. False if the basis is singular or not feasible on the fresh numbers.
bool Simplex::refactor() {
    std::array<std::size_t, kLpMaxRows> wanted = basis_;
    std::sort(wanted.begin(), wanted.begin() + static_cast<std::ptrdiff_t>(m_));  // structural columns first
    build();
    std::array<bool, kLpMaxRows> placed{};
    for (std::size_t k = 0; k < m_; ++k) {
        const std::size_t column = wanted[k];
        std::size_t row = m_;
        double largest = 0.0;
        for (std::size_t i = 0; i < m_; ++i) {
            if (placed[i] || std::abs(t_[i][column]) <= largest) continue;
            row = i;
            largest = std::abs(t_[i][column]);
        }
        if (row == m_ || largest <= tolerance::kLpPivot) return false;
        if (column != basis_[row] || t_[row][column] != 1.0) pivot(row, column);
        placed[row] = true;
    }
    for (std::size_t i = 0; i < m_; ++i)
        if (t_[i][kRhs] < -tolerance::kLpFeasibility) return false;
    return true;
}

// ||a_i||_1 and ||a_j||_1 of the data, each summed in index order (measure()).
void Simplex::sizes() {
    for (std::size_t i = 0; i < m_; ++i) {
        double size = 0.0;
        for (std::size_t j = 0; j < n_; ++j) size += std::abs(data_.a[i][j]);
        row_size_[i] = size;
    }
    for (std::size_t j = 0; j < n_; ++j) column_size_[j] = column_norm(j);
}

double Simplex::column_norm(std::size_t j) const {
    double size = 0.0;
    for (std::size_t i = 0; i < m_; ++i) size += std::abs(data_.a[i][j]);
    return size;
}

// Residuals of the extracted answer on the original data. The error of a computed x_j is of the order of the
// rounding unit times the largest |x|, so a row's residual is measured against |b_i| + ||a_i||_1 max|x| (and a
// column's reduced cost against |c_j| + ||a_j||_1 max|y|): relative, and not fooled by a row whose own x_j are small.
// The norms are kept as the data grow (sizes()); a row's sum skips the x_j that are 0, which changes at most the sign
// of a zero sum; the reduced costs are accumulated row by row, the order the data are stored in, each over i in turn.
Residuals Simplex::measure() const {
    Residuals r;
    double x_size = 0.0, y_size = 0.0;
    std::array<std::size_t, kLpMaxColumns> support;  // the columns with x_j != 0, in order
    std::size_t used = 0;
    for (std::size_t j = 0; j < n_; ++j) {
        x_size = std::max(x_size, std::abs(x_[j]));
        if (x_[j] != 0.0) support[used++] = j;
    }
    for (std::size_t i = 0; i < m_; ++i) y_size = std::max(y_size, std::abs(y_[i]));
    std::array<double, kLpMaxColumns> reduced;
    for (std::size_t j = 0; j < n_; ++j) reduced[j] = -data_.c[j];
    for (std::size_t i = 0; i < m_; ++i) {
        const auto& row = data_.a[i];
        double sum = -data_.b[i];
        for (std::size_t k = 0; k < used; ++k) sum += row[support[k]] * x_[support[k]];
        const double scale = std::abs(data_.b[i]) + row_size_[i] * x_size;
        if (scale > 0.0) r.primal = std::max(r.primal, std::abs(sum) / scale);
        const double y = y_[i];
        for (std::size_t j = 0; j < n_; ++j) reduced[j] += row[j] * y;
    }
    for (std::size_t j = 0; j < n_; ++j) {
        if (x_[j] < 0.0) r.primal = std::numeric_limits<double>::infinity();
        const double scale = std::abs(data_.c[j]) + column_size_[j] * y_size;
        if (scale == 0.0) continue;
        r.dual = std::max(r.dual, std::max(0.0, -reduced[j]) / scale);
        if (x_[j] > 0.0) r.complementarity = std::max(r.complementarity, std::abs(reduced[j]) / scale);
    }
    return r;
}

bool Simplex::passes_check() const {
    const Residuals r = measure();
    return r.primal <= tolerance::kLpPrimalResidual && r.dual <= tolerance::kLpDualResidual &&
           r.complementarity <= tolerance::kLpComplementarity;
}

}  // namespace negsim
