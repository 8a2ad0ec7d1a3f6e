// Terminal progress bar.
#include "cli/progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace negsim {

ProgressBar::ProgressBar() : enabled_(::isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

namespace {

// A non-terminal gets a line every kLineEvery, and only when the run looks longer than kLongRun (elapsed / fraction
// done): a log of a short run stays as it was, and a long one shows it is alive often enough to tell from a hang.
constexpr auto kLineEvery = std::chrono::seconds(5);
constexpr double kLongRun = 60.0;

}  // namespace

void ProgressBar::update(std::uint64_t done, std::uint64_t total, std::string_view note) {
    if (total == 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (!enabled_) {
        if (done >= total || now - last_draw_ < kLineEvery) return;
        last_draw_ = now;
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        const double fraction = static_cast<double>(done) / static_cast<double>(total);
        if (fraction <= 0.0 || elapsed / fraction < kLongRun) return;
        std::fprintf(stderr, "negsim: %llu of %llu done (%.0f%%), %.0f s, about %.0f s left%s%.*s\n", static_cast<unsigned long long>(done),
                     static_cast<unsigned long long>(total), 100.0 * fraction, elapsed, elapsed * (1.0 - fraction) / fraction, note.empty() ? "" : "; ",
                     static_cast<int>(note.size()), note.data());
        return;
    }
    if (done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double fraction = static_cast<double>(done) / static_cast<double>(total);
    const double eta = fraction > 0.0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
    bar[kWidth] = '\0';
    std::fprintf(stderr, "\r[%s] %3.0f%%  %llu/%llu  ETA %.0fs  %.*s  ", bar, 100.0 * fraction, static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total), eta, static_cast<int>(note.size()), note.data());
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressBar::finish() {
    if (drawn_) std::fprintf(stderr, "\r%*s\r", 110, "");
    drawn_ = false;
}

}  // namespace negsim
