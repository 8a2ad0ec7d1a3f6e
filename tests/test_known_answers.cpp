// Known-answer tests: the random streams and every quantile function checked against published values or exact
// closed forms, and the first outputs of a few keyed streams pinned as literals, so that a change of generator,
// key layout or distribution algorithm cannot pass silently. Tolerances are stated case by case with their reason.
#include "random/distributions.hpp"
#include "random/random_stream.hpp"

#include <catch2/catch.hpp>

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numbers>
#include <string>

using namespace negsim;

namespace {

// The tolerances of this file. Each is a bound on |computed - reference|, absolute unless the name says relative.
// The normal quantile: measured within 2.3e-16 * max(1, |x|) of the exact quantile of the double p (50-digit
// arithmetic, about 500 points over [1e-295, 1 - 1e-16]); the bound is 1e-15 * max(1, |x|). A published value is the
// quantile of a decimal p, which the double p misses by up to 1.1e-16 p, i.e. by 1.1e-16 p / phi(x) in x: that much
// is added for those (it reaches 2.7e-14 at p = 0.9999).
constexpr double kNormalQuantile = 1e-15;
double decimal_p_rounding(double p, double x) { return 1.1e-16 * p * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x); }
// The normal CDF is erfc(-z / sqrt 2) / 2: erfc is correct to an ulp or two, but the rounding of z / sqrt 2 (relative
// 1.1e-16) is amplified by erfc's relative sensitivity 2 (z / sqrt 2)^2 = z^2, so the relative error grows like
// z^2 * 1.1e-16 in the tail (measured 3.5e-14 at z = -20); the bound is 2.2e-16 (1 + z^2), relative.
constexpr double normal_cdf_relative(double z) { return 2.2e-16 * (1.0 + z * z); }
// A table printed to 15 decimals is exact to half a unit in the last one.
constexpr double kTableHalfUnit = 5e-16;
// The incomplete beta: its continued fraction stops at a relative step of 1e-15, and its prefactor
// exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a log x + b log(1 - x)) carries the rounding of each term of the exponent,
// 1.1e-16 of its size, as a relative error (about 3e-14 at a + b = 60, 3e-12 at a = b = 1000).
double incomplete_beta_tolerance(double a, double b, double x) {
    const double exponent_size = std::abs(std::lgamma(a + b)) + std::abs(std::lgamma(a)) + std::abs(std::lgamma(b)) +
                                 std::abs(a * std::log(x)) + std::abs(b * std::log1p(-x));
    return 1e-15 + 2.2e-16 * exponent_size;
}
// beta_quantile bisects to an interval of 1e-15; the root it brackets is off by the incomplete beta's error (1e-15
// for the shapes below) over the density, which is at least 0.0019 at the points tested (Beta(9, 1) at u = 0.001).
constexpr double kBetaQuantile = 1e-12;
// Closed-form inversions (triangular) and a few multiplications: a few ulps.
constexpr double kClosedFormRelative = 1e-15;
// Gamma and Dirichlet draws pass through log, exp, sqrt and cos, which the C library may round differently in the last
// bit on another platform; a change of algorithm or of stream changes the values in the first digits.
constexpr double kDrawRelative = 1e-12;

// "" if |actual - expected| <= tolerance, else both values to 17 digits and the difference. A plain comparison on
// purpose: Catch's Approx keeps a default relative epsilon of 1.2e-5 even when a margin is given, which would let
// through errors ten orders of magnitude beyond the tolerances stated here.
std::string miss(double actual, double expected, double tolerance) {
    if (std::abs(actual - expected) <= tolerance) return "";
    char text[160];
    std::snprintf(text, sizeof text, "%.17g, expected %.17g: off by %.3g, tolerance %.3g", actual, expected,
                  std::abs(actual - expected), tolerance);
    return text;
}

// The published Philox4x64-10 known-answer vectors: counter (4 words), key (2 words), output (4 words).
struct PhiloxVector {
    std::uint64_t counter[4];
    std::uint64_t key[2];
    std::uint64_t output[4];
};

}  // namespace

