// Statistics and provenance helpers: Wilson intervals, quantiles, the tally, SHA-256.
#include "analysis/binned_distribution.hpp"
#include "runner/monte_carlo.hpp"
#include "random/random_stream.hpp"
#include "random/sampling.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/sha256.hpp"
#include "analysis/tally.hpp"
#include "test_support.hpp"
#include "analysis/wilson.hpp"
#include "analysis/zones.hpp"
#include "model/text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <sstream>

using namespace negsim;

TEST_CASE("Wilson intervals match published values", "[statistics]") {
    // Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263 -> 0.2553 to 0.3662; 15/148 -> 0.0624 to 0.1605.
    const Interval a = wilson_interval(81, 263);
    CHECK(a.lo == Approx(0.2553).epsilon(0).margin(5e-5));
    CHECK(a.hi == Approx(0.3662).epsilon(0).margin(5e-5));
    const Interval b = wilson_interval(15, 148);
    CHECK(b.lo == Approx(0.0624).epsilon(0).margin(5e-5));
    CHECK(b.hi == Approx(0.1605).epsilon(0).margin(5e-5));
    const Interval none = wilson_interval(0, 10);
    CHECK(none.lo == 0.0);
    CHECK(none.hi == Approx(0.2775).epsilon(0).margin(5e-5));
    const Interval all = wilson_interval(300, 300);
    CHECK(all.hi == 1.0);
    CHECK(all.lo == Approx(1.0 - 0.01264).epsilon(0).margin(5e-5));
}

TEST_CASE("binned quantiles are exact on small samples and within one bin width on large ones", "[statistics]") {
    // Small sample: Hyndman-Fan type 7 and type 1 values, exactly.
    BinnedDistribution small(0.0, 10.0, 10000);
    for (double v : {1.0, 2.0, 3.0, 4.0, 10.0}) small.add(v);
    CHECK(small.quantile_linear(0.5) == 3.0);
    CHECK(small.quantile_linear(0.25) == 2.0);
    CHECK(small.quantile_linear(0.95) == Approx(8.8).epsilon(1e-12));
    CHECK(small.quantile_linear(0.0) == 1.0);
    CHECK(small.quantile_linear(1.0) == 10.0);
    CHECK(small.quantile_discrete(0.5) == 3.0);
    CHECK(small.quantile_discrete(0.95) == 10.0);
    CHECK(small.quantile_discrete(0.05) == 1.0);

    // Large sample: against the exact type 7 quantiles of the same values.
    BinnedDistribution large(0.0, 1.0, 1000);
    std::vector<double> all;
    RandomStream rng(1, 0, 1);
    for (int i = 0; i < 100000; ++i) {
        const double u = rng.uniform();
        const double v = i % 10 == 0 ? 0.0 : u * u;  // an atom at the range end, and a skewed spread
        large.add(v);
        all.push_back(v);
    }
    std::sort(all.begin(), all.end());
    for (double q : {0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95}) {
        const double h = (all.size() - 1) * q;
        const auto i = static_cast<std::size_t>(h);
        const double exact = all[i] + (h - i) * (all[std::min(i + 1, all.size() - 1)] - all[i]);
        INFO("q=" << q);
        CHECK(std::abs(large.quantile_linear(q) - exact) <= large.bin_width());
    }
    // Values piled on one point, alone in their bin (a range end no other value comes near), come out exactly.
    BinnedDistribution atom(0.0, 1.0, 1000);
    for (int i = 0; i < 1000; ++i) atom.add(i % 4 == 0 ? 0.0 : 0.5 + i / 4000.0);
    CHECK(atom.quantile_linear(0.05) == 0.0);
    CHECK(atom.quantile_linear(0.2) == 0.0);
    CHECK(large.quantile_linear(0.05) == 0.0);  // the atom at 0 is the lowest value of its bin: exact
    const auto histogram = large.histogram(10);
    CHECK(std::accumulate(histogram.begin(), histogram.end(), std::uint64_t{0}) == 100000);
    CHECK(histogram[0] > histogram[9]);
}

