// Progress on stderr: on a terminal a bar with an ETA; otherwise (pipes, logs, CI) a line every few seconds, once the
// run is expected to take more than a minute (shorter runs stay silent).
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace negsim {

class ProgressBar {
public:
    ProgressBar();
    // `note` follows the ETA (a sweep's points done and its rate).
    void update(std::uint64_t done, std::uint64_t total, std::string_view note = {});
    void finish();

private:
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace negsim