TEST_CASE("Philox4x64-10 reproduces the known-answer vectors published with Random123", "[known-answers][random]") {
    // Random123 1.14, tests/kat_vectors, the three "philox4x64 10" lines (Salmon, Moraes, Dror & Shaw 2011,
    // "Parallel random numbers: as easy as 1, 2, 3", SC'11); the third uses the hexadecimal digits of pi.
    const PhiloxVector vectors[] = {
        {{0, 0, 0, 0}, {0, 0}, {0x16554d9eca36314cULL, 0xdb20fe9d672d0fdcULL, 0xd7e772cee186176bULL, 0x7e68b68aec7ba23bULL}},
        {{~0ULL, ~0ULL, ~0ULL, ~0ULL}, {~0ULL, ~0ULL},
         {0x87b092c3013fe90bULL, 0x438c3c67be8d0224ULL, 0x9cc7d7c69cd777b6ULL, 0xa09caebf594f0ba0ULL}},
        {{0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL, 0x082efa98ec4e6c89ULL},
         {0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL},
         {0xa528f45403e61d95ULL, 0x38c72dbd566e9788ULL, 0xa5a1610e72fd18b5ULL, 0x57bd43b5e52b7fe6ULL}},
    };
    for (const PhiloxVector& v : vectors) {
        const r123::Philox4x64::ctr_type counter = {{v.counter[0], v.counter[1], v.counter[2], v.counter[3]}};
        const r123::Philox4x64::key_type key = {{v.key[0], v.key[1]}};
        const r123::Philox4x64::ctr_type out = r123::Philox4x64{}(counter, key);
        for (int i = 0; i < 4; ++i) {
            INFO("vector with counter word 0 = " << v.counter[0] << ", output word " << i);
            CHECK(out.v[i] == v.output[i]);
        }
    }
}

TEST_CASE("a keyed stream is Philox4x64-10 with key (seed, tag) and counter (sample, purpose, block, 0)", "[known-answers][random]") {
    // The key layout of random_stream.hpp: a change of it changes every draw of every run.
    CHECK(purpose(Purpose::reservation, 2) == 0x0000000300020000ULL);
    CHECK(purpose(Purpose::ideal, 3, 4) == 0x0000000200030004ULL);
    const std::uint64_t seed = 7, sample = 123, word = purpose(Purpose::reservation, 2);
    RandomStream stream(seed, sample, word);
    for (std::uint64_t block = 0; block < 3; ++block) {
        const r123::Philox4x64::ctr_type out = r123::Philox4x64{}({{sample, word, block, 0}}, {{seed, 0x6e656773696d0001ULL}});
        for (int i = 0; i < 4; ++i) {
            // 53 high bits, centred in their interval of width 2^-53: uniform on the open interval (0, 1).
            const double expected = (static_cast<double>(out.v[i] >> 11) + 0.5) * 0x1.0p-53;
            INFO("block " << block << ", word " << i);
            CHECK(stream.uniform() == expected);
        }
    }
}

TEST_CASE("the first outputs of keyed streams are pinned", "[known-answers][random]") {
    // Exact: a uniform is an integer scaled by a power of two, the same on every IEEE platform.
    struct Pinned {
        std::uint64_t seed, sample, purpose_word;
        double first[6];
    };
    const Pinned pinned[] = {
        {0, 0, 0, {0.65786849372744105, 0.69342167447009784, 0.64359197222122089, 0.80311246824463445, 0.73679472496662535, 0.40379558409765098}},
        {42, 0, purpose(Purpose::weights, 0, 0),
         {0.767056224040924, 0.25995567339416231, 0.082548358695534618, 0.59355227965291713, 0.78336759935191758, 0.052690505213793648}},
        {7, 123, purpose(Purpose::reservation, 2),
         {0.63319713848924164, 0.75736019752709494, 0.69005720862054387, 0.8961928919663793, 0.80462894335260793, 0.25004874868919486}},
        {20260106, 999999, purpose(Purpose::ideal, 3, 4),
         {0.11701227976774281, 0.72417755295946185, 0.55788643868807331, 0.47255293073060195, 0.77802075324754782, 0.53796544764814835}},
    };
    for (const Pinned& p : pinned) {
        RandomStream stream(p.seed, p.sample, p.purpose_word);
        for (int i = 0; i < 6; ++i) {
            INFO("seed " << p.seed << ", sample " << p.sample << ", purpose " << p.purpose_word << ", draw " << i);
            CHECK(stream.uniform() == p.first[i]);
        }
    }
}

