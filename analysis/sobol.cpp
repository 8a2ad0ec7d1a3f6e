// Sobol indices from a Saltelli design, and their bootstrap intervals (sobol.hpp, docs/sweeps.md).
#include "analysis/sobol.hpp"

#include "model/text.hpp"
#include "model/tolerance.hpp"
#include "random/random_stream.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace negsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The outputs of one Sobol design, as columns: f(A)_j, f(B)_j and f(A_B^i)_j for the used rows only.
struct Columns {
    std::vector<double> a, b;
    std::vector<std::vector<double>> ab;  // per factor
};

struct Estimate {
    double mean = kNaN, variance = kNaN;
    std::vector<double> first, total;
    [[nodiscard]] double first_sum() const {
        double sum = 0.0;
        for (const double f : first) sum += f;  // NaN when any is
        return first.empty() ? kNaN : sum;
    }
};

// The estimators over a multiset of rows (indices into the columns), summed in the order given.
Estimate estimate(const Columns& c, std::span<const std::size_t> rows) {
    const std::size_t d = c.ab.size();
    Estimate e;
    e.first.assign(d, kNaN);
    e.total.assign(d, kNaN);
    const std::size_t n = rows.size();
    if (n < 2) return e;
    double sum = 0.0;
    for (std::size_t r : rows) sum += c.a[r] + c.b[r];
    e.mean = sum / static_cast<double>(2 * n);
    double squares = 0.0;
    for (std::size_t r : rows) {
        const double da = c.a[r] - e.mean, db = c.b[r] - e.mean;
        squares += da * da + db * db;
    }
    e.variance = squares / static_cast<double>(2 * n - 1);
    if (!(e.variance > 0.0)) return e;
    for (std::size_t i = 0; i < d; ++i) {
        double first = 0.0, total = 0.0;
        for (std::size_t r : rows) {
            const double step = c.ab[i][r] - c.a[r];
            first += (c.b[r] - e.mean) * step;
            total += step * step;
        }
        e.first[i] = first / static_cast<double>(n) / e.variance;
        e.total[i] = total / (2.0 * static_cast<double>(n)) / e.variance;
    }
    return e;
}

Interval percentile_interval(std::vector<double> values, double level) {
    std::erase_if(values, [](double v) { return !std::isfinite(v); });
    if (values.empty()) return {kNaN, kNaN};
    std::sort(values.begin(), values.end());
    const double tail = (1.0 - level) / 2.0;
    return {quantile_sorted(values, tail), quantile_sorted(values, 1.0 - tail)};
}

}  // namespace

std::size_t sobol_point_count(std::size_t rows, std::size_t factors) {
    if (factors > std::numeric_limits<std::size_t>::max() - 2 ||
        (rows != 0 && factors + 2 > std::numeric_limits<std::size_t>::max() / rows))
        throw std::invalid_argument("a Sobol design of " + std::to_string(rows) + " rows and " + std::to_string(factors) +
                                    " factors has too many points");
    return rows * (factors + 2);
}

SobolSlot sobol_slot(std::size_t point, std::size_t rows, std::size_t factors) {
    if (point >= sobol_point_count(rows, factors))
        throw std::out_of_range("Sobol design point " + std::to_string(point) + " past the end");
    const std::size_t block = point / rows, row = point % rows;
    if (block == 0) return {SobolMatrix::a, 0, row};
    if (block == 1) return {SobolMatrix::b, 0, row};
    return {SobolMatrix::a_b, block - 2, row};
}

std::size_t sobol_point(const SobolSlot& slot, std::size_t rows, std::size_t factors) {
    if (slot.row >= rows || (slot.matrix == SobolMatrix::a_b && slot.factor >= factors))
        throw std::out_of_range("Sobol design slot outside a design of " + std::to_string(rows) + " rows and " +
                                std::to_string(factors) + " factors");
    switch (slot.matrix) {
        case SobolMatrix::a: return slot.row;
        case SobolMatrix::b: return rows + slot.row;
        case SobolMatrix::a_b: break;
    }
    return (2 + slot.factor) * rows + slot.row;
}

double quantile_sorted(std::span<const double> sorted, double p) {
    if (sorted.empty()) throw std::invalid_argument("quantile of no values");
    const double h = static_cast<double>(sorted.size() - 1) * std::clamp(p, 0.0, 1.0);
    const auto below = static_cast<std::size_t>(std::floor(h));
    if (below + 1 >= sorted.size()) return sorted.back();
    return sorted[below] + (h - static_cast<double>(below)) * (sorted[below + 1] - sorted[below]);
}

