// Grid, Latin hypercube and Saltelli designs (design.hpp, docs/sweeps.md).
#include "analysis/sweep/design.hpp"

#include "analysis/sobol.hpp"
#include "model/capacity.hpp"
#include "model/text.hpp"
#include "model/tolerance.hpp"
#include "random/random_stream.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>

namespace negsim {

namespace {

// The grid level as the user would type it: the shortest decimal within kGridLevelUlps of x (tolerance.hpp).
double typed_level(double x) {
    double lo = x, hi = x;
    for (int u = 0; u < tolerance::kGridLevelUlps; ++u) {
        lo = std::nextafter(lo, -std::numeric_limits<double>::infinity());
        hi = std::nextafter(hi, std::numeric_limits<double>::infinity());
    }
    char text[40];
    for (int digits = 1; digits <= tolerance::kGridLevelDigits; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, x);
        const double y = std::strtod(text, nullptr);
        if (y >= lo && y <= hi) return y;
    }
    return x;
}

// How a factor turns a level or a uniform draw into its value.
struct Column {
    const Factor* factor = nullptr;
    bool list = false;
    std::vector<double> list_numbers;  // the entries' numbers, or their indices when not all are numbers
    double whole_lo = 0.0;             // integer range: the smallest whole number in [lo, hi]
    std::size_t whole_count = 0;       // and how many there are

    // The number of distinct values a uniform draw can give (0: a continuum).
    [[nodiscard]] std::size_t count() const { return list ? factor->values.size() : whole_count; }

    struct Value {
        std::string text;
        double number = 0.0;
    };

    [[nodiscard]] Value value(double number, std::size_t entry) const {
        if (list) return {factor->values[entry], list_numbers[entry]};
        number += 0.0;  // -0 (rounding -0.4, a range from -0) reads "0", not "-0"
        return {format_number(number), number};
    }

    // The value of a uniform u in (0, 1).
    [[nodiscard]] Value at_uniform(double u) const {
        if (const std::size_t n = count(); n > 0) {
            const auto k = std::min(n - 1, static_cast<std::size_t>(u * static_cast<double>(n)));
            return value(whole_lo + static_cast<double>(k), k);
        }
        return value(std::clamp(factor->lo + u * (factor->hi - factor->lo), factor->lo, factor->hi), 0);
    }

    // Level k of a grid.
    [[nodiscard]] Value at_level(std::size_t k) const {
        if (list) return value(0.0, k);
        const std::size_t levels = factor->levels;
        double x = factor->lo;
        if (k + 1 == levels && levels > 1) x = factor->hi;
        else if (k > 0) x = typed_level(factor->lo + (factor->hi - factor->lo) * static_cast<double>(k) / static_cast<double>(levels - 1));
        if (factor->integer) x = std::clamp(std::round(x), whole_lo, whole_lo + static_cast<double>(whole_count - 1));
        return value(x, 0);
    }