TEST_CASE("normal quantiles and CDF match the published tables", "[known-answers][distributions]") {
    // Percentage points of the standard normal: Abramowitz & Stegun (1964), Handbook of Mathematical Functions,
    // table 26.5, agree with these to their printed digits; here they are given to 17 digits (e.g. the familiar
    // 1.959963984540054 and 1.2815515655446004), computed as sqrt(2) erfinv(2p - 1) (DLMF 7.17) with 50-digit
    // arithmetic. Phi^{-1}(0.75) = 0.6744897501960817 is the "probable error" of A&S 26.2.
    struct Point {
        double p, x;
    };
    for (const Point c : {Point{0.5, 0.0}, Point{0.75, 0.67448975019608174}, Point{0.9, 1.2815515655446005},
                          Point{0.95, 1.6448536269514727}, Point{0.975, 1.9599639845400542}, Point{0.99, 2.3263478740408411},
                          Point{0.995, 2.5758293035489008}, Point{0.999, 3.0902323061678135}, Point{0.9999, 3.7190164854556806},
                          Point{0.025, -1.9599639845400542}, Point{0.001, -3.0902323061678135}, Point{1e-10, -6.3613409024040562},
                          Point{1e-300, -37.047096299361199}}) {
        INFO("p = " << c.p);
        CHECK(miss(normal_quantile(c.p), c.x, kNormalQuantile * std::max(1.0, std::abs(c.x)) + decimal_p_rounding(c.p, c.x)) == "");
    }
    // At p exactly representable (1 - 2^-k, 2^-k) the tolerance has no rounding of p to absorb: 1e-15 relative, out to
    // 1 - 2^-52 (the largest double below 1 but one) and 2^-1000. Exact quantiles from 50-digit arithmetic.
    for (const Point c : {Point{1 - 0x1p-5, 1.8627318674216515}, Point{1 - 0x1p-10, 3.0972690781987845},
                          Point{1 - 0x1p-20, 4.763001034267814}, Point{1 - 0x1p-30, 6.0093535655307439},
                          Point{1 - 0x1p-40, 7.0477002566644087}, Point{1 - 0x1p-52, 8.1258906647019069},
                          Point{0.5 + 0x1p-7, 0.01958428523012692}, Point{0x1p-3, -1.1503493803760082},
                          Point{0x1p-100, -11.484540434973038}, Point{0x1p-1000, -37.111011937164791}}) {
        INFO("p = " << c.p);
        CHECK(miss(normal_quantile(c.p), c.x, kNormalQuantile * std::max(1.0, std::abs(c.x))) == "");
    }
    // A&S table 26.1, P(x) to its 15 decimals.
    for (const Point c : {Point{0.0, 0.5}, Point{1.0, 0.841344746068543}, Point{2.0, 0.977249868051821}, Point{3.0, 0.998650101968370}}) {
        INFO("x = " << c.p);
        CHECK(miss(normal_cdf(c.p), c.x, kTableHalfUnit) == "");
    }
    // The lower tail Phi(-x) = 1 - Phi(x) (A&S 26.2.5), to 17 digits (40-digit arithmetic), where erfc keeps its
    // relative precision; 1 + erf(x / sqrt 2) would lose it.
    for (const Point c : {Point{-1.0, 0.15865525393145705}, Point{-3.0, 0.0013498980316300945}, Point{-6.0, 9.865876450376981e-10},
                          Point{-20.0, 2.7536241186062337e-89}}) {
        INFO("x = " << c.p);
        CHECK(miss(normal_cdf(c.p), c.x, normal_cdf_relative(c.p) * std::abs(c.x)) == "");
    }
}

