// Implementation of the fixed-algorithm distributions in distributions.hpp.
#include "random/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace negsim {

double standard_normal(RandomStream& rng) {
    const double u1 = rng.uniform();
    const double u2 = rng.uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

double normal_quantile(double p) {
    // Upper half by symmetry, Phi^{-1}(p) = -Phi^{-1}(1 - p): 1 - p is exact there (Sterbenz), and the Halley step
    // below needs Phi(x) - p in the lower tail, where Phi keeps its relative precision (near 1 it cannot resolve p).
    if (p > 0.5) return -normal_quantile(1.0 - p);
    // P. J. Acklam (2003), "An algorithm for computing the inverse normal cumulative distribution function".
    constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                            6.680131188771972e+01, -1.328068155288572e+01};
    constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                            3.754408661907416e+00};
    constexpr double p_low = 0.02425;  // Acklam's lower tail region; p <= 0.5 here
    double x;
    if (p < p_low) {
        const double q = std::sqrt(-2.0 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    }
    // One Halley step against the exact CDF brings the relative error from 1e-9 to machine precision.
    const double e = normal_cdf(x) - p;
    const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
    return x - u / (1.0 + 0.5 * x * u);
}

double truncated_normal(RandomStream& rng, double mean, double sd, double lo, double hi) {
    return truncated_normal_quantile(rng.uniform(), mean, sd, lo, hi);
}

double truncated_normal_quantile(double u, double mean, double sd, double lo, double hi) {
    double alpha = (lo - mean) / sd;
    double beta = (hi - mean) / sd;
    const bool reflect = alpha > 0.0;  // work in the lower tail, where Phi keeps its relative precision
    if (reflect) {
        const double t = alpha;
        alpha = -beta;
        beta = -t;
    }
    // The u-quantile of the original is the (1 - u)-quantile of its mirror image, so that the function stays
    // increasing in u (a Gaussian copula relies on it to keep the sign of a correlation).
    const double v = reflect ? 1.0 - u : u;
    const double p_lo = normal_cdf(alpha);
    const double p_hi = normal_cdf(beta);
    double z;
    if (p_hi - p_lo < 1e-12) {
        z = alpha + v * (beta - alpha);  // interval too narrow for the CDF to resolve: the density is flat on it
    } else {
        z = normal_quantile(p_lo + v * (p_hi - p_lo));
        z = std::fmin(std::fmax(z, alpha), beta);
    }
    if (reflect) z = -z;
    return std::fmin(std::fmax(mean + sd * z, lo), hi);
}

double incomplete_beta(double a, double b, double x) {
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    // The continued fraction converges fast for x < (a + 1) / (a + b + 2); otherwise use I_x(a, b) = 1 - I_{1-x}(b, a).
    if (x > (a + 1.0) / (a + b + 2.0)) return 1.0 - incomplete_beta(b, a, 1.0 - x);
    const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x)) / a;
    constexpr double kTiny = 1e-300;
    double f = 1.0, c = 1.0, d = 0.0;
    for (int m = 0; m <= 500; ++m) {
        // Terms d_{2m} and d_{2m+1} of the continued fraction 1 / (1 + d_1 / (1 + d_2 / (1 + ...))).
        for (int half = 0; half < 2; ++half) {
            double numerator;
            if (m == 0 && half == 0) numerator = 1.0;
            else if (half == 0) numerator = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
            else numerator = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
            d = 1.0 + numerator * d;
            d = 1.0 / (std::abs(d) < kTiny ? kTiny : d);
            c = 1.0 + numerator / c;
            if (std::abs(c) < kTiny) c = kTiny;
            const double delta = c * d;
            f *= delta;
            if (std::abs(delta - 1.0) < 1e-15) return front * (f - 1.0);
        }
    }
    return front * (f - 1.0);
}