TEST_CASE("the tally counts deals, blockers and mean utilities", "[statistics]") {
    const Scenario s = test::scenario_from(test::two_party(0.1, 0.2, 10));
    std::vector<Outcome> outcomes(6);
    outcomes[0].agreed = true;
    outcomes[0].end = End::deal;
    outcomes[0].package[0] = 0.6;
    outcomes[0].utility = {0.6, 0.4};
    outcomes[1].agreed = true;
    outcomes[1].end = End::deal;
    outcomes[1].package[0] = 0.4;
    outcomes[1].utility = {0.4, 0.6};
    outcomes[2].blocker = 1;
    outcomes[2].rejections = 1;  // b alone said no: decisive
    outcomes[2].utility = {0.1, 0.2};
    outcomes[3].blocker = 1;
    outcomes[3].rejections = 2;  // a said no too: not decisive
    outcomes[3].utility = {0.1, 0.2};
    // Talks collapsing at random after a round a alone refused, twice: a's refusals are counted apart, neither
    // blocks nor decisive, so b stays the top blocker.
    for (std::size_t i : {4, 5}) {
        outcomes[i].end = End::breakdown;
        outcomes[i].blocker = 0;
        outcomes[i].rejections = 1;
        outcomes[i].utility = {0.1, 0.2};
    }
    for (Outcome& o : outcomes) o.reservation = {0.1, 0.2};
    RunTally tally(s);
    tally.add(outcomes);
    const Summary summary = tally.summarise();
    CHECK(summary.samples == 6);
    CHECK(summary.deals == 2);
    CHECK(summary.ends[static_cast<std::size_t>(End::deal)] == 2);
    CHECK(summary.ends[static_cast<std::size_t>(End::deadline)] == 2);
    CHECK(summary.ends[static_cast<std::size_t>(End::breakdown)] == 2);
    CHECK(summary.agreement_probability == Approx(1.0 / 3).epsilon(1e-12));
    CHECK(summary.issues[0].quantile[3] == Approx(0.5).epsilon(1e-12));  // the median of 0.4 and 0.6
    CHECK(summary.agents[0].mean_utility == Approx(1.4 / 6).epsilon(1e-12));
    CHECK(summary.agents[1].blocked == 2);
    CHECK(summary.agents[1].blocker_share == Approx(1.0 / 3).epsilon(1e-12));
    CHECK(summary.top_blocker == 1);
    CHECK(summary.agents[1].decisive == 1);
    CHECK(summary.agents[1].decisive_share == Approx(1.0 / 6).epsilon(1e-12));
    CHECK(summary.agents[0].blocked == 0);
    CHECK(summary.agents[0].decisive == 0);
    CHECK(summary.agents[0].broken_off == 2);
    CHECK(summary.agents[0].breakdown_share == Approx(1.0 / 3).epsilon(1e-12));
    CHECK(summary.agents[1].broken_off == 0);
    CHECK(summary.agents[0].mean_surplus_in_deals == Approx(0.4).epsilon(1e-12));  // (0.5 + 0.3) / 2
    CHECK(summary.agents[1].mean_surplus_in_deals == Approx(0.3).epsilon(1e-12));  // (0.2 + 0.4) / 2
}

TEST_CASE("SHA-256 matches the FIPS 180-4 test vectors", "[statistics]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

namespace {

// Two linear parties (u_A = x, u_B = 1 - x) with r_A ~ U(0.2, 0.6) and r_B ~ U(0.3, 0.7), independent.
nlohmann::json uncertain_reservations() {
    nlohmann::json j = test::two_party(0.4, 0.5, 10);
    j["monte_carlo"]["uncertainty"] = nlohmann::json::parse(R"({"agents": {
        "a": {"reservation": {"distribution": "uniform", "min": 0.2, "max": 0.6}},
        "b": {"reservation": {"distribution": "uniform", "min": 0.3, "max": 0.7}}}})");
    return j;
}

}  // namespace

