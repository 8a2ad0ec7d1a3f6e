// Random streams and distributions: reproducible by (seed, sample, purpose), with the documented moments.
#include "random/distributions.hpp"
#include "random/random_stream.hpp"
#include "random/sampling.hpp"
#include "input/input_error.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

using namespace negsim;

TEST_CASE("a stream is a function of (seed, sample, purpose) alone", "[sampling]") {
    RandomStream a(7, 3, purpose(Purpose::reservation, 2));
    RandomStream b(7, 3, purpose(Purpose::reservation, 2));
    RandomStream other_purpose(7, 3, purpose(Purpose::reservation, 1));
    RandomStream other_sample(7, 4, purpose(Purpose::reservation, 2));
    RandomStream other_seed(8, 3, purpose(Purpose::reservation, 2));
    for (int i = 0; i < 10; ++i) {
        const double x = a.uniform();
        CHECK(x == b.uniform());
        CHECK(x != other_purpose.uniform());
        CHECK(x != other_sample.uniform());
        CHECK(x != other_seed.uniform());
        CHECK(x > 0.0);
        CHECK(x < 1.0);
    }
}

TEST_CASE("uniform draws have mean 1/2 and variance 1/12", "[sampling]") {
    RandomStream rng(1, 0, 99);
    const int n = 200000;
    double sum = 0.0, sum2 = 0.0;
    for (int i = 0; i < n; ++i) {
        const double u = rng.uniform();
        sum += u;
        sum2 += u * u;
    }
    const double mean = sum / n;
    CHECK(std::abs(mean - 0.5) < 4.0 * std::sqrt(1.0 / 12.0 / n));
    CHECK(sum2 / n - mean * mean == Approx(1.0 / 12.0).epsilon(0.01));
}

TEST_CASE("the normal quantile inverts the normal CDF", "[sampling]") {
    for (double p : {1e-12, 1e-6, 0.01, 0.02425, 0.2, 0.5, 0.8, 0.97575, 0.999, 1 - 1e-9}) {
        INFO(p);
        CHECK(normal_cdf(normal_quantile(p)) == Approx(p).epsilon(1e-12));
    }
    CHECK(normal_quantile(0.975) == Approx(1.959963984540054).epsilon(1e-14));
}

TEST_CASE("truncated normal draws stay in range and have the truncated mean", "[sampling]") {
    // E[X] = mu + sigma (phi(alpha) - phi(beta)) / (Phi(beta) - Phi(alpha)).
    const auto phi = [](double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); };
    struct Case { double mean, sd, lo, hi; };
    for (const Case c : {Case{0.3, 0.2, 0.0, 1.0}, Case{0.9, 0.3, 0.0, 1.0}, Case{0.0, 1.0, 2.0, 3.0}, Case{50, 5, 0, 50}}) {
        RandomStream rng(5, 0, 1);
        const int n = 100000;
        double sum = 0.0, sum2 = 0.0;
        for (int i = 0; i < n; ++i) {
            const double x = truncated_normal(rng, c.mean, c.sd, c.lo, c.hi);
            REQUIRE(x >= c.lo);
            REQUIRE(x <= c.hi);
            sum += x;
            sum2 += x * x;
        }
        const double alpha = (c.lo - c.mean) / c.sd, beta = (c.hi - c.mean) / c.sd;
        const double expected = c.mean + c.sd * (phi(alpha) - phi(beta)) / (normal_cdf(beta) - normal_cdf(alpha));
        const double sd = std::sqrt(sum2 / n - (sum / n) * (sum / n));
        INFO("mean " << c.mean << " sd " << c.sd << " [" << c.lo << ", " << c.hi << "]");
        CHECK(std::abs(sum / n - expected) < 4.0 * sd / std::sqrt(n));
    }
}

TEST_CASE("Dirichlet draws sum to 1 with mean w and variance w(1-w)/(c+1)", "[sampling]") {
    const double w[] = {0.5, 0.3, 0.2, 0.0};
    const double c = 20.0;
    RandomStream rng(3, 0, 1);
    const int n = 50000;
    double sum[4] = {}, sum2[4] = {};
    for (int i = 0; i < n; ++i) {
        double x[4];
        dirichlet(rng, w, 4, c, x);
        REQUIRE(x[0] + x[1] + x[2] + x[3] == Approx(1.0).epsilon(1e-12));
        REQUIRE(x[3] == 0.0);
        for (int k = 0; k < 4; ++k) {
            sum[k] += x[k];
            sum2[k] += x[k] * x[k];
        }
    }
    for (int k = 0; k < 3; ++k) {
        const double variance = w[k] * (1 - w[k]) / (c + 1);
        INFO("component " << k);
        CHECK(std::abs(sum[k] / n - w[k]) < 4.0 * std::sqrt(variance / n));
        CHECK(sum2[k] / n - (sum[k] / n) * (sum[k] / n) == Approx(variance).epsilon(0.05));
    }
}

