// Statistics and provenance helpers: Wilson intervals, quantiles, the tally, SHA-256.
#include "quantiles.hpp"
#include "sha256.hpp"
#include "tally.hpp"
#include "test_support.hpp"
#include "wilson.hpp"

#include <catch2/catch.hpp>

using namespace negsim;

TEST_CASE("Wilson intervals match published values", "[statistics]") {
    // Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263 -> 0.2553 to 0.3662; 15/148 -> 0.0624 to 0.1605.
    const Interval a = wilson_interval(81, 263);
    CHECK(a.lo == Approx(0.2553).margin(5e-5));
    CHECK(a.hi == Approx(0.3662).margin(5e-5));
    const Interval b = wilson_interval(15, 148);
    CHECK(b.lo == Approx(0.0624).margin(5e-5));
    CHECK(b.hi == Approx(0.1605).margin(5e-5));
    const Interval none = wilson_interval(0, 10);
    CHECK(none.lo == 0.0);
    CHECK(none.hi == Approx(0.2775).margin(5e-5));
    const Interval all = wilson_interval(300, 300);
    CHECK(all.hi == 1.0);
    CHECK(all.lo == Approx(1.0 - 0.01264).margin(5e-5));
}

TEST_CASE("quantiles: type 7 interpolates, type 1 returns an observation", "[statistics]") {
    const std::vector<double> v{1, 2, 3, 4, 10};
    CHECK(quantile_linear(v, 0.5) == 3.0);
    CHECK(quantile_linear(v, 0.25) == 2.0);
    CHECK(quantile_linear(v, 0.95) == Approx(8.8));
    CHECK(quantile_linear(v, 0.0) == 1.0);
    CHECK(quantile_linear(v, 1.0) == 10.0);
    CHECK(quantile_discrete(v, 0.5) == 3.0);
    CHECK(quantile_discrete(v, 0.95) == 10.0);
    CHECK(quantile_discrete(v, 0.05) == 1.0);
}

TEST_CASE("the tally counts deals, blockers and mean utilities", "[statistics]") {
    const Scenario s = test::scenario_from(test::two_party(0.1, 0.2, 10));
    std::vector<Outcome> outcomes(4);
    outcomes[0].agreed = true;
    outcomes[0].end = End::deal;
    outcomes[0].package[0] = 0.6;
    outcomes[0].utility = {0.6, 0.4};
    outcomes[1].agreed = true;
    outcomes[1].end = End::deal;
    outcomes[1].package[0] = 0.4;
    outcomes[1].utility = {0.4, 0.6};
    outcomes[2].blocker = 1;
    outcomes[2].utility = {0.1, 0.2};
    outcomes[3].blocker = 1;
    outcomes[3].utility = {0.1, 0.2};
    RunTally tally(s);
    tally.add(outcomes);
    const Summary summary = tally.summarise();
    CHECK(summary.samples == 4);
    CHECK(summary.deals == 2);
    CHECK(summary.ends[static_cast<std::size_t>(End::deal)] == 2);
    CHECK(summary.ends[static_cast<std::size_t>(End::deadline)] == 2);
    CHECK(summary.agreement_probability == 0.5);
    CHECK(summary.issues[0].quantile[2] == Approx(0.5));
    CHECK(summary.agents[0].mean_utility == Approx(0.3));
    CHECK(summary.agents[1].blocked == 2);
    CHECK(summary.agents[1].blocker_share == 0.5);
    CHECK(summary.top_blocker == 1);
}

TEST_CASE("SHA-256 matches the FIPS 180-4 test vectors", "[statistics]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