SobolIndices sobol_indices(std::span<const double> outputs, std::size_t rows, std::size_t factors,
                           const BootstrapOptions& bootstrap) {
    if (outputs.size() != sobol_point_count(rows, factors))
        throw std::invalid_argument("Sobol indices: " + std::to_string(outputs.size()) + " outputs for a design of " +
                                    std::to_string(rows) + " rows and " + std::to_string(factors) + " factors");
    if (!(bootstrap.level > 0.0 && bootstrap.level < 1.0))
        throw std::invalid_argument("Sobol indices: the interval's level must lie strictly between 0 and 1");

    // A row enters only whole: its A and B outputs set V, and each A_B^i output pairs with them.
    Columns c;
    c.ab.resize(factors);
    SobolIndices result;
    for (std::size_t j = 0; j < rows; ++j) {
        bool finite = std::isfinite(outputs[j]) && std::isfinite(outputs[rows + j]);
        for (std::size_t i = 0; i < factors && finite; ++i) finite = std::isfinite(outputs[(2 + i) * rows + j]);
        if (!finite) {
            ++result.dropped;
            continue;
        }
        c.a.push_back(outputs[j]);
        c.b.push_back(outputs[rows + j]);
        for (std::size_t i = 0; i < factors; ++i) c.ab[i].push_back(outputs[(2 + i) * rows + j]);
    }
    const std::size_t n = c.a.size();
    result.rows = n;

    std::vector<std::size_t> all(n);
    for (std::size_t r = 0; r < n; ++r) all[r] = r;
    const Estimate point = estimate(c, all);
    result.mean = point.mean;
    result.variance = point.variance;

    // Resample r is the same rows for every factor and every output of the same length: the stream is keyed by
    // (seed, r) only, and its draws are taken in order.
    std::vector<std::vector<double>> first(factors), total(factors);
    std::vector<double> sums;
    std::vector<std::size_t> drawn(n);
    for (std::size_t r = 0; r < bootstrap.resamples && n > 0; ++r) {
        RandomStream stream(bootstrap.seed, r, purpose(Purpose::bootstrap));
        for (std::size_t& k : drawn)
            k = std::min(n - 1, static_cast<std::size_t>(stream.uniform() * static_cast<double>(n)));
        const Estimate e = estimate(c, drawn);
        sums.push_back(e.first_sum());
        for (std::size_t i = 0; i < factors; ++i) {
            first[i].push_back(e.first[i]);
            total[i].push_back(e.total[i]);
        }
    }
    for (std::size_t i = 0; i < factors; ++i) {
        result.first.push_back({point.first[i], percentile_interval(std::move(first[i]), bootstrap.level)});
        result.total.push_back({point.total[i], percentile_interval(std::move(total[i]), bootstrap.level)});
    }
    result.first_sum = {point.first_sum(), percentile_interval(std::move(sums), bootstrap.level)};
    return result;
}

std::vector<std::string> sobol_warnings(const SobolIndices& indices, const std::string& output, const std::vector<std::string>& factors) {
    std::vector<std::string> warnings;
    const auto shown = [](const SobolIndex& x) {
        return format_number(x.estimate) + " [" + format_number(x.interval.lo) + ", " + format_number(x.interval.hi) + "]";
    };
    const auto wide = [](const SobolIndex& x) { return !(x.interval.hi - x.interval.lo <= tolerance::kSobolIntervalWidth); };
    std::string too_wide;
    for (std::size_t f = 0; f < factors.size(); ++f) {
        const SobolIndex& first = indices.first[f];
        const SobolIndex& total = indices.total[f];
        if (!std::isfinite(first.estimate) || !std::isfinite(total.estimate)) continue;  // a constant output: no indices
        if (wide(first) || wide(total)) too_wide += (too_wide.empty() ? "" : ", ") + factors[f];
        if (first.interval.lo > total.interval.hi)
            warnings.push_back(output + ", " + factors[f] + ": the first-order index " + shown(first) + " exceeds the total " + shown(total) +
                               " beyond both intervals, which no model allows (S_i <= S_Ti): the design is too small; give more --points");
    }
    if (!too_wide.empty())
        warnings.push_back(output + ": the 95% intervals of " + too_wide + " are wider than " + format_number(tolerance::kSobolIntervalWidth) +
                           " (base points used: " + std::to_string(indices.rows) + "): too few to tell a negligible factor from a dominant one; give more --points");
    if (indices.first_sum.interval.lo > 1.0)
        warnings.push_back(output + ": the first-order indices sum to " + shown(indices.first_sum) +
                           ", above 1 beyond the sum's interval, which no model allows: the design is too small; give more --points");
    return warnings;
}

}  // namespace negsim