TEST_CASE("truncated normal quantiles: closed forms, and increasing in u on either side of the mean", "[known-answers][distributions]") {
    // Truncated to [lo, hi], the CDF is (Phi((x - mean)/sd) - Phi(alpha)) / (Phi(beta) - Phi(alpha)), with
    // alpha = (lo - mean)/sd and beta = (hi - mean)/sd, so the u-quantile is
    // mean + sd Phi^{-1}(Phi(alpha) + u (Phi(beta) - Phi(alpha))) (Johnson, Kotz & Balakrishnan 1994, Continuous
    // Univariate Distributions 1, ch. 13). References computed from that formula with 40-digit arithmetic.
    // Half-normal (truncated at the mean): the median is the probable error Phi^{-1}(3/4).
    CHECK(miss(truncated_normal_quantile(0.5, 0.0, 1.0, 0.0, 40.0), 0.6744897501960817, kNormalQuantile) == "");
    CHECK(miss(truncated_normal_quantile(0.9, 0.0, 1.0, 0.0, 40.0), 1.6448536269514727, 2 * kNormalQuantile) == "");
    CHECK(miss(truncated_normal_quantile(0.5, 10.0, 2.0, 10.0, 90.0), 10.0 + 2.0 * 0.6744897501960817, 10 * kNormalQuantile) == "");
    // Symmetric interval: the median is the mean.
    CHECK(miss(truncated_normal_quantile(0.5, 0.0, 1.0, -1.0, 1.0), 0.0, kNormalQuantile) == "");
    CHECK(miss(truncated_normal_quantile(0.75, 0.0, 1.0, -1.0, 1.0), 0.44177054668658129, kNormalQuantile) == "");
    // An interval above the mean (computed by reflection): [1, 40] and [1, 3].
    CHECK(miss(truncated_normal_quantile(0.25, 0.0, 1.0, 1.0, 40.0), 1.1800435838958325, 2 * kNormalQuantile) == "");
    CHECK(miss(truncated_normal_quantile(0.75, 0.0, 1.0, 1.0, 40.0), 1.7546007273774613, 2 * kNormalQuantile) == "");
    CHECK(miss(truncated_normal_quantile(0.5, 0.0, 1.0, 1.0, 3.0), 1.4050542332391104, 2 * kNormalQuantile) == "");
    // A quantile function is increasing in u, whichever side of the mean the interval lies on.
    for (const double lo : {-3.0, -0.5, 0.0, 0.5, 2.0}) {
        double previous = lo;
        for (int k = 1; k < 20; ++k) {
            const double x = truncated_normal_quantile(k / 20.0, 0.0, 1.0, lo, lo + 1.5);
            INFO("lo = " << lo << ", u = " << k / 20.0);
            CHECK(x > previous);
            previous = x;
        }
    }
}