TEST_CASE("gamma draws have mean and variance equal to the shape", "[sampling]") {
    for (double shape : {0.3, 1.0, 4.5}) {
        RandomStream rng(2, 0, 1);
        const int n = 100000;
        double sum = 0.0, sum2 = 0.0;
        for (int i = 0; i < n; ++i) {
            const double x = gamma(rng, shape);
            sum += x;
            sum2 += x * x;
        }
        INFO("shape " << shape);
        CHECK(std::abs(sum / n - shape) < 4.0 * std::sqrt(shape / n));
        CHECK(sum2 / n - (sum / n) * (sum / n) == Approx(shape).epsilon(0.05));
    }
}

TEST_CASE("sampled parameters respect the scenario's uncertainty blocks", "[sampling]") {
    nlohmann::json j = test::load_json("tests/data/two-party.json");
    j["monte_carlo"]["uncertainty"] = {{"agents", {{"a", {{"reservation", {{"distribution", "uniform"}, {"min", 0.2}, {"max", 0.4}}},
                                                          {"ideal", {{"share", {{"distribution", "normal"}, {"mean", 0.9}, {"sd", 0.2}}}}}}}}}};
    const Scenario s = test::scenario_from(j);
    Parameters p;
    double sum = 0.0;
    for (std::uint64_t k = 0; k < 4000; ++k) {
        sample_parameters(s, 1, k, p);
        REQUIRE(p.reservation[0] >= 0.2);
        REQUIRE(p.reservation[0] <= 0.4);
        REQUIRE(p.ideal[0][0] <= 1.0);
        REQUIRE(p.reservation[1] == 0.0);  // b has no uncertainty
        REQUIRE(p.ideal[1][0] == 0.0);
        sum += p.reservation[0];
    }
    CHECK(sum / 4000 == Approx(0.3).epsilon(0).margin(4.0 * 0.2 / std::sqrt(12.0 * 4000)));
    // Replaying a sample gives the same draws.
    Parameters again;
    sample_parameters(s, 1, 17, p);
    sample_parameters(s, 1, 17, again);
    CHECK(p.reservation[0] == again.reservation[0]);
    CHECK(p.ideal[0][0] == again.ideal[0][0]);
}

TEST_CASE("Dirichlet draws stay finite for tiny concentrations", "[sampling]") {
    const double w[] = {0.7, 0.2, 0.1};
    RandomStream rng(4, 0, 1);
    for (int i = 0; i < 2000; ++i) {
        double x[3];
        dirichlet(rng, w, 3, 0.002, x);
        REQUIRE(std::isfinite(x[0]));
        REQUIRE(x[0] + x[1] + x[2] == Approx(1.0).epsilon(1e-12));
    }
}

TEST_CASE("beta and triangular quantiles: closed forms and moments", "[sampling]") {
    // Beta(2, 3) CDF at 0.4 = sum_{j=2..4} C(4, j) 0.4^j 0.6^(4-j) = 0.5248.
    CHECK(incomplete_beta(2, 3, 0.4) == Approx(0.5248).epsilon(1e-12));
    CHECK(incomplete_beta(0.5, 0.5, 0.5) == Approx(0.5).epsilon(1e-12));
    CHECK(beta_quantile(0.5248, 2, 3) == Approx(0.4).epsilon(1e-10));
    CHECK(triangular_quantile(0.5, 0, 0.5, 1) == Approx(0.5).epsilon(1e-12));
    RandomStream rng(9, 0, 1);
    const int n = 40000;
    double beta_sum = 0.0, triangle_sum = 0.0;
    for (int i = 0; i < n; ++i) {
        beta_sum += beta_quantile(rng.uniform(), 2.0, 5.0);
        triangle_sum += triangular_quantile(rng.uniform(), 0.1, 0.2, 0.6);
    }
    const double beta_mean = 2.0 / 7.0, beta_var = 2.0 * 5.0 / (49.0 * 8.0);
    CHECK(std::abs(beta_sum / n - beta_mean) < 4.0 * std::sqrt(beta_var / n));
    const double tri_mean = 0.3, tri_var = (0.01 + 0.04 + 0.36 - 0.02 - 0.06 - 0.12) / 18.0;
    CHECK(std::abs(triangle_sum / n - tri_mean) < 4.0 * std::sqrt(tri_var / n));
}

namespace {

nlohmann::json with_uncertainty(const nlohmann::json& uncertainty) {
    nlohmann::json j = negsim::test::load_json("tests/data/two-party.json");
    j["agents"][0]["reservation"] = 0.5;
    j["agents"][1]["reservation"] = 0.5;
    j["monte_carlo"]["uncertainty"] = uncertainty;
    return j;
}

}  // namespace