TEST_CASE("the ZOPA of two linear parties with uncertain reservations matches its analytic probability", "[statistics]") {
    // u_A = x, u_B = 1 - x; r_A ~ U(0.2, 0.6), r_B ~ U(0.3, 0.7). Margin = (1 - r_A - r_B) / 2; a ZOPA exists iff
    // r_A + r_B <= 1, i.e. U1 + U2 <= 1.25 for standard uniforms: probability 1 - 0.75^2 / 2 = 0.71875.
    const Scenario s = test::scenario_from(uncertain_reservations());
    RunTally tally(s);
    RunOptions options;
    options.samples = 8000;
    options.seed = 3;
    options.threads = 2;
    Parameters p;
    run_monte_carlo(s, options, [&](std::uint64_t first, std::span<const Outcome> outcomes) {
        tally.add(outcomes);
        for (std::size_t i = 0; i < outcomes.size(); i += 97) {
            sample_parameters(s, 3, first + i, p);
            REQUIRE(outcomes[i].zone_margin == Approx((1.0 - p.reservation[0] - p.reservation[1]) / 2).epsilon(0).margin(1e-12));
        }
    });
    const Summary summary = tally.summarise();
    CHECK(std::abs(summary.zone_probability - 0.71875) < 4.0 * std::sqrt(0.71875 * 0.28125 / 8000));
    CHECK(summary.zone_ci95.lo < summary.zone_probability);
}

TEST_CASE("Spearman's rho with ties, and sensitivities that point the right way", "[statistics]") {
    CHECK(spearman({1, 2, 3, 4, 5}, {2, 4, 6, 8, 10}) == Approx(1.0).epsilon(1e-12));
    CHECK(spearman({1, 2, 3, 4, 5}, {5, 4, 3, 2, 1}) == Approx(-1.0).epsilon(1e-12));
    // Ranks of y with a tie: 1, 2, 3.5, 5, 3.5 -> rho = 8 / sqrt(10 * 9.5).
    CHECK(spearman({1, 2, 3, 4, 5}, {5, 6, 7, 8, 7}) == Approx(8.0 / std::sqrt(95.0)).epsilon(1e-12));

    // Two linear parties with uncertain reservations: the higher either reservation, the rarer a deal.
    const Scenario s = test::scenario_from(uncertain_reservations());
    SensitivityTally sensitivity(s, 3);
    RunOptions options;
    options.samples = 3000;
    options.seed = 3;
    run_monte_carlo(s, options, [&](std::uint64_t first, std::span<const Outcome> outcomes) { sensitivity.add(first, outcomes); });
    REQUIRE(sensitivity.input_names() == std::vector<std::string>{"a/reservation", "b/reservation"});
    CHECK(sensitivity.agreement_correlation(0) < -0.3);
    CHECK(sensitivity.agreement_correlation(1) < -0.3);
    // 3 000 samples: past tolerance::kRadixSortFrom, the shared ranks of every input at once and of sensitivity.csv
    // give exactly spearman()'s numbers.
    REQUIRE(options.samples >= tolerance::kRadixSortFrom);
    const std::vector<double> all = sensitivity.agreement_correlations();
    std::ostringstream csv;
    sensitivity.write_csv(csv);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(all[i] == sensitivity.agreement_correlation(i));
        const std::string row = sensitivity.input_names()[i] + ",agreement," + format_number(sensitivity.agreement_correlation(i)) + ",3000\n";
        CHECK(csv.str().find(row) != std::string::npos);
    }
}

TEST_CASE("Spearman's rho over negative values, signed zeros, ties and wide magnitudes equals its definition", "[statistics]") {
    // The definition, by counting: a value's average rank is 1 + (the values below it) + (the others equal to it) / 2;
    // -0 and +0 are equal. Pearson's correlation of those ranks is rho (Spearman 1904).
    const auto ranks = [](const std::vector<double>& v) {
        std::vector<double> r(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) {
            double below = 0.0, equal = 0.0;
            for (std::size_t j = 0; j < v.size(); ++j) {
                below += v[j] < v[i] ? 1.0 : 0.0;
                equal += j != i && v[j] == v[i] ? 1.0 : 0.0;
            }
            r[i] = 1.0 + below + equal / 2.0;
        }
        return r;
    };
    const auto pearson = [](const std::vector<double>& a, const std::vector<double>& b) {
        const double n = static_cast<double>(a.size());
        const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n, mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
        double ab = 0.0, aa = 0.0, bb = 0.0;
        for (std::size_t i = 0; i < a.size(); ++i) ab += (a[i] - ma) * (b[i] - mb), aa += (a[i] - ma) * (a[i] - ma), bb += (b[i] - mb) * (b[i] - mb);
        return ab / std::sqrt(aa * bb);
    };
    std::mt19937_64 rng(17);
    std::uniform_int_distribution<int> pick(0, 9);
    std::normal_distribution<double> normal(0.0, 1.0);
    const double special[] = {0.0, -0.0, -1e300, 1e-300, -1e-300, 2.5, -2.5, 1e18, -7.0, 7.0};
    // Columns on both sides of tolerance::kRadixSortFrom, where the ranking changes its sort.
    for (int trial = 0; trial < 40; ++trial) {
        const std::size_t size = trial % 2 == 0 ? tolerance::kRadixSortFrom / 4 : tolerance::kRadixSortFrom + 500;
        std::vector<double> x(size), y(size);
        for (std::size_t i = 0; i < x.size(); ++i) {
            x[i] = pick(rng) < 4 ? special[pick(rng)] : normal(rng) * std::pow(10.0, pick(rng) - 5);
            y[i] = pick(rng) < 3 ? std::round(x[i]) : x[i] + normal(rng);
        }
        INFO("trial " << trial);
        CHECK(spearman(x, y) == Approx(pearson(ranks(x), ranks(y))).margin(1e-12));
    }
}