TEST_CASE("the incomplete beta function matches its closed forms", "[known-answers][distributions]") {
    // NIST DLMF section 8.17 (https://dlmf.nist.gov/8.17): I_x(a, 1) = x^a and I_x(1, b) = 1 - (1 - x)^b from the
    // definition (8.17(i)); I_{1/2}(a, a) = 1/2 from the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) (8.17.4); the binomial
    // sum I_x(m, n - m + 1) = sum_{j=m}^{n} C(n, j) x^j (1 - x)^(n - j) (8.17.5), of which I_x(2, 2) = 3x^2 - 2x^3 is a
    // case; the arcsine law I_x(1/2, 1/2) = (2/pi) asin(sqrt x), and with the recurrence
    // I_x(a + 1, b) = I_x(a, b) - x^a (1 - x)^b / (a B(a, b)) (8.17(iv)), I_x(3/2, 1/2) = (2/pi) (asin(sqrt x) - sqrt(x (1 - x))).
    // The references are evaluated here in double precision from these closed forms (a few ulps).
    for (const double x : {1e-6, 0.01, 0.1, 0.25, 0.5, 0.7, 0.9, 0.999}) {
        INFO("x = " << x);
        for (const double a : {0.01, 0.5, 1.0, 2.5, 7.0, 30.0}) {
            INFO("a = " << a);
            CHECK(miss(incomplete_beta(a, 1.0, x), std::pow(x, a), incomplete_beta_tolerance(a, 1.0, x)) == "");
            CHECK(miss(incomplete_beta(1.0, a, x), -std::expm1(a * std::log1p(-x)), incomplete_beta_tolerance(1.0, a, x)) == "");
        }
        CHECK(miss(incomplete_beta(2.0, 2.0, x), 3 * x * x - 2 * x * x * x, incomplete_beta_tolerance(2.0, 2.0, x)) == "");
        const double arcsine = 2.0 / std::numbers::pi * std::asin(std::sqrt(x));
        CHECK(miss(incomplete_beta(0.5, 0.5, x), arcsine, incomplete_beta_tolerance(0.5, 0.5, x)) == "");
        CHECK(miss(incomplete_beta(1.5, 0.5, x), arcsine - 2.0 / std::numbers::pi * std::sqrt(x * (1 - x)), incomplete_beta_tolerance(1.5, 0.5, x)) == "");
        for (const int n : {3, 9, 20, 59}) {
            for (int m = 1; m <= n; m += 2) {
                double sum = 0.0, binomial = 1.0;  // binomial = C(n, j), built up from C(n, 0)
                for (int j = 0; j <= n; ++j) {
                    if (j >= m) sum += binomial * std::pow(x, j) * std::pow(1 - x, n - j);
                    binomial = binomial * (n - j) / (j + 1);
                }
                INFO("n = " << n << ", m = " << m);
                CHECK(miss(incomplete_beta(m, n - m + 1, x), sum, incomplete_beta_tolerance(m, n - m + 1, x)) == "");
            }
        }
    }
    for (const double a : {0.001, 0.3, 1.0, 4.0, 50.0, 1000.0}) {
        INFO("a = b = " << a);
        CHECK(miss(incomplete_beta(a, a, 0.5), 0.5, incomplete_beta_tolerance(a, a, 0.5)) == "");
    }
}

TEST_CASE("beta and triangular quantiles invert their closed-form CDFs", "[known-answers][distributions]") {
    // Beta: inverses of the closed forms above, x = u^(1/a) for Beta(a, 1), 1 - (1 - u)^(1/b) for Beta(1, b),
    // sin^2(pi u / 2) for Beta(1/2, 1/2), 1/2 for the median of Beta(a, a).
    for (const double u : {0.001, 0.1, 0.3, 0.5, 0.8, 0.999}) {
        INFO("u = " << u);
        for (const double a : {0.5, 2.0, 9.0}) {
            INFO("a = " << a);
            CHECK(miss(beta_quantile(u, a, 1.0), std::pow(u, 1.0 / a), kBetaQuantile) == "");
            CHECK(miss(beta_quantile(u, 1.0, a), -std::expm1(std::log1p(-u) / a), kBetaQuantile) == "");
        }
        const double s = std::sin(std::numbers::pi * u / 2.0);
        CHECK(miss(beta_quantile(u, 0.5, 0.5), s * s, kBetaQuantile) == "");
    }
    for (const double a : {0.7, 3.0, 40.0}) CHECK(miss(beta_quantile(0.5, a, a), 0.5, kBetaQuantile) == "");
    // Beta(2, 3): I_0.4(2, 3) = 0.5248 exactly (binomial sum), so its 0.5248-quantile is 0.4.
    CHECK(miss(beta_quantile(0.5248, 2.0, 3.0), 0.4, kBetaQuantile) == "");

    // Triangular(min, mode, max): F(x) = (x - min)^2 / ((max - min)(mode - min)) up to the mode, so
    // Q(u) = min + sqrt(u (max - min)(mode - min)) for u < F(mode) = (mode - min)/(max - min), and
    // max - sqrt((1 - u)(max - min)(max - mode)) above (Kotz & van Dorp 2004, Beyond Beta, ch. 1).
    struct Case {
        double u, min, mode, max, x;
    };
    for (const Case c : {Case{0.5, 0, 0.5, 1, 0.5}, Case{0.125, 0, 0.5, 1, 0.25}, Case{0.875, 0, 0.5, 1, 0.75},
                         Case{1.0 / 3.0, 1, 2, 4, 2}, Case{0.75, 1, 2, 4, 4 - std::sqrt(1.5)}, Case{0.25, 0, 0, 1, 1 - std::sqrt(0.75)},
                         Case{0.25, 0, 1, 1, 0.5}, Case{0.04, -10, 10, 10, -6}}) {
        INFO("u = " << c.u << ", triangular(" << c.min << ", " << c.mode << ", " << c.max << ")");
        CHECK(miss(triangular_quantile(c.u, c.min, c.mode, c.max), c.x, kClosedFormRelative * std::max(1.0, std::abs(c.x))) == "");
    }

    // The dispatcher: a uniform is min + u (max - min); a beta is scaled from [0, 1] to [lo, hi].
    Distribution uniform;
    uniform.kind = Distribution::Kind::uniform;
    uniform.a = 2.0;
    uniform.b = 6.0;
    CHECK(quantile(uniform, 0.25) == 3.0);
    Distribution beta;
    beta.kind = Distribution::Kind::beta;
    beta.a = 2.0;
    beta.b = 1.0;
    beta.lo = 10.0;
    beta.hi = 20.0;
    CHECK(miss(quantile(beta, 0.25), 15.0, 10 * kBetaQuantile) == "");
}

