// Sobol indices on functions whose indices are known in closed form (Ishigami, linear), their bootstrap intervals and
// dropped rows; Newcombe's paired-difference interval against published and hand-computed values.
#include "analysis/paired_difference.hpp"
#include "analysis/sobol.hpp"
#include "analysis/sweep/design.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

using namespace negsim;

namespace {

constexpr double kPi = std::numbers::pi;

Factor range(std::string name, double lo, double hi) {
    Factor f;
    f.name = std::move(name);
    f.lo = lo;
    f.hi = hi;
    return f;
}

// The outputs of f at every point of a Saltelli design of `rows` rows over `factors`.
template <class F>
std::vector<double> evaluate(const std::vector<Factor>& factors, std::size_t rows, std::uint64_t seed, F f) {
    Design d;
    d.kind = DesignKind::sobol;
    d.factors = factors;
    d.points = rows;
    d.seed = seed;
    std::vector<double> y;
    for (const DesignPoint& p : design_points(d)) y.push_back(f(p.numbers));
    return y;
}

// Ishigami and Homma (1990), "An importance quantification technique in uncertainty analysis for computer models":
// f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i uniform on [-pi, pi]. Its variance decomposition in closed form, from
// E sin^2 = 1/2, Var sin^2 = 1/8, E x^4 = pi^4/5, E x^8 = pi^8/9: f = sin x1 (1 + b x3^4) + a sin^2 x2, so
// V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2 / 8, V13 = b^2 (pi^8/9 - pi^8/25) / 2 = 8 b^2 pi^8 / 225, V = V1 + V2 + V13.
constexpr double kA = 7.0, kB = 0.1;
double ishigami(const std::vector<double>& x) {
    return std::sin(x[0]) + kA * std::sin(x[1]) * std::sin(x[1]) + kB * std::pow(x[2], 4) * std::sin(x[0]);
}

void check_within(const SobolIndex& index, double exact, double tolerance) {
    CAPTURE(exact, index.estimate, index.interval.lo, index.interval.hi);
    CHECK(std::fabs(index.estimate - exact) <= tolerance);
    CHECK(index.interval.lo <= exact);
    CHECK(exact <= index.interval.hi);
}

}  // namespace

TEST_CASE("Sobol indices of the Ishigami function match the closed form", "[sobol]") {
    const double pi4 = std::pow(kPi, 4), pi8 = pi4 * pi4;
    const double v1 = 0.5 * (1.0 + kB * pi4 / 5.0) * (1.0 + kB * pi4 / 5.0);
    const double v2 = kA * kA / 8.0;
    const double v13 = 8.0 * kB * kB * pi8 / 225.0;
    const double v = v1 + v2 + v13;
    // The values usually quoted; the closed form above is what the estimates are checked against.
    REQUIRE(v1 / v == Approx(0.3139).margin(5e-5));
    REQUIRE((v1 + v13) / v == Approx(0.5576).margin(5e-5));
    REQUIRE(v13 / v == Approx(0.2437).margin(5e-5));

    // N = 10000 base rows (50000 evaluations): the estimates' standard errors are about 0.01, so 0.03 is three of them.
    constexpr std::size_t kRows = 10000;
    const std::vector<Factor> factors = {range("x1", -kPi, kPi), range("x2", -kPi, kPi), range("x3", -kPi, kPi)};
    const std::vector<double> y = evaluate(factors, kRows, 2010, ishigami);
    const SobolIndices s = sobol_indices(y, kRows, 3, {1000, 17, 0.95});
    CHECK(s.rows == kRows);
    CHECK(s.dropped == 0);
    CHECK(s.variance == Approx(v).epsilon(0.03));
    constexpr double kTolerance = 0.03;
    check_within(s.first[0], v1 / v, kTolerance);
    check_within(s.first[1], v2 / v, kTolerance);
    check_within(s.first[2], 0.0, kTolerance);
    check_within(s.total[0], (v1 + v13) / v, kTolerance);
    check_within(s.total[1], v2 / v, kTolerance);
    check_within(s.total[2], v13 / v, kTolerance);
    // The intervals are informative, not [0, 1]: narrower than 0.1 at this N.
    for (const SobolIndex& i : s.first) CHECK(i.interval.hi - i.interval.lo < 0.1);
    for (const SobolIndex& i : s.total) CHECK(i.interval.hi - i.interval.lo < 0.1);

    // One design can miss by chance (6 intervals at 95%); the intervals' coverage over 40 designs (seeds 1..40) of
    // N = 1000 rows must be at least 34 of 40 for each index (a calibrated 95% interval misses that with probability 0.3%).
    const std::vector<double> exact_first = {v1 / v, v2 / v, 0.0}, exact_total = {(v1 + v13) / v, v2 / v, v13 / v};
    std::vector<int> first_covered(3), total_covered(3);
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        const SobolIndices r = sobol_indices(evaluate(factors, 1000, seed, ishigami), 1000, 3, {500, seed, 0.95});
        for (std::size_t i = 0; i < 3; ++i) {
            first_covered[i] += r.first[i].interval.lo <= exact_first[i] && exact_first[i] <= r.first[i].interval.hi;
            total_covered[i] += r.total[i].interval.lo <= exact_total[i] && exact_total[i] <= r.total[i].interval.hi;
        }
    }
    for (std::size_t i = 0; i < 3; ++i) {
        CAPTURE(i, first_covered[i], total_covered[i]);
        CHECK(first_covered[i] >= 34);
        CHECK(total_covered[i] >= 34);
    }
}

