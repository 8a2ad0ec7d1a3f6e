// Sweep designs: grid order, Latin hypercube strata and reproducibility, the Saltelli layout, and bad designs.
#include "analysis/sobol.hpp"
#include "analysis/sweep/design.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

using namespace negsim;

namespace {

Factor range(std::string name, double lo, double hi, std::size_t levels = 0, bool integer = false) {
    Factor f;
    f.name = std::move(name);
    f.lo = lo;
    f.hi = hi;
    f.levels = levels;
    f.integer = integer;
    return f;
}

Factor list(std::string name, std::vector<std::string> values) {
    Factor f;
    f.name = std::move(name);
    f.values = std::move(values);
    return f;
}

Design design(DesignKind kind, std::vector<Factor> factors, std::size_t points = 0, std::uint64_t seed = 1) {
    Design d;
    d.kind = kind;
    d.factors = std::move(factors);
    d.points = points;
    d.seed = seed;
    return d;
}

}  // namespace

TEST_CASE("A 2-factor grid gives every combination, first factor slowest", "[design]") {
    const auto points = design_points(design(DesignKind::grid, {range("russia/reservation", 0.3, 0.9, 3), list("x", {"none", "treaty"})}));
    REQUIRE(points.size() == 6);
    REQUIRE(design_size(design(DesignKind::grid, {range("a", 0.2, 0.4, 3), list("x", {"none", "treaty"})})) == 6);
    // Level k is lo + (hi - lo) k / (L - 1) as the user would type it (0.6, where the doubles give 0.6000000000000001),
    // and the last is hi itself (the formula would give 0.9000000000000001).
    const std::vector<std::vector<std::string>> expected = {{"0.3", "none"}, {"0.3", "treaty"}, {"0.6", "none"},
                                                            {"0.6", "treaty"}, {"0.9", "none"}, {"0.9", "treaty"}};
    for (std::size_t p = 0; p < 6; ++p) {
        CAPTURE(p);
        CHECK(points[p].values == expected[p]);
        CHECK(points[p].numbers[1] == static_cast<double>(p % 2));  // a list of non-numbers: the entry's index
    }
    CHECK(points[0].numbers[0] == 0.3);
    CHECK(points[2].numbers[0] == 0.6);  // the value run is the value printed
    // 0.3 + 0.12 is 0.42000000000000004 in doubles: the level is 0.42; a third has no short decimal and keeps its value.
    const auto typed = design_points(design(DesignKind::grid, {range("a", 0.3, 0.9, 6)}));
    REQUIRE(typed.size() == 6);
    for (const auto& [p, text] : std::vector<std::pair<std::size_t, std::string>>{{1, "0.42"}, {2, "0.54"}, {3, "0.66"}, {4, "0.78"}}) {
        CHECK(typed[p].values[0] == text);
        CHECK(typed[p].numbers[0] == std::stod(text));
    }
    CHECK(design_points(design(DesignKind::grid, {range("a", 0.0, 1.0, 4)}))[1].numbers[0] == 1.0 / 3.0);
    CHECK(points[4].numbers[0] == 0.9);

    // One level gives lo; an integer range is rounded (2.5 -> 3, half away from zero); a numeric list keeps its text.
    const auto q = design_points(design(DesignKind::grid, {range("a", 7.0, 9.0, 1), range("protocol/rounds", 1, 4, 3, true), list("b", {"1e1", "20"})}));
    REQUIRE(q.size() == 6);
    CHECK(q[0].values == std::vector<std::string>{"7", "1", "1e1"});
    CHECK(q[0].numbers == std::vector<double>{7.0, 1.0, 10.0});
    CHECK(q[3].values == std::vector<std::string>{"7", "3", "20"});
    CHECK(q[5].numbers == std::vector<double>{7.0, 4.0, 20.0});
    // A whole number rounded from -0.4 is written "0", not "-0".
    const auto z = design_points(design(DesignKind::grid, {range("r", -2.0, 2.0, 6, true)}));
    REQUIRE(z.size() == 6);
    CHECK(z[2].values[0] == "0");  // -2 + 4 * 2/5 = -0.4
    CHECK(z[3].values[0] == "0");  // 0.4
}