TEST_CASE("the first gamma, normal and Dirichlet draws of keyed streams are pinned", "[known-answers][distributions]") {
    // Box–Muller normals from stream (1, 2, 3).
    RandomStream normals(1, 2, 3);
    for (const double expected : {0.82668621281407495, -0.36172361334998648, 1.3905758071787981})
        CHECK(miss(standard_normal(normals), expected, kDrawRelative * std::abs(expected)) == "");
    // Marsaglia–Tsang gamma draws, three per shape, each shape from a fresh stream (42, 5, weights of agent 1);
    // shape 0.5 takes the U^(1/a) boost.
    struct Shape {
        double shape;
        double first[3];
    };
    for (const Shape s : {Shape{0.5, {0.0076652875683528889, 0.090301331969110596, 0.00031637644759885988}},
                          Shape{1.0, {1.7065625798624944, 0.59960219271934145, 0.022747391112252296}},
                          Shape{2.5, {3.7825409265369472, 0.20831220852061255, 0.32156224776551529}},
                          Shape{30.0, {34.851528592718559, 18.448714406608129, 19.727177879787192}}}) {
        RandomStream stream(42, 5, purpose(Purpose::weights, 1));
        for (const double expected : s.first) {
            INFO("shape " << s.shape);
            CHECK(miss(gamma(stream, s.shape), expected, kDrawRelative * std::abs(expected)) == "");
        }
    }
    // Dirichlet(concentration * mean), two draws in a row from stream (42, 5, weights of agent 2): a zero mean stays
    // exactly 0, the proportions sum to 1, and a tiny concentration puts almost all mass on one component.
    RandomStream stream(42, 5, purpose(Purpose::weights, 2));
    const double mean[4] = {0.5, 0.3, 0.0, 0.2};
    const double draws[2][4] = {{0.3782918164454705, 0.33530990465587013, 0.0, 0.28639827889865949},
                                {4.4787996864826387e-06, 2.0070977168186293e-20, 0.0, 0.99999552120031354}};
    const double concentration[2] = {20.0, 0.05};
    for (int d = 0; d < 2; ++d) {
        double out[4];
        dirichlet(stream, mean, 4, concentration[d], out);
        CHECK(out[2] == 0.0);
        CHECK(miss(out[0] + out[1] + out[2] + out[3], 1.0, 4 * kClosedFormRelative) == "");
        for (int k = 0; k < 4; ++k) {
            INFO("draw " << d << ", component " << k);
            CHECK(miss(out[k], draws[d][k], kDrawRelative * std::abs(draws[d][k])) == "");
        }
    }
}