TEST_CASE("Sobol indices of a linear model are its shares of the variance", "[sobol]") {
    // y = sum a_i x_i with independent uniform x_i: S_i = S_Ti = a_i^2 Var x_i / sum_k a_k^2 Var x_k, Var x = (hi-lo)^2/12.
    const std::vector<Factor> factors = {range("x1", 0.0, 1.0), range("x2", -1.0, 1.0), range("x3", 5.0, 5.5)};
    const std::vector<double> a = {1.0, 2.0, -3.0};
    double sum = 0.0;
    std::vector<double> share;
    for (std::size_t i = 0; i < 3; ++i) {
        const double width = factors[i].hi - factors[i].lo;
        share.push_back(a[i] * a[i] * width * width / 12.0);
        sum += share.back();
    }
    for (double& s : share) s /= sum;  // 1/19.25, 16/19.25, 2.25/19.25
    const auto linear = [&](const std::vector<double>& x) { return a[0] * x[0] + a[1] * x[1] + a[2] * x[2]; };
    // N = 4000: the first-order estimates' standard errors are below 0.01 here.
    constexpr std::size_t kRows = 4000;
    const SobolIndices s = sobol_indices(evaluate(factors, kRows, 99, linear), kRows, 3, {0, 3, 0.95});
    for (std::size_t i = 0; i < 3; ++i) {
        CAPTURE(i, s.first[i].estimate, s.total[i].estimate, share[i]);
        CHECK(std::fabs(s.first[i].estimate - share[i]) <= 0.03);
        CHECK(std::fabs(s.total[i].estimate - share[i]) <= 0.03);
    }
    // The intervals' coverage, over 40 designs (seeds 1..40) of N = 500 rows: each index's 95% interval holds the exact
    // value at least 34 times of 40 (a calibrated interval misses 34 with probability 0.3%; one that is too narrow or
    // centred wrongly falls far below).
    constexpr std::size_t kDesigns = 40, kSmall = 500;
    std::vector<int> first_covered(3), total_covered(3);
    for (std::uint64_t seed = 1; seed <= kDesigns; ++seed) {
        const SobolIndices r = sobol_indices(evaluate(factors, kSmall, seed, linear), kSmall, 3, {500, seed, 0.95});
        for (std::size_t i = 0; i < 3; ++i) {
            first_covered[i] += r.first[i].interval.lo <= share[i] && share[i] <= r.first[i].interval.hi;
            total_covered[i] += r.total[i].interval.lo <= share[i] && share[i] <= r.total[i].interval.hi;
        }
    }
    for (std::size_t i = 0; i < 3; ++i) {
        CAPTURE(i, first_covered[i], total_covered[i]);
        CHECK(first_covered[i] >= 34);
        CHECK(total_covered[i] >= 34);
    }
}