    // How many values the factor takes in a grid.
    [[nodiscard]] std::size_t grid_size() const { return list ? factor->values.size() : factor->levels; }
};

std::vector<Column> columns(const Design& design) {
    std::vector<Column> out;
    for (const Factor& f : design.factors) {
        Column c;
        c.factor = &f;
        c.list = !f.values.empty();
        if (c.list) {
            bool numeric = true;
            for (const std::string& v : f.values) {
                double x = 0.0;
                numeric = numeric && parse_number(v, x);
                c.list_numbers.push_back(x);
            }
            if (!numeric) std::iota(c.list_numbers.begin(), c.list_numbers.end(), 0.0);
        } else if (f.integer) {
            c.whole_lo = std::ceil(f.lo);
            c.whole_count = static_cast<std::size_t>(std::floor(f.hi) - c.whole_lo) + 1;
        }
        out.push_back(std::move(c));
    }
    return out;
}

std::string factor_error(const Design& design, const Factor& f) {
    const std::string who = "factor " + quote_text(f.name) + ": ";
    if (!f.values.empty()) return "";
    if (!std::isfinite(f.lo) || !std::isfinite(f.hi) || f.lo > f.hi)
        return who + "the range " + format_number(f.lo) + ":" + format_number(f.hi) + " must be finite with lo <= hi";
    // A whole-number range must hold one; 2^53 bounds it where doubles still count every whole number.
    if (f.integer && (std::ceil(f.lo) > std::floor(f.hi) || std::fabs(f.lo) > 0x1.0p53 || std::fabs(f.hi) > 0x1.0p53))
        return who + "the whole-number range " + format_number(f.lo) + ":" + format_number(f.hi) +
               " must hold a whole number (and stay within 2^53)";
    if (design.kind == DesignKind::grid && f.levels == 0) return who + "a grid needs at least 1 level";
    return "";
}

// The product of the factors' grid sizes, or 0 on overflow.
std::size_t grid_count(const std::vector<Column>& cols) {
    std::size_t n = 1;
    for (const Column& c : cols) {
        const std::size_t m = c.grid_size();
        if (m != 0 && n > std::numeric_limits<std::size_t>::max() / m) return 0;
        n *= m;
    }
    return n;
}

std::vector<DesignPoint> blank(std::size_t points, std::size_t factors) {
    return std::vector<DesignPoint>(points, DesignPoint{std::vector<std::string>(factors), std::vector<double>(factors)});
}

void put(DesignPoint& point, std::size_t i, Column::Value value) {
    point.values[i] = std::move(value.text);
    point.numbers[i] = value.number;
}

std::vector<DesignPoint> grid(const std::vector<Column>& cols) {
    std::vector<DesignPoint> points = blank(grid_count(cols), cols.size());
    for (std::size_t p = 0; p < points.size(); ++p) {
        // Mixed-radix digits of p, the last factor fastest.
        std::size_t rest = p;
        for (std::size_t i = cols.size(); i-- > 0;) {
            put(points[p], i, cols[i].at_level(rest % cols[i].grid_size()));
            rest /= cols[i].grid_size();
        }
    }
    return points;
}

std::vector<DesignPoint> latin_hypercube(const std::vector<Column>& cols, std::size_t k, std::uint64_t seed) {
    std::vector<DesignPoint> points = blank(k, cols.size());
    std::vector<std::size_t> stratum(k);
    for (std::size_t i = 0; i < cols.size(); ++i) {
        // Fisher-Yates (Knuth, TAOCP vol. 2, Algorithm 3.4.2 P) from factor i's own stream.
        std::iota(stratum.begin(), stratum.end(), std::size_t{0});
        RandomStream order(seed, i, purpose(Purpose::lhs_permutation));
        for (std::size_t m = k; m > 1; --m) {
            const auto pick = std::min(m - 1, static_cast<std::size_t>(order.uniform() * static_cast<double>(m)));
            std::swap(stratum[m - 1], stratum[pick]);
        }
        RandomStream jitter(seed, i, purpose(Purpose::lhs_jitter));
        for (std::size_t p = 0; p < k; ++p) {
            const double u = (static_cast<double>(stratum[p]) + jitter.uniform()) / static_cast<double>(k);
            put(points[p], i, cols[i].at_uniform(u));
        }
    }
    return points;
}

std::vector<DesignPoint> saltelli(const std::vector<Column>& cols, std::size_t rows, std::uint64_t seed) {
    const std::size_t d = cols.size();
    std::vector<DesignPoint> points = blank(sobol_point_count(rows, d), d);
    for (std::size_t i = 0; i < d; ++i) {
        // Column i of A and of B, each one stream drawn row by row: a larger N extends the same rows.
        RandomStream a(seed, i, purpose(Purpose::sobol_base, 0));
        RandomStream b(seed, i, purpose(Purpose::sobol_base, 1));
        for (std::size_t j = 0; j < rows; ++j) {
            const Column::Value from_a = cols[i].at_uniform(a.uniform());
            const Column::Value from_b = cols[i].at_uniform(b.uniform());
            // Block 0 is A, 1 is B, 2 + m is A_B^m: column i from B in B and in A_B^i, from A elsewhere.
            for (std::size_t block = 0; block < d + 2; ++block)
                put(points[block * rows + j], i, block == 1 || block == 2 + i ? from_b : from_a);
        }
    }
    return points;
}

}  // namespace

std::string design_error(const Design& design) {
    if (design.factors.empty()) return "a sweep needs at least one factor";
    std::set<std::string> names;
    for (const Factor& f : design.factors) {
        if (!names.insert(f.name).second) return "factor " + quote_text(f.name) + " is varied twice";
        if (std::string e = factor_error(design, f); !e.empty()) return e;
    }
    if (design.kind == DesignKind::lhs && design.points < 1) return "a Latin hypercube needs at least 1 point";
    if (design.kind == DesignKind::sobol && design.points < 2) return "a Sobol design needs at least 2 base rows";
    return design_size_error(design);
}

std::string design_size_error(const Design& design) {
    const std::string limit = "; a sweep has at most " + std::to_string(kMaxSweepPoints) +
                              " points (each is a Monte Carlo run, and all are held in memory until the final files are written)";
    constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
    switch (design.kind) {
        case DesignKind::grid:
            if (const std::size_t n = grid_count(columns(design)); n == 0 || n > kMaxSweepPoints)
                return "the grid has " + (n == 0 ? "more than " + std::to_string(kMax) : std::to_string(n)) +
                       " points (the product of its factors' numbers of values)" + limit;
            break;
        case DesignKind::lhs:
            if (design.points > kMaxSweepPoints) return "the Latin hypercube has " + std::to_string(design.points) + " points" + limit;
            break;
        case DesignKind::sobol: {
            const std::size_t d = design.factors.size();
            const bool overflow = d > kMax - 2 || design.points > kMax / (d + 2);
            if (overflow || design.points * (d + 2) > kMaxSweepPoints)
                return "the Sobol design has " + std::to_string(design.points) + " x (" + std::to_string(d) + " + 2) = " +
                       (overflow ? "more than " + std::to_string(kMax) : std::to_string(design.points * (d + 2))) + " points" + limit;
            break;
        }
    }
    return "";
}

std::size_t design_size(const Design& design) {
    if (std::string e = design_error(design); !e.empty()) throw std::invalid_argument(e);
    switch (design.kind) {
        case DesignKind::grid: return grid_count(columns(design));
        case DesignKind::lhs: return design.points;
        case DesignKind::sobol: break;
    }
    return sobol_point_count(design.points, design.factors.size());
}

std::vector<DesignPoint> design_points(const Design& design) {
    if (std::string e = design_error(design); !e.empty()) throw std::invalid_argument(e);
    const std::vector<Column> cols = columns(design);
    switch (design.kind) {
        case DesignKind::grid: return grid(cols);
        case DesignKind::lhs: return latin_hypercube(cols, design.points, design.seed);
        case DesignKind::sobol: break;
    }
    return saltelli(cols, design.points, design.seed);
}

}  // namespace negsim