TEST_CASE("A Latin hypercube has one point in each stratum of each factor, reproducibly by seed", "[design]") {
    constexpr std::size_t kPoints = 40;
    std::vector<std::string> names;
    for (std::size_t k = 0; k < kPoints; ++k) names.push_back("option" + std::to_string(k));
    const Design lhs = design(DesignKind::lhs, {range("a", 2.0, 5.0), range("b", -1.0, 1.0), list("c", names)}, kPoints, 7);
    const auto points = design_points(lhs);
    REQUIRE(points.size() == kPoints);
    std::vector<std::vector<std::size_t>> strata(3);
    for (const DesignPoint& p : points) {
        strata[0].push_back(static_cast<std::size_t>(std::floor((p.numbers[0] - 2.0) / 3.0 * kPoints)));
        strata[1].push_back(static_cast<std::size_t>(std::floor((p.numbers[1] + 1.0) / 2.0 * kPoints)));
        strata[2].push_back(static_cast<std::size_t>(p.numbers[2]));
        CHECK(p.values[2] == names[static_cast<std::size_t>(p.numbers[2])]);
    }
    for (const auto& s : strata) {
        std::vector<std::size_t> sorted = s;
        std::sort(sorted.begin(), sorted.end());
        for (std::size_t k = 0; k < kPoints; ++k) CHECK(sorted[k] == k);
    }
    // Each factor has its own permutation (a shared one would put every point on the diagonal).
    CHECK(strata[0] != strata[1]);
    CHECK(strata[1] != strata[2]);

    const auto again = design_points(lhs);
    for (std::size_t p = 0; p < kPoints; ++p) CHECK(again[p].values == points[p].values);
    Design other = lhs;
    other.seed = 8;
    const auto different = design_points(other);
    std::size_t same = 0;
    for (std::size_t p = 0; p < kPoints; ++p) same += different[p].numbers[0] == points[p].numbers[0];
    CHECK(same == 0);
}

TEST_CASE("Whole-number factors take each whole value equally often", "[design]") {
    // protocol/rounds on 1..3 with 300 stratified draws: exactly 100 each (rounding lo + u (hi - lo) gives 75/150/75).
    const auto points = design_points(design(DesignKind::lhs, {range("protocol/rounds", 1.0, 3.0, 0, true)}, 300, 3));
    std::map<std::string, int> counts;
    for (const DesignPoint& p : points) ++counts[p.values[0]];
    CHECK(counts == std::map<std::string, int>{{"1", 100}, {"2", 100}, {"3", 100}});
    // A range with non-whole ends uses the whole numbers inside it.
    const auto inside = design_points(design(DesignKind::sobol, {range("r", 1.5, 3.5, 0, true)}, 50, 3));
    for (const DesignPoint& p : inside) CHECK((p.numbers[0] == 2.0 || p.numbers[0] == 3.0));
}