double beta_quantile(double u, double a, double b) {
    double lo = 0.0, hi = 1.0;
    for (int iteration = 0; iteration < 100 && hi - lo > 1e-15; ++iteration) {
        const double mid = 0.5 * (lo + hi);
        (incomplete_beta(a, b, mid) < u ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

double triangular_quantile(double u, double min, double mode, double max) {
    const double width = max - min;
    if (width <= 0.0) return min;
    const double f_mode = (mode - min) / width;
    return u < f_mode ? min + std::sqrt(u * width * (mode - min)) : max - std::sqrt((1.0 - u) * width * (max - mode));
}

double quantile(const Distribution& d, double u) {
    switch (d.kind) {
        case Distribution::Kind::fixed: return d.lo;  // not drawn: callers use the nominal value
        case Distribution::Kind::uniform: return d.a + u * (d.b - d.a);
        case Distribution::Kind::normal: return truncated_normal_quantile(u, d.a, d.b, d.lo, d.hi);
        case Distribution::Kind::beta: return d.lo + (d.hi - d.lo) * beta_quantile(u, d.a, d.b);
        case Distribution::Kind::triangular: return triangular_quantile(u, d.a, d.b, d.c);
    }
    return d.lo;
}

double centre(const Distribution& d) {
    switch (d.kind) {
        case Distribution::Kind::fixed: return d.lo;
        case Distribution::Kind::uniform: return 0.5 * (d.a + d.b);
        case Distribution::Kind::normal: return d.a;
        case Distribution::Kind::beta: return d.lo + (d.hi - d.lo) * d.a / (d.a + d.b);
        case Distribution::Kind::triangular: return d.b;
    }
    return d.lo;
}

double cdf(const Distribution& d, double x) {
    switch (d.kind) {
        case Distribution::Kind::fixed: return x >= d.lo ? 1.0 : 0.0;  // not drawn: no caller asks
        case Distribution::Kind::uniform: {
            if (d.b <= d.a) return x >= d.a ? 1.0 : 0.0;
            return std::fmin(std::fmax((x - d.a) / (d.b - d.a), 0.0), 1.0);
        }
        case Distribution::Kind::normal: {
            if (x <= d.lo) return 0.0;
            if (x >= d.hi) return 1.0;
            const double p_lo = normal_cdf((d.lo - d.a) / d.b), p_hi = normal_cdf((d.hi - d.a) / d.b);
            if (p_hi - p_lo < 1e-12) return (x - d.lo) / (d.hi - d.lo);  // as the quantile: flat on a narrow interval
            return std::fmin(std::fmax((normal_cdf((x - d.a) / d.b) - p_lo) / (p_hi - p_lo), 0.0), 1.0);
        }
        case Distribution::Kind::beta: {
            if (x <= d.lo) return 0.0;
            if (x >= d.hi) return 1.0;
            return incomplete_beta(d.a, d.b, (x - d.lo) / (d.hi - d.lo));
        }
        case Distribution::Kind::triangular: {
            const double min = d.a, mode = d.b, max = d.c;
            if (x <= min) return 0.0;
            if (x >= max) return 1.0;
            if (x < mode) return (x - min) * (x - min) / ((max - min) * (mode - min));
            return 1.0 - (max - x) * (max - x) / ((max - min) * (max - mode));
        }
    }
    return 0.0;
}

namespace {

// log of a Gamma(shape, 1) draw, for shape >= 1 (Marsaglia & Tsang 2000).
double log_gamma_draw_large(RandomStream& rng, double shape) {
    const double d = shape - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        const double x = standard_normal(rng);
        double v = 1.0 + c * x;
        if (v <= 0.0) continue;
        v = v * v * v;
        const double u = rng.uniform();
        if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return std::log(d * v);
    }
}

// log of a Gamma(shape, 1) draw for any shape > 0. Working in logs keeps tiny shapes (whose draws underflow a
// double, as in a Dirichlet with a small concentration) exact enough to normalise.
double log_gamma_draw(RandomStream& rng, double shape) {
    if (shape >= 1.0) return log_gamma_draw_large(rng, shape);
    return log_gamma_draw_large(rng, shape + 1.0) + std::log(rng.uniform()) / shape;
}

}  // namespace

double gamma(RandomStream& rng, double shape) { return std::exp(log_gamma_draw(rng, shape)); }

void dirichlet(RandomStream& rng, const double* mean, std::size_t n, double concentration, double* out) {
    // Normalise Gamma draws in log space: out_k = exp(g_k - max g) / sum exp(g_j - max g).
    double largest = -std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < n; ++k) {
        // A floor on the shape keeps log(U) / shape finite when concentration * mean underflows.
        out[k] = mean[k] > 0.0 ? log_gamma_draw(rng, std::max(concentration * mean[k], 1e-12)) : -std::numeric_limits<double>::infinity();
        largest = std::max(largest, out[k]);
    }
    double total = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
        out[k] = std::exp(out[k] - largest);
        total += out[k];
    }
    for (std::size_t k = 0; k < n; ++k) out[k] /= total;
}

}  // namespace negsim
