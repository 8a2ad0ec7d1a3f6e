// SHA-256 per FIPS 180-4. The round constants are derived exactly (integer roots of the first primes) rather than
// typed in, so a typo cannot hide in a table; the test suite checks the standard test vectors.
#include "analysis/sha256.hpp"

#include <array>
#include <cstdint>

namespace negsim {

namespace {

__extension__ typedef unsigned __int128 u128;

// floor(n^(1/root)) for root 2 or 3, by bisection on exact 128-bit powers.
std::uint64_t integer_root(u128 n, int root) {
    std::uint64_t lo = 0, hi = std::uint64_t{1} << 43;
    while (lo < hi) {
        const std::uint64_t mid = lo + (hi - lo + 1) / 2;
        u128 power = mid;
        for (int i = 1; i < root; ++i) power *= mid;
        if (power <= n) lo = mid; else hi = mid - 1;
    }
    return lo;
}

struct Constants {
    std::array<std::uint32_t, 64> k{};  // first 32 bits of the fractional parts of the cube roots of the first 64 primes
    std::array<std::uint32_t, 8> h{};   // ... of the square roots of the first 8 primes
};

Constants make_constants() {
    Constants c;
    int found = 0;
    for (std::uint64_t n = 2; found < 64; ++n) {
        bool prime = true;
        for (std::uint64_t d = 2; d * d <= n; ++d) prime = prime && n % d != 0;
        if (!prime) continue;
        c.k[static_cast<std::size_t>(found)] = static_cast<std::uint32_t>(integer_root(static_cast<u128>(n) << 96, 3));
        if (found < 8) c.h[static_cast<std::size_t>(found)] = static_cast<std::uint32_t>(integer_root(static_cast<u128>(n) << 64, 2));
        ++found;
    }
    return c;
}

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    static const Constants c = make_constants();
    std::array<std::uint32_t, 8> h = c.h;

    std::string message(bytes);
    const std::uint64_t bit_length = static_cast<std::uint64_t>(bytes.size()) * 8;
    message.push_back(static_cast<char>(0x80));
    while (message.size() % 64 != 56) message.push_back('\0');
    for (int i = 7; i >= 0; --i) message.push_back(static_cast<char>((bit_length >> (8 * i)) & 0xff));

    for (std::size_t block = 0; block < message.size(); block += 64) {
        std::array<std::uint32_t, 64> w{};
        for (std::size_t t = 0; t < 16; ++t)
            for (std::size_t b = 0; b < 4; ++b)
                w[t] = (w[t] << 8) | static_cast<unsigned char>(message[block + 4 * t + b]);
        for (std::size_t t = 16; t < 64; ++t) {
            const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        auto [a, b, cc, d, e, f, g, hh] = h;
        for (std::size_t t = 0; t < 64; ++t) {
            const std::uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + c.k[t] + w[t];
            const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & cc) ^ (b & cc));
            hh = g; g = f; f = e; e = d + t1; d = cc; cc = b; b = a; a = t1 + t2;
        }
        const std::array<std::uint32_t, 8> add{a, b, cc, d, e, f, g, hh};
        for (std::size_t i = 0; i < 8; ++i) h[i] += add[i];
    }

    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (std::uint32_t word : h)
        for (int shift = 28; shift >= 0; shift -= 4) out.push_back(hex[(word >> shift) & 0xf]);
    return out;
}

}  // namespace negsim