TEST_CASE("zopa.csv: the probability that a value is in the zone matches its analytic form", "[statistics]") {
    // u_A = x, u_B = 1 - x, r_A ~ U(0.2, 0.6), r_B ~ U(0.3, 0.7) independent: x = v is acceptable to both iff
    // r_A <= v and r_B <= 1 - v, so P(v) = clamp((v - 0.2) / 0.4) * clamp((0.7 - v) / 0.4); at v = 0.5, 0.375.
    const Scenario s = test::scenario_from(uncertain_reservations());
    // Small chunks on two threads: the probes of one chunk run while the tally counts the one before (the rows wrap
    // around a window of two chunks); the result must be that of one thread and one chunk.
    const auto zopa = [&](unsigned threads, std::uint64_t chunk) {
        RunOptions options;
        options.samples = 4000;
        options.seed = 3;
        options.threads = threads;
        options.chunk = chunk;
        ZoneTally zones(s, options.first_sample, options.chunk, 21, 4000, std::nullopt, 0);
        run_monte_carlo(
            s, options, [&](std::uint64_t first, std::span<const Outcome> outcomes) { zones.add(first, outcomes); }, {},
            [&](std::uint64_t sample, const Parameters& p) { zones.probe(sample, p); });
        std::ostringstream out;
        zones.write_zopa_csv(out);
        return out.str();
    };
    const std::string whole = zopa(1, 4096);
    CHECK(zopa(2, 64) == whole);
    std::istringstream lines(whole);
    std::string line;
    std::getline(lines, line);
    int checked = 0;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string issue, value, probability;
        std::getline(fields, issue, ',');
        std::getline(fields, value, ',');
        std::getline(fields, probability, ',');
        const double v = std::stod(value);
        const double expected = std::clamp((v - 0.2) / 0.4, 0.0, 1.0) * std::clamp((0.7 - v) / 0.4, 0.0, 1.0);
        INFO("v=" << v);
        CHECK(std::abs(std::stod(probability) - expected) < 4.0 * std::sqrt(expected * (1 - expected) / 4000) + 1e-12);
        ++checked;
    }
    CHECK(checked == 21);
}

TEST_CASE("the Wilson interval of a run covers the true agreement probability at its nominal rate", "[statistics]") {
    // A sure deal that one side ratifies with probability 0.6: P(agreement) = 0.6 exactly. Over 300 seeds of 200
    // samples each, the 95% interval should cover 0.6 in about 95% of runs (binomial sd of the rate: 1.3 points).
    nlohmann::json j = test::two_party(0.0, 0.0, 4);
    j["agents"][0]["ratification"] = 0.6;
    const Scenario s = test::scenario_from(j);
    int covered = 0;
    const int runs = 300;
    for (int seed = 0; seed < runs; ++seed) {
        RunTally tally(s);
        RunOptions options;
        options.samples = 200;
        options.seed = static_cast<std::uint64_t>(seed) + 1000;
        run_monte_carlo(s, options, [&](std::uint64_t, std::span<const Outcome> outcomes) { tally.add(outcomes); });
        const Interval ci = tally.agreement_interval();
        covered += ci.lo <= 0.6 && 0.6 <= ci.hi ? 1 : 0;
    }
    const double rate = covered / double(runs);
    CHECK(rate > 0.95 - 3 * std::sqrt(0.95 * 0.05 / runs));
    CHECK(rate < 0.95 + 3 * std::sqrt(0.95 * 0.05 / runs));
}