TEST_CASE("A Saltelli design lists A, B, then A with one column from B per factor", "[design][sobol]") {
    constexpr std::size_t kRows = 6, kFactors = 3;
    const Design sobol = design(DesignKind::sobol, {range("a", 0.0, 1.0), range("b", 10.0, 20.0), list("c", {"x", "y", "z", "w"})}, kRows, 5);
    const auto points = design_points(sobol);
    REQUIRE(points.size() == kRows * (kFactors + 2));
    REQUIRE(design_size(sobol) == points.size());
    const auto at = [&](SobolMatrix m, std::size_t factor, std::size_t row) -> const DesignPoint& {
        return points[sobol_point({m, factor, row}, kRows, kFactors)];
    };
    for (std::size_t j = 0; j < kRows; ++j) {
        const DesignPoint& a = at(SobolMatrix::a, 0, j);
        const DesignPoint& b = at(SobolMatrix::b, 0, j);
        CHECK(a.numbers[0] != b.numbers[0]);
        CHECK(a.numbers[1] != b.numbers[1]);
        CHECK(a.numbers[1] >= 10.0);
        CHECK(a.numbers[1] <= 20.0);
        for (std::size_t i = 0; i < kFactors; ++i)
            for (std::size_t m = 0; m < kFactors; ++m) {
                const DesignPoint& ab = at(SobolMatrix::a_b, i, j);
                CHECK(ab.values[m] == (m == i ? b.values[m] : a.values[m]));
                CHECK(ab.numbers[m] == (m == i ? b.numbers[m] : a.numbers[m]));
            }
    }
    // More rows extend the same design: the first rows of A and B do not change.
    Design longer = sobol;
    longer.points = 2 * kRows;
    const auto more = design_points(longer);
    for (std::size_t j = 0; j < kRows; ++j) {
        CHECK(more[j].values == points[j].values);
        CHECK(more[2 * kRows + j].values == points[kRows + j].values);
    }
    // The layout's index arithmetic, both ways.
    CHECK(sobol_slot(0, kRows, kFactors) == SobolSlot{SobolMatrix::a, 0, 0});
    CHECK(sobol_slot(kRows + 2, kRows, kFactors) == SobolSlot{SobolMatrix::b, 0, 2});
    CHECK(sobol_slot(4 * kRows + 5, kRows, kFactors) == SobolSlot{SobolMatrix::a_b, 2, 5});
    for (std::size_t p = 0; p < points.size(); ++p) CHECK(sobol_point(sobol_slot(p, kRows, kFactors), kRows, kFactors) == p);
    CHECK_THROWS_AS(sobol_slot(points.size(), kRows, kFactors), std::out_of_range);
}

TEST_CASE("Invalid designs are refused with the factor named", "[design]") {
    CHECK(design_error(design(DesignKind::grid, {})) == "a sweep needs at least one factor");
    CHECK(design_error(design(DesignKind::grid, {range("a", 1.0, 0.0, 3)})) == "factor \"a\": the range 1:0 must be finite with lo <= hi");
    CHECK(design_error(design(DesignKind::grid, {range("a", 0.0, 1.0, 0)})) == "factor \"a\": a grid needs at least 1 level");
    CHECK(design_error(design(DesignKind::grid, {range("a", 0.0, 1.0, 2), list("a", {"x"})})) == "factor \"a\" is varied twice");
    CHECK(design_error(design(DesignKind::lhs, {range("a", 0.2, 0.8, 0, true)}, 5)).find("must hold a whole number") != std::string::npos);
    CHECK(design_error(design(DesignKind::lhs, {range("a", 0.0, 1.0)}, 0)) == "a Latin hypercube needs at least 1 point");
    CHECK(design_error(design(DesignKind::sobol, {range("a", 0.0, 1.0)}, 1)) == "a Sobol design needs at least 2 base rows");
    CHECK(design_error(design(DesignKind::lhs, {range("a", 0.0, 1.0)}, 1)).empty());
    CHECK_THROWS_AS(design_points(design(DesignKind::lhs, {range("a", 0.0, 1.0)}, 0)), std::invalid_argument);
    // At most kMaxSweepPoints points, counted before any is built: exactly the limit passes, one more does not.
    CHECK(design_error(design(DesignKind::grid, {range("a", 0.0, 1.0, 1000), range("b", 0.0, 1.0, 1000)})).empty());
    CHECK(design_error(design(DesignKind::grid, {range("a", 0.0, 1.0, 1000), range("b", 0.0, 1.0, 1001)})).find("1001000 points") != std::string::npos);
    CHECK(design_error(design(DesignKind::lhs, {range("a", 0.0, 1.0)}, 1000001)).find("1000001 points") != std::string::npos);
    CHECK(design_error(design(DesignKind::sobol, {range("a", 0.0, 1.0), range("b", 0.0, 1.0)}, 250000)).empty());
    CHECK(design_error(design(DesignKind::sobol, {range("a", 0.0, 1.0), range("b", 0.0, 1.0)}, 250001)).find("= 1000004 points") != std::string::npos);
}