TEST_CASE("Rows with a non-finite output are dropped whole, and counted", "[sobol]") {
    constexpr std::size_t kRows = 200, kFactors = 3;
    const std::vector<Factor> factors = {range("x1", -kPi, kPi), range("x2", -kPi, kPi), range("x3", -kPi, kPi)};
    std::vector<double> y = evaluate(factors, kRows, 4, ishigami);
    // Spoil rows 3 (in A), 50 (in B) and 120 (in A_B^3): the result must equal the design without those rows.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    y[sobol_point({SobolMatrix::a, 0, 3}, kRows, kFactors)] = nan;
    y[sobol_point({SobolMatrix::b, 0, 50}, kRows, kFactors)] = std::numeric_limits<double>::infinity();
    y[sobol_point({SobolMatrix::a_b, 2, 120}, kRows, kFactors)] = nan;
    std::vector<double> kept;
    for (std::size_t block = 0; block < kFactors + 2; ++block)
        for (std::size_t j = 0; j < kRows; ++j)
            if (j != 3 && j != 50 && j != 120) kept.push_back(y[block * kRows + j]);
    const SobolIndices with = sobol_indices(y, kRows, kFactors, {200, 5, 0.95});
    const SobolIndices without = sobol_indices(kept, kRows - 3, kFactors, {200, 5, 0.95});
    CHECK(with.rows == kRows - 3);
    CHECK(with.dropped == 3);
    for (std::size_t i = 0; i < kFactors; ++i) {
        CHECK(std::isfinite(with.first[i].estimate));
        CHECK(with.first[i].estimate == without.first[i].estimate);
        CHECK(with.total[i].estimate == without.total[i].estimate);
        CHECK(with.first[i].interval.lo == without.first[i].interval.lo);
        CHECK(with.total[i].interval.hi == without.total[i].interval.hi);
    }
    CHECK_THROWS_AS(sobol_indices(kept, kRows, kFactors), std::invalid_argument);
}

TEST_CASE("Bootstrap intervals are reproducible by seed, a constant output has no indices", "[sobol]") {
    constexpr std::size_t kRows = 300;
    const std::vector<Factor> factors = {range("x1", -kPi, kPi), range("x2", -kPi, kPi), range("x3", -kPi, kPi)};
    const std::vector<double> y = evaluate(factors, kRows, 4, ishigami);
    const SobolIndices one = sobol_indices(y, kRows, 3, {300, 1, 0.95});
    const SobolIndices same = sobol_indices(y, kRows, 3, {300, 1, 0.95});
    const SobolIndices other = sobol_indices(y, kRows, 3, {300, 2, 0.95});
    CHECK(one.first[0].interval.lo == same.first[0].interval.lo);
    CHECK(one.total[2].interval.hi == same.total[2].interval.hi);
    CHECK(one.first[0].estimate == other.first[0].estimate);
    CHECK(one.first[0].interval.lo != other.first[0].interval.lo);
    // A wider level gives a wider interval around the same estimate.
    const SobolIndices wide = sobol_indices(y, kRows, 3, {300, 1, 0.99});
    CHECK(wide.first[1].interval.lo < one.first[1].interval.lo);
    CHECK(wide.first[1].interval.hi > one.first[1].interval.hi);

    const SobolIndices flat = sobol_indices(std::vector<double>(5 * kRows, 0.5), kRows, 3);
    CHECK(flat.variance == 0.0);
    CHECK(std::isnan(flat.first[0].estimate));
    CHECK(std::isnan(flat.total[2].interval.lo));
}

TEST_CASE("Sobol warnings: intervals too wide, a first-order index above its total, first-order indices above 1", "[sobol]") {
    const std::vector<Factor> factors = {range("x1", -kPi, kPi), range("x2", -kPi, kPi), range("x3", -kPi, kPi)};
    const std::vector<std::string> names = {"x1", "x2", "x3"};
    // 16 base rows: intervals far too wide to read; 4000 rows of a linear model: none.
    const SobolIndices small = sobol_indices(evaluate(factors, 16, 4, ishigami), 16, 3, {1000, 1, 0.95});
    const std::vector<std::string> warned = sobol_warnings(small, "y", names);
    REQUIRE_FALSE(warned.empty());
    CHECK_THAT(warned.back(), Catch::Contains("y: the 95% intervals of x1") && Catch::Contains("wider than 0.3") && Catch::Contains("--points"));
    const auto linear = [](const std::vector<double>& x) { return x[0] + 2.0 * x[1] - 3.0 * x[2]; };
    const SobolIndices large = sobol_indices(evaluate(factors, 4000, 9, linear), 4000, 3, {300, 1, 0.95});
    CHECK(sobol_warnings(large, "y", names).empty());
    CHECK(large.first_sum.estimate == Approx(large.first[0].estimate + large.first[1].estimate + large.first[2].estimate));
    CHECK(large.first_sum.interval.lo <= large.first_sum.estimate);
    CHECK(large.first_sum.estimate <= large.first_sum.interval.hi);

    // Estimates that contradict each other beyond their intervals, as a 16-point design of Paris gave.
    SobolIndices odd;
    odd.rows = 16;
    odd.first = {{0.67, {0.6, 0.75}}, {0.5, {0.45, 0.55}}};
    odd.total = {{0.39, {0.3, 0.45}}, {0.6, {0.5, 0.7}}};
    odd.first_sum = {1.17, {1.05, 1.3}};
    const std::vector<std::string> contradictions = sobol_warnings(odd, "agreement_probability", {"a", "b"});
    REQUIRE(contradictions.size() == 2);
    CHECK_THAT(contradictions[0], Catch::Contains("agreement_probability, a: the first-order index 0.67 [0.6, 0.75] exceeds the total 0.39 [0.3, 0.45]"));
    CHECK_THAT(contradictions[1], Catch::Contains("sum to 1.17 [1.05, 1.3], above 1"));
    // A constant output has no indices and nothing to warn of.
    CHECK(sobol_warnings(sobol_indices(std::vector<double>(5 * 16, 0.5), 16, 3), "y", names).empty());
}

