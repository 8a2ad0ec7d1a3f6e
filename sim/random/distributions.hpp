// Continuous distributions drawn from a RandomStream with algorithms fixed here (never std::*_distribution, whose
// algorithms differ between standard libraries), so that a seed gives the same numbers on every platform.
#pragma once

#include "random/random_stream.hpp"
#include "model/scenario.hpp"

#include <cstddef>

namespace negsim {

// Standard normal, Box–Muller transform (Box & Muller 1958), one value per two uniforms.
[[nodiscard]] double standard_normal(RandomStream& rng);

// Inverse of the standard normal CDF: Acklam's rational approximation refined by one Halley step, computed in the
// lower half (the upper half by symmetry); within 2.3e-16 * max(1, |x|) of the exact quantile over (0, 1)
// (tests/test_known_answers.cpp).
[[nodiscard]] double normal_quantile(double p);

// Standard normal CDF, Phi(z) = erfc(-z / sqrt 2) / 2.
[[nodiscard]] double normal_cdf(double z);

// Normal(mean, sd) truncated to [lo, hi] by inversion of the CDF over [Phi(alpha), Phi(beta)], using the lower tail
// for accuracy (the interval is reflected when it lies above the mean; the quantile is increasing in u either way).
// Needs lo <= hi and sd > 0.
[[nodiscard]] double truncated_normal(RandomStream& rng, double mean, double sd, double lo, double hi);
[[nodiscard]] double truncated_normal_quantile(double u, double mean, double sd, double lo, double hi);

// Regularised incomplete beta function I_x(a, b), by its continued fraction (modified Lentz method; Press et al.,
// Numerical Recipes, 3rd ed., section 6.4), and its inverse in x by bisection.
[[nodiscard]] double incomplete_beta(double a, double b, double x);
[[nodiscard]] double beta_quantile(double u, double a, double b);

// Triangular(min, mode, max) by its closed-form inverse CDF.
[[nodiscard]] double triangular_quantile(double u, double min, double mode, double max);

// The u-quantile of a scenario distribution (every kind but `fixed`); u in (0, 1). Drawing a parameter is
// quantile(d, U) with U from its own stream, or Phi(y) from a Gaussian copula when it is correlated.
[[nodiscard]] double quantile(const Distribution& d, double u);

// The value a scenario distribution is centred on, as its author states it: the midpoint of a uniform, the mean of a
// normal (before truncation), the mean of a beta on its interval, the mode of a triangular; `fixed`: its lo.
[[nodiscard]] double centre(const Distribution& d);

// P(X <= x) for a draw X of a scenario distribution (every kind but `fixed`): the inverse of quantile() above, so that
// quantile(d, cdf(d, x)) = x within the quantile's accuracy on the support. Beliefs (engine/beliefs.hpp) truncate it.
[[nodiscard]] double cdf(const Distribution& d, double x);

// Gamma(shape, 1): Marsaglia & Tsang (2000), "A simple method for generating gamma variables", with the
// Gamma(a) = Gamma(a + 1) * U^(1/a) boost for shape < 1.
[[nodiscard]] double gamma(RandomStream& rng, double shape);

// Dirichlet(concentration * mean): writes n proportions that sum to 1 into out. Components whose mean is 0 stay 0.
// E[out_k] = mean_k; Var[out_k] = mean_k (1 - mean_k) / (concentration + 1).
void dirichlet(RandomStream& rng, const double* mean, std::size_t n, double concentration, double* out);

}  // namespace negsim