TEST_CASE("a Gaussian copula correlates parameters as its matrix says", "[sampling]") {
    const Scenario s = test::scenario_from(with_uncertainty(nlohmann::json::parse(R"({
        "agents": {"a": {"reservation": {"distribution": "normal", "sd": 0.05},
                         "power": {"distribution": "uniform", "min": 1, "max": 3}},
                   "b": {"reservation": {"distribution": "normal", "sd": 0.05}}},
        "correlations": [{"parameters": ["a/reservation", "b/reservation"], "matrix": [[1, 0.7], [0.7, 1]]}]})")));
    Parameters p;
    const int n = 6000;
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int k = 0; k < n; ++k) {
        sample_parameters(s, 2, static_cast<std::uint64_t>(k), p);
        REQUIRE(p.power[0] >= 1.0);
        REQUIRE(p.power[0] <= 3.0);
        const double x = p.reservation[0], y = p.reservation[1];
        sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
    }
    const double cov = sxy / n - sx / n * sy / n;
    const double r = cov / std::sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
    CHECK(r == Approx(0.7).epsilon(0).margin(0.03));  // standard error of r near 0.7 with n = 6000 is about 0.007
}

TEST_CASE("a correlation matrix that is not positive definite is rejected", "[sampling]") {
    const nlohmann::json j = with_uncertainty(nlohmann::json::parse(R"({
        "agents": {"a": {"reservation": {"distribution": "normal", "sd": 0.05},
                         "power": {"distribution": "uniform", "min": 1, "max": 3}},
                   "b": {"reservation": {"distribution": "normal", "sd": 0.05}}},
        "correlations": [{"parameters": ["a/reservation", "b/reservation", "a/power"],
                          "matrix": [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]]}]})"));
    try {
        (void)test::scenario_from(j);
        FAIL("accepted");
    } catch (const InputError& e) {
        CHECK(e.where() == "/monte_carlo/uncertainty/correlations/0/matrix");
        CHECK_THAT(e.message(), Catch::Contains("not positive definite"));
    }
}

TEST_CASE("shocks occur at their probability and change their parameters", "[sampling]") {
    const Scenario s = test::scenario_from(with_uncertainty(nlohmann::json::parse(R"({
        "shocks": [{"id": "battlefield_shift", "probability": 0.3, "effects": [{"parameter": "b/reservation", "add": 0.1}]}]})")));
    Parameters p;
    const int n = 6000;
    int occurred = 0;
    for (int k = 0; k < n; ++k) {
        sample_parameters(s, 4, static_cast<std::uint64_t>(k), p);
        const bool shocked = (p.shocks & 1u) != 0;
        occurred += shocked ? 1 : 0;
        REQUIRE(p.reservation[1] == Approx(shocked ? 0.6 : 0.5).epsilon(1e-12));
    }
    CHECK(std::abs(occurred / double(n) - 0.3) < 4.0 * std::sqrt(0.3 * 0.7 / n));
}

TEST_CASE("a shock on a weight keeps the weights normalised", "[sampling]") {
    nlohmann::json j = with_uncertainty(nlohmann::json::parse(R"({
        "shocks": [{"id": "distraction", "probability": 1.0, "effects": [{"parameter": "a/weights/y", "multiply": 0.5}]}]})"));
    j["issues"].push_back({{"id", "y"}, {"label", "Y"}, {"unit", "u"}, {"min", 0}, {"max", 1}});
    for (auto& agent : j["agents"]) {
        agent["ideal"]["y"] = 0;
        agent["weights"] = {{"share", 0.5}, {"y", 0.5}};
    }
    const Scenario s = test::scenario_from(j);
    Parameters p;
    sample_parameters(s, 1, 0, p);
    CHECK(p.weight[0][1] == Approx(0.25 / 0.75).epsilon(1e-12));
    CHECK(p.weight[0][0] + p.weight[0][1] == Approx(1.0).epsilon(1e-12));
    CHECK(p.weight[1][1] == 0.5);
}

TEST_CASE("salience is drawn, correlated and shocked like power", "[sampling][salience]") {
    using namespace negsim;
    const nlohmann::json uncertainty = {
        {"agents", {{"a", {{"salience", {{"distribution", "uniform"}, {"min", 2}, {"max", 3}}}}}}},
        {"shocks", {{{"id", "attention"}, {"probability", 0.5}, {"effects", {{{"parameter", "b/salience"}, {"multiply", 4}}}}}}}};
    const Scenario s = test::scenario_from(with_uncertainty(uncertainty));
    Parameters p;
    double low = 3.0, high = 2.0;
    int shocked = 0;
    for (std::uint64_t k = 0; k < 400; ++k) {
        sample_parameters(s, 5, k, p);
        REQUIRE(p.salience[0] >= 2.0);
        REQUIRE(p.salience[0] <= 3.0);
        low = std::min(low, p.salience[0]);
        high = std::max(high, p.salience[0]);
        REQUIRE(p.salience[1] == (p.shocks & 1u ? 4.0 : 1.0));
        shocked += p.shocks & 1u ? 1 : 0;
    }
    CHECK(low < 2.05);
    CHECK(high > 2.95);
    CHECK(shocked > 150);
    CHECK(shocked < 250);
}