TEST_CASE("Type-7 quantiles interpolate between order statistics", "[sobol]") {
    const std::vector<double> v = {1.0, 2.0, 4.0, 8.0, 16.0};
    CHECK(quantile_sorted(v, 0.0) == 1.0);
    CHECK(quantile_sorted(v, 1.0) == 16.0);
    CHECK(quantile_sorted(v, 0.5) == 4.0);
    CHECK(quantile_sorted(v, 0.025) == Approx(1.1));   // h = 4 * 0.025 = 0.1: 1 + 0.1 (2 - 1)
    CHECK(quantile_sorted(v, 0.975) == Approx(15.2));  // h = 3.9: 8 + 0.9 (16 - 8)
}

TEST_CASE("Paired differences: Newcombe's method 10 against published and hand-computed intervals", "[sobol][paired]") {
    // Published: Fagerland, Lydersen and Laake (2014), "Recommended tests and confidence intervals for paired binomial
    // proportions", Stat. Med. 33:2850, Cavo et al. table (59, 6 / 16, 80): -0.0621 (-0.1186 to -0.0046).
    const PairedDifference cavo = paired_difference({59, 6, 16, 80});
    CHECK(cavo.difference == Approx(-10.0 / 161.0));
    CHECK(cavo.interval.lo == Approx(-0.1186).epsilon(0).margin(5e-5));
    CHECK(cavo.interval.hi == Approx(-0.0046).epsilon(0).margin(5e-5));
    // Full precision: phi = (59*80 - 6*16 - 161/2) / sqrt(65*96*75*86) = 4543.5 / sqrt(40248000) = 0.716174.
    CHECK(cavo.interval.lo == Approx(-0.1186211956387099).epsilon(1e-12));
    CHECK(cavo.interval.hi == Approx(-0.004625113933050054).epsilon(1e-12));

    // By hand, table (2, 3 / 1, 4), n = 10: p1 = 5/10, p2 = 3/10, difference 0.2. Wilson 95%: 5/10 -> 0.236593 to
    // 0.763407, 3/10 -> 0.107791 to 0.603222. AD - BC = 8 - 3 = 5 = n/2, so phi = 0 and
    // L = 0.2 - sqrt(0.263407^2 + 0.303222^2) = -0.201655, U = 0.2 + sqrt(0.263407^2 + 0.192209^2) = 0.526079.
    const PairedDifference hand = paired_difference({2, 3, 1, 4});
    CHECK(hand.difference == Approx(0.2));
    CHECK(hand.interval.lo == Approx(-0.20165494124038513).epsilon(1e-12));
    CHECK(hand.interval.hi == Approx(0.5260788199975559).epsilon(1e-12));
    // The same margins, negatively associated (0, 5 / 3, 2): phi = -15 / sqrt(5*5*3*7) = -0.654654, a wider interval.
    const PairedDifference negative = paired_difference({0, 5, 3, 2});
    CHECK(negative.interval.lo == Approx(-0.31565688822336352).epsilon(1e-12));
    CHECK(negative.interval.hi == Approx(0.61547137078813896).epsilon(1e-12));

    // From two 0/1 vectors (the agreement of the same samples at two sweep points).
    const std::vector<std::uint8_t> x = {1, 1, 0, 1, 0, 0, 1, 1, 0, 0};
    const std::vector<std::uint8_t> y = {1, 0, 0, 1, 1, 0, 0, 0, 0, 0};
    const PairedCounts c = paired_counts(x, y);
    CHECK(c.both == 2);
    CHECK(c.first_only == 3);
    CHECK(c.second_only == 1);
    CHECK(c.neither == 4);
    CHECK(paired_difference(c).interval.lo == hand.interval.lo);
    CHECK_THROWS_AS(paired_counts(x, std::vector<std::uint8_t>(3)), std::invalid_argument);
    const PairedDifference empty = paired_difference({});
    CHECK(empty.interval.lo == -1.0);
    CHECK(empty.interval.hi == 1.0);
}
